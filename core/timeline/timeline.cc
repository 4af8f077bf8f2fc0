#include "core/timeline/timeline.h"

#include <sched.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <thread>

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

// Made once, from the one list of kinds (core/event/event_kind.h).
const Name& KindName(EventKind kind) {
  static const std::array<Name, kEventKindCount> names = [] {
    std::array<Name, kEventKindCount> out;
    for (EventKind k : kAllEventKinds) out[static_cast<size_t>(k)] = Name(EventKindName(k));
    return out;
  }();
  return names[static_cast<size_t>(kind)];
}

const Name& LevelNameOf(LogLevel level) {
  static const Name names[] = {Name(LevelName(LogLevel::kDebug)), Name(LevelName(LogLevel::kInfo)),
                               Name(LevelName(LogLevel::kWarn)), Name(LevelName(LogLevel::kError))};
  static const Name unknown("?");
  const auto i = static_cast<size_t>(level);
  return i < std::size(names) ? names[i] : unknown;
}

// The CPUs this thread may run on (threads it starts inherit them).
int CpusAvailable() {
  cpu_set_t cpus;
  if (sched_getaffinity(0, sizeof cpus, &cpus) == 0) return CPU_COUNT(&cpus);
  return static_cast<int>(std::thread::hardware_concurrency());
}

}  // namespace

void TimelineEvent::SetEvent(EventKind kind) {
  event = kind;
  this->kind = KindName(kind);
}

Timeline::Timeline() : Timeline(std::chrono::steady_clock::now()) {}

Timeline::Timeline(std::chrono::steady_clock::time_point start) : start_(start) {
  // The builder is there to use a CPU the recorded streams leave idle. With
  // one CPU there is none: it could only preempt the streams (about once a
  // kBuildEvery), so there readers build what is pending, when they read.
  if (CpusAvailable() > 1) builder_ = std::thread([this] { BuildWhilePending(); });
}

Timeline::~Timeline() {
  pending_.Stop();
  if (builder_.joinable()) builder_.join();
}

double Timeline::MillisSinceStart(std::chrono::steady_clock::time_point t) const {
  return std::chrono::duration<double, std::milli>(t - start_).count();
}

// The recording thread's part (see the header): an append to the pending
// log, and a wake-up for the waiters at most once per check of theirs.
void Timeline::RecordClientEvent(const Name& stream, const ClientEvent& ev) {
  const bool first_of_batch = pending_.Append(stream, ev);
  const bool message = ev.kind == EventKind::kSend || ev.kind == EventKind::kRecv;
  if (has_listener_ && !message) {
    brew::MutexLock lock(&mu_);
    BuildPendingLocked();  // a start, cancel or end: for the listener, now
  } else if (first_of_batch) {
    pending_.WakeBuilder();
  }
  if (ShouldWakeWaiters()) Wake();
}

bool Timeline::ShouldWakeWaiters() {
  // No one to wake, or woken already (the waiter clears woken_ as it checks).
  return waiters_ > 0 && !woken_.exchange(true);
}

void Timeline::BuildWhilePending() {
  // A batch is about kBuildEvery's events: one lock and one pass for them
  // all, not one per event.
  while (pending_.WaitForBatch(kBuildEvery)) {
    brew::MutexLock lock(&mu_);
    BuildPendingLocked();
  }
}

void Timeline::BuildPendingLocked() {
  pending_.TakeInto(&building_);
  for (const PendingEvents::Entry& entry : building_.entries()) {
    InsertLocked(entry.time, building_.TextOf(entry), [&](TimelineEvent& event) {
      event.source = ClientSource();
      event.stream = entry.stream;
      event.SetEvent(entry.kind);
      event.n = entry.n;
      if (entry.kind == EventKind::kDone) event.status = Name(StatusCodeName(entry.code));
      event.code = entry.code;
    });
  }
  building_.Clear();
}

template <typename Fill>
void Timeline::Emplace(std::chrono::steady_clock::time_point time, std::string_view text,
                       Fill&& fill) {
  {
    brew::MutexLock lock(&mu_);
    BuildPendingLocked();  // the client events recorded before this one first
    InsertLocked(time, text, fill);
    if (!ShouldWakeWaiters()) return;
  }
  cv_.SignalAll();
}

// Events arrive nearly in time order (each thread stamps just before it
// records), so the insertion point is found by walking back from the end:
// the list stays sorted at almost no cost.
template <typename Fill>
void Timeline::InsertLocked(std::chrono::steady_clock::time_point time, std::string_view text,
                            Fill&& fill) {
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
}

ClientObserver Timeline::ObserverFor(const std::string& stream_id) {
  return [this, stream = Name(stream_id)](const ClientEvent& ev) { RecordClientEvent(stream, ev); };
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
  brew::MutexLock lock(&mu_);
  BuildPendingLocked();  // the events recorded so far are not the new listener's
  listener_ = std::move(listener);
  has_listener_ = static_cast<bool>(listener_);
}

std::vector<TimelineEvent> Timeline::Events() {
  brew::MutexLock lock(&mu_);
  BuildPendingLocked();
  return events_;
}

bool Timeline::WaitUntil(const std::function<bool(const std::vector<TimelineEvent>&)>& done,
                         std::chrono::steady_clock::time_point deadline) {
  brew::MutexLock lock(&mu_);
  ++waiters_;
  bool held = false;
  for (;;) {
    // Cleared before building: an event recorded after the build wakes
    // this thread again.
    woken_ = false;
    const auto checked_at = std::chrono::steady_clock::now();
    BuildPendingLocked();
    if (done(events_)) {
      held = true;
      break;
    }
    if (WaitLocked(deadline)) {  // timed out
      BuildPendingLocked();
      held = done(events_);
      break;
    }
    // Paced: events recorded from here on are seen by the next check, and
    // while woken_ stays set they do not wake this thread again.
    const auto next_check = std::min(checked_at + kRecheckEvery, deadline);
    while (std::chrono::steady_clock::now() < next_check) WaitLocked(next_check);
  }
  --waiters_;
  return held;
}

bool Timeline::WaitLocked(std::chrono::steady_clock::time_point until) {
  const auto left = until - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) return true;
  return cv_.WaitFor(&mu_, left);
}

void Timeline::Wake() {
  // Taking the lock first: a waiter between its check and its wait would
  // otherwise miss this wake-up.
  { brew::MutexLock lock(&mu_); }
  cv_.SignalAll();
}

}  // namespace brew
