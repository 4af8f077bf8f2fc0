// ReactorLifetime: keeps a callback reactor alive until nothing can call
// into it any more.
//
// The route_guide examples end a reactor with `OnDone() { delete this; }`.
// Our reactors also arm grpc::Alarm timers (the echo delay, the read delay)
// and Subscribe's ticks (TickSchedule, which answers the same way), and an
// alarm's callback may run *after* gRPC has called OnDone: a cancelled
// alarm still runs its callback, with fired == false, later and on another
// thread. So a reactor holds one reference for the RPC (dropped in OnDone)
// and one per armed alarm or tick (dropped when its callback has run), and
// is deleted when the last one goes.
//
// Contract
// - The derived reactor calls Unref() exactly once, at the end of OnDone.
// - An alarm callback runs exactly once per SetAlarm, with fired == true
//   (the time came) or false (Cancel() or shutdown); it may run after
//   OnDone, so it must look only at the reactor's own state (under its
//   mutex) and at what outlives the reactor (HandlerEnv's contract), never
//   at the call (the ServerContext is gone after OnDone) unless its state
//   says the call is still open.
// - The destructor runs on whichever thread drops the last reference.
//
// The rule for operations, the same in all three reactors: a `...Locked`
// helper decides, under the reactor's mutex, which read or write starts
// next, marks it in flight and hands back its buffer; the caller calls
// StartRead/StartWrite only after letting go of the mutex. gRPC often
// completes an operation before StartRead/StartWrite returns, and its
// OnReadDone/OnWriteDone would then wait on one of gRPC's threads for our
// lock. (The health service's WatchReactor starts its writes under its
// lock; we do not, for that reason.) It is safe because an operation marked
// in flight holds the call open: Finish is never called while one is, so
// the reactor cannot reach OnDone before the operation is started. Finish
// itself is called under the mutex, by the one helper that decides the
// stream is over.
#pragma once

#include <grpcpp/alarm.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <utility>

namespace brew {

class ReactorLifetime {
 public:
  ReactorLifetime() = default;
  ReactorLifetime(const ReactorLifetime&) = delete;
  ReactorLifetime& operator=(const ReactorLifetime&) = delete;

 protected:
  virtual ~ReactorLifetime() = default;

  // Arms a fresh `alarm` to run `on_alarm(fired)` at `when` (fired is false
  // if the alarm was cancelled), holding a reference until it has run.
  // This is how a reactor waits (a tick, an echo delay, a read delay)
  // without blocking one of gRPC's threads the way Go's time.Sleep would.
  template <typename Callback>
  void SetAlarm(std::unique_ptr<grpc::Alarm>& alarm, std::chrono::system_clock::time_point when,
                Callback on_alarm) {
    Ref();
    alarm = std::make_unique<grpc::Alarm>();
    alarm->Set(when, [this, on_alarm = std::move(on_alarm)](bool fired) {
      on_alarm(fired);
      Unref();
    });
  }

  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<int> refs_{1};  // the RPC's own reference
};

}  // namespace brew
