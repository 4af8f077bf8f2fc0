// Timeline: what happened in one run, client and server, on one clock.
//
// Client functions report ClientEvents (start, send, recv, cancel, done) and
// the server's logger reports LogRecords; both carry a steady_clock time.
// A Timeline turns each into a TimelineEvent with `t_ms` measured from the
// timeline's start, keeps them in time order, and lets a waiter block until
// a condition on the events holds (with a deadline, always).
//
// Thread-safe: the observers it hands out may be called from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "core/client/client_event.h"
#include "core/util/logger.h"

namespace brew {

struct TimelineEvent {
  double t_ms = 0;                   // from the timeline's start
  std::chrono::steady_clock::time_point time;
  std::string source;                // "client" or "server"
  std::string stream;                // client events: the stream's id
  std::string kind;                  // start|send|recv|cancel|done, or "log"
  int n = 0;                         // send/recv: 1-based count in its stream
  std::string text;                  // message, log body, or status message
  std::string status;                // done: status name ("OK", "CANCELLED")
  std::string level;                 // log: "INFO", "WARN", ...
  // Client events: what of the event as reported is not above (the text is
  // kept once, in `text`); AsClientEvent() gives the whole event back.
  ClientEventKind client_kind = ClientEventKind::kStart;
  grpc::StatusCode client_code = grpc::StatusCode::OK;
  long seq = 0;                      // arrival order, breaks ties in time

  // Client events: the event as the client function reported it.
  ClientEvent AsClientEvent() const {
    ClientEvent ev;
    ev.kind = client_kind;
    ev.time = time;
    ev.n = n;
    ev.text = text;
    ev.code = client_code;
    return ev;
  }
};

class Timeline {
 public:
  Timeline();
  explicit Timeline(std::chrono::steady_clock::time_point start);

  std::chrono::steady_clock::time_point start() const { return start_; }

  // An observer that records the events of client stream `stream_id`.
  ClientObserver ObserverFor(const std::string& stream_id);
  // A log sink that records the server's lines (source "server").
  LogSink ServerLogSink();

  void Record(TimelineEvent event);

  // Called with each event as it is recorded, in recording order (under the
  // timeline's lock: keep it quick, and do not call back into the Timeline).
  void SetListener(std::function<void(const TimelineEvent&)> listener);

  // All events so far, sorted by time (ties in arrival order).
  std::vector<TimelineEvent> Events() const;

  // Blocks until `done(events)` holds or `deadline` passes; returns whether
  // it held. `done` sees the events in time order and is re-checked after
  // every new event (and when Wake() is called). `done` runs under the
  // timeline's lock: it must not call back into the Timeline.
  bool WaitUntil(const std::function<bool(const std::vector<TimelineEvent>&)>& done,
                 std::chrono::steady_clock::time_point deadline);
  // Re-checks every waiter's condition (e.g. after an outside change).
  void Wake();

  double MillisSinceStart(std::chrono::steady_clock::time_point t) const;

 private:
  // Records an event at `time`: `fill` sets its other fields in place,
  // under the lock (no event is built twice or moved on the way in).
  template <typename Fill>
  void Emplace(std::chrono::steady_clock::time_point time, Fill&& fill);


  const std::chrono::steady_clock::time_point start_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<TimelineEvent> events_;
  long next_seq_ = 0;
  int waiters_ = 0;  // threads in WaitUntil: recording wakes them only
  std::function<void(const TimelineEvent&)> listener_;
};

}  // namespace brew
