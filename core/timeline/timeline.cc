#include "core/timeline/timeline.h"

#include <algorithm>
#include <iterator>

namespace brew {
namespace {

constexpr size_t kInitialCapacity = 256;

// The names events take, made once each (making a Name looks it up).
const Name& ClientSource() {
  static const Name source("client");
  return source;
}

const Name& ServerSource() {
  static const Name source("server");
  return source;
}

const Name& LogKind() {
  static const Name kind("log");
  return kind;
}

const Name& KindName(ClientEventKind kind) {
  static const Name names[] = {
      Name(EventKindName(ClientEventKind::kStart)), Name(EventKindName(ClientEventKind::kSend)),
      Name(EventKindName(ClientEventKind::kRecv)), Name(EventKindName(ClientEventKind::kCancel)),
      Name(EventKindName(ClientEventKind::kDone))};
  static const Name unknown("?");
  const auto i = static_cast<size_t>(kind);
  return i < std::size(names) ? names[i] : unknown;
}

const Name& LevelNameOf(LogLevel level) {
  static const Name names[] = {Name(LevelName(LogLevel::kDebug)), Name(LevelName(LogLevel::kInfo)),
                               Name(LevelName(LogLevel::kWarn)), Name(LevelName(LogLevel::kError))};
  static const Name unknown("?");
  const auto i = static_cast<size_t>(level);
  return i < std::size(names) ? names[i] : unknown;
}

}  // namespace

Timeline::Timeline() : Timeline(std::chrono::steady_clock::now()) {}

Timeline::Timeline(std::chrono::steady_clock::time_point start) : start_(start) {}

double Timeline::MillisSinceStart(std::chrono::steady_clock::time_point t) const {
  return std::chrono::duration<double, std::milli>(t - start_).count();
}

// Recording is on the path of every send and receive (bench/stream_bench.cc
// measures what it costs), so each event is built once, in its place.
// Events arrive nearly in time order (each thread stamps just before it
// records), so the insertion point is found by walking back from the end:
// the list stays sorted at almost no cost.
template <typename Fill>
void Timeline::Emplace(std::chrono::steady_clock::time_point time, std::string_view text,
                       Fill&& fill) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto pos = events_.end();
    while (pos != events_.begin() && std::prev(pos)->time > time) --pos;
    // Grown 4x, not 2x: a third of the moves on the way to N events. The
    // room not yet used costs address space only (a large block is mapped,
    // and its pages are touched as events fill it).
    if (events_.size() == events_.capacity()) {
      const size_t at = static_cast<size_t>(pos - events_.begin());
      events_.reserve(std::max<size_t>(kInitialCapacity, 4 * events_.capacity()));
      pos = events_.begin() + static_cast<std::ptrdiff_t>(at);
    }
    TimelineEvent& event = pos == events_.end() ? events_.emplace_back(text, &text_arena_)
                                                : *events_.emplace(pos, text, &text_arena_);
    event.time = time;
    event.t_ms = MillisSinceStart(time);
    event.seq = next_seq_++;
    fill(event);
    if (listener_) listener_(event);
    if (waiters_ == 0 || woken_) return;  // no one to wake, or woken already
    woken_ = true;
  }
  cv_.notify_all();
}

ClientObserver Timeline::ObserverFor(const std::string& stream_id) {
  return [this, stream = Name(stream_id)](const ClientEvent& ev) {
    Emplace(ev.time, ev.text, [&](TimelineEvent& event) {
      event.source = ClientSource();
      event.stream = stream;
      event.kind = KindName(ev.kind);
      event.n = ev.n;
      if (ev.kind == ClientEventKind::kDone) event.status = Name(StatusCodeName(ev.code));
      event.client_kind = ev.kind;
      event.client_code = ev.code;
    });
  };
}

LogSink Timeline::ServerLogSink() {
  return [this](const LogRecord& record) {
    const std::string body = record.FormatBody();  // formatted outside the lock
    Emplace(record.mono_time, body, [&](TimelineEvent& event) {
      event.source = ServerSource();
      event.kind = LogKind();
      event.level = LevelNameOf(record.level);
    });
  };
}

void Timeline::Record(TimelineEvent event) {
  // The text is copied into the arena by the assignment.
  Emplace(event.time, {}, [&](TimelineEvent& slot) {
    const long seq = slot.seq;
    const double t_ms = slot.t_ms;
    slot = std::move(event);
    slot.seq = seq;
    slot.t_ms = t_ms;
  });
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
  ++waiters_;
  bool held = false;
  for (;;) {
    woken_ = false;
    const auto checked_at = std::chrono::steady_clock::now();
    if (done(events_)) {
      held = true;
      break;
    }
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) {
      held = done(events_);
      break;
    }
    // Paced: events recorded from here on are seen by the next check, and
    // while woken_ stays set they do not wake this thread again.
    const auto next_check = std::min(checked_at + kRecheckEvery, deadline);
    while (std::chrono::steady_clock::now() < next_check) cv_.wait_until(lock, next_check);
  }
  --waiters_;
  return held;
}

void Timeline::Wake() {
  // Taking the lock first: a waiter between its check and its wait would
  // otherwise miss this wake-up.
  { std::lock_guard<std::mutex> lock(mu_); }
  cv_.notify_all();
}

}  // namespace brew
