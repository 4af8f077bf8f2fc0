// Timeline: what happened in one run, client and server, on one clock.
//
// Client functions report ClientEvents (start, send, recv, cancel, done, close_send) and
// the server's logger reports LogRecords; both carry a steady_clock time.
// A Timeline turns each into a TimelineEvent with `t_ms` measured from the
// timeline's start, keeps them in time order, and lets a waiter block until
// a condition on the events holds (with a deadline, always).
//
// Thread-safe: the observers it hands out may be called from any thread.
//
// Recording a client event is on the path of every send and receive, so
// the recording thread does as little as it can: it appends the event to a
// compact pending log (PendingEvents) and goes on. The Timeline's builder
// thread turns what is pending into TimelineEvents about once per
// kBuildEvery, on its own (where there is more than one CPU; see the
// constructor); anyone who reads the events (Events(), a waiter's check)
// or records a server line builds what is pending first, so every reader
// sees every event recorded before it read. This is the split of a tracer
// that records raw entries and formats them away from the traced code: the
// stream being recorded pays for the append only (docs/performance.md,
// bench/stream_bench.cc BM_Upload).
//
// Building allocates nothing per event from the heap: an event's names are
// interned (Name), and the texts of a Timeline's own events live in one
// arena (a std::pmr resource) that goes with the Timeline. A copy of an
// event (Events(), a waiter's or listener's copy) owns its text on the
// heap, like any string, and may outlive the Timeline.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory_resource>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/event/client_event.h"
#include "core/timeline/name.h"
#include "core/timeline/pending_events.h"
#include "core/util/logger.h"
#include "core/util/mutex.h"

namespace brew {

struct TimelineEvent {
  TimelineEvent() = default;
  // An event with `text`, allocated from `text_memory`.
  TimelineEvent(std::string_view text, std::pmr::memory_resource* text_memory)
      : text(text, text_memory) {}

  double t_ms = 0;  // from the timeline's start
  std::chrono::steady_clock::time_point time;
  Name source;            // "client" or "server"
  Name stream;            // client events: the stream's id
  Name kind;              // EventKindName(*event), or "log" (the JSON's "kind")
  int n = 0;              // send/recv: 1-based count in its stream
  std::pmr::string text;  // message, log body, or status message
  Name status;            // done: status name ("OK", "CANCELLED")
  Name level;             // log: "INFO", "WARN", ...
  // Client events: which event (unset for a log line), and how a `done`
  // ended; AsClientEvent() gives the event back as the client reported it.
  std::optional<EventKind> event;
  StatusCode code = StatusCode::kOk;
  long seq = 0;  // arrival order, breaks ties in time

  // Makes this a client event of `kind`: sets `event` and `kind` together.
  void SetEvent(EventKind kind);

  // Client events: the event as the client function reported it.
  ClientEvent AsClientEvent() const {
    ClientEvent ev;
    ev.kind = event.value_or(EventKind::kStart);
    ev.time = time;
    ev.n = n;
    ev.text = text;
    ev.code = code;
    return ev;
  }
};

class Timeline {
 public:
  static constexpr std::chrono::milliseconds kRecheckEvery{1};
  // How long the builder lets recorded client events gather before it
  // builds them.
  static constexpr std::chrono::milliseconds kBuildEvery{1};

  Timeline();
  explicit Timeline(std::chrono::steady_clock::time_point start);
  // Stops and joins the builder thread, if there is one.
  ~Timeline();
  Timeline(const Timeline&) = delete;
  Timeline& operator=(const Timeline&) = delete;

  std::chrono::steady_clock::time_point start() const { return start_; }

  // An observer that records the events of client stream `stream_id`.
  ClientObserver ObserverFor(const std::string& stream_id);
  // A log sink that records the server's lines (source "server").
  LogSink ServerLogSink();

  void Record(TimelineEvent event);

  // Called with each event as it is built, in recording order (under the
  // timeline's lock: keep it quick, and do not call back into the Timeline):
  // a client's send or receive within about kBuildEvery of being recorded
  // (by the builder; with one CPU, at the next read or other event), and
  // every other event -- a start, cancel or end, a server line -- as it is
  // recorded, after the events recorded before it.
  void SetListener(std::function<void(const TimelineEvent&)> listener);

  // All events so far, sorted by time (ties in arrival order). Not const:
  // it builds what is pending first.
  std::vector<TimelineEvent> Events();

  // Blocks until `done(events)` holds or `deadline` passes; returns whether
  // it held. `done` sees the events in time order and is re-checked after
  // new events (and when Wake() is called), at most once per
  // kRecheckEvery: `done` looks at every event, under the timeline's lock,
  // so checking after each of a stream's thousands of messages would cost
  // time quadratic in their number and hold up the threads that record
  // them. So a condition is seen to hold within about kRecheckEvery of
  // the event that makes it true. `done` must not call back into the
  // Timeline.
  bool WaitUntil(const std::function<bool(const std::vector<TimelineEvent>&)>& done,
                 std::chrono::steady_clock::time_point deadline);
  // Re-checks every waiter's condition (e.g. after an outside change).
  void Wake();

  double MillisSinceStart(std::chrono::steady_clock::time_point t) const;

 private:
  // The observers' part: appends `ev` to the pending log.
  void RecordClientEvent(const Name& stream, const ClientEvent& ev);
  // Records an event at `time` with `text` (after what is pending): `fill`
  // sets its other fields in place, under the lock.
  template <typename Fill>
  void Emplace(std::chrono::steady_clock::time_point time, std::string_view text, Fill&& fill);
  // Builds every pending client event into events_, in recording order.
  void BuildPendingLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // Puts an event in its place in events_ (by time; ties in arrival
  // order), lets `fill` set its fields, and hands it to the listener.
  template <typename Fill>
  void InsertLocked(std::chrono::steady_clock::time_point time, std::string_view text, Fill&& fill)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  // After an event is recorded: whether the waiters need waking (once per
  // check, not once per event).
  bool ShouldWakeWaiters();
  // The builder thread's loop.
  void BuildWhilePending();
  // Waits on cv_ until woken or `until`; true when `until` came first.
  bool WaitLocked(std::chrono::steady_clock::time_point until) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const std::chrono::steady_clock::time_point start_;
  // Client events recorded and not built yet (its own lock: recording
  // threads take only that one).
  PendingEvents pending_;
  std::atomic<bool> has_listener_{false};
  // Threads in WaitUntil: recording wakes them only. woken_ is set when a
  // recording woke them, cleared when they check: one wake-up per check.
  std::atomic<int> waiters_{0};
  std::atomic<bool> woken_{false};

  // Guards everything below.
  brew::Mutex mu_;
  // The events' texts (declared before events_, so it outlives them).
  std::pmr::monotonic_buffer_resource text_arena_ ABSL_GUARDED_BY(mu_);
  brew::CondVar cv_;
  std::vector<TimelineEvent> events_ ABSL_GUARDED_BY(mu_);
  PendingEvents::Batch building_ ABSL_GUARDED_BY(mu_);  // taken from pending_, being built
  long next_seq_ ABSL_GUARDED_BY(mu_) = 0;
  std::function<void(const TimelineEvent&)> listener_ ABSL_GUARDED_BY(mu_);

  // Last: started when everything above is ready (not with one CPU).
  std::thread builder_;
};

}  // namespace brew
