#include "core/timeline/timeline.h"

#include <iterator>

namespace brew {

Timeline::Timeline() : Timeline(std::chrono::steady_clock::now()) {}

Timeline::Timeline(std::chrono::steady_clock::time_point start) : start_(start) {}

double Timeline::MillisSinceStart(std::chrono::steady_clock::time_point t) const {
  return std::chrono::duration<double, std::milli>(t - start_).count();
}

ClientObserver Timeline::ObserverFor(const std::string& stream_id) {
  return [this, stream_id](const ClientEvent& ev) {
    TimelineEvent event;
    event.time = ev.time;
    event.source = "client";
    event.stream = stream_id;
    event.kind = EventKindName(ev.kind);
    event.n = ev.n;
    event.text = ev.text;
    if (ev.kind == ClientEventKind::kDone) event.status = StatusCodeName(ev.code);
    event.client = ev;
    Record(std::move(event));
  };
}

LogSink Timeline::ServerLogSink() {
  return [this](const LogRecord& record) {
    TimelineEvent event;
    event.time = record.mono_time;
    event.source = "server";
    event.kind = "log";
    event.text = record.FormatBody();
    event.level = std::string(LevelName(record.level));
    Record(std::move(event));
  };
}

// Events arrive nearly in time order (each thread stamps just before it
// records), so the insertion point is found by walking back from the end:
// the list stays sorted at almost no cost.
void Timeline::Record(TimelineEvent event) {
  event.t_ms = MillisSinceStart(event.time);
  {
    std::lock_guard<std::mutex> lock(mu_);
    event.seq = next_seq_++;
    auto pos = events_.end();
    while (pos != events_.begin() && std::prev(pos)->time > event.time) --pos;
    pos = events_.insert(pos, std::move(event));
    if (listener_) listener_(*pos);
  }
  cv_.notify_all();
}

void Timeline::SetListener(std::function<void(const TimelineEvent&)> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listener_ = std::move(listener);
}

std::vector<TimelineEvent> Timeline::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

bool Timeline::WaitUntil(const std::function<bool(const std::vector<TimelineEvent>&)>& done,
                         std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  while (!done(events_)) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return done(events_);
  }
  return true;
}

void Timeline::Wake() { cv_.notify_all(); }

}  // namespace brew
