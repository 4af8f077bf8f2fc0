// TickSchedule: one clock for the ticks of every Subscribe stream.
//
// The lesson's handler makes a time.Ticker per stream. Go's runtime keeps
// all its timers in a few heaps and wakes goroutines cheaply; a
// grpc::Alarm per stream per tick costs far more here (a timer armed and
// destroyed, a hop from gRPC's timer thread to its executor, then the
// write). So the server keeps one schedule: a heap of the streams' next
// ticks and one thread that sleeps until the earliest is due, then ticks
// every stream that is due by then, one after another, on that thread.
//
// Ticks on one grid. A stream's first tick is one tick after it
// subscribed, rounded up to the next whole kGrain of the clock (OnGrid), and
// each later tick one tick after the one before, as with Go's ticker. So
// with a tick that is a whole number of grains (any tick of whole
// milliseconds), the streams' ticks fall on a few shared moments, and one
// wake-up ticks every stream due at that moment: at a 10 ms tick, 10
// wake-ups per tick whatever the number of screens. docs/lesson-map.md says
// why this is still the lesson's per-stream ticker.
//
// What it promises
// - Each Arm(t, due) is answered by exactly one t->OnTick(fired): with
//   fired == true on the schedule's thread, never before `due`; or with
//   fired == false once Cancel(t) took it off the heap, or when the
//   schedule stops. The same contract as a grpc::Alarm, so a reactor holds
//   a reference per Arm (reactor_lifetime.h).
// - Cancel never blocks on a tick and never calls OnTick itself: a
//   cancelled tick is answered from the schedule's thread, at once. If the
//   tick was already taken off the heap to fire, Cancel does nothing and
//   OnTick(true) comes as it would have: the stream must check its own
//   state there (is it still waiting for a tick?).
// - OnTick runs with no lock of the schedule held, so it may call Arm and
//   Cancel.
// - Ticks due at the same moment fire in the order they were armed.
// - Stop() (also the destructor) answers every armed tick with
//   fired == false and joins the thread; it returns once no OnTick is
//   running. Arm must not be called after Stop (StreamingServer stops the
//   schedule only once gRPC has finished every call, so nothing can).
//
// What it does not promise
// - A busy thread fires late. A stream's next tick is still on its own
//   grid (the stream computes `due`), so lateness never shifts later
//   ticks, and a tick missed while a write was in flight is dropped by the
//   stream, not sent in a burst.
// - The times are the wall clock's (a tick's time becomes the event's
//   created_at, as the lesson's `t` does): if the clock is set back, ticks
//   wait for it to catch up; set forward, the ticks passed fire at once
//   (once each: the stream drops those it missed).
// - One thread fires every tick: what OnTick does must be short (the
//   reactor serialises one event and starts its write, which gRPC hands to
//   the transport without waiting for the client).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

#include "core/util/mutex.h"

namespace brew {

class TickSchedule {
 public:
  using Clock = std::chrono::system_clock;  // a tick's time becomes created_at

  static constexpr std::chrono::milliseconds kGrain{1};

  // `t` rounded up to a whole kGrain: where a stream's first tick goes.
  static Clock::time_point OnGrid(Clock::time_point t);

  // A stream that ticks. heap_index_ belongs to the schedule (read and
  // written only under its lock).
  class Ticker {
   public:
    virtual void OnTick(bool fired) = 0;

   protected:
    Ticker() = default;
    ~Ticker() = default;

   private:
    friend class TickSchedule;
    static constexpr size_t kNotArmed = SIZE_MAX;
    size_t heap_index_ = kNotArmed;  // where its tick is in heap_, if it is there
  };

  TickSchedule();   // starts the thread
  ~TickSchedule();  // Stop()
  TickSchedule(const TickSchedule&) = delete;
  TickSchedule& operator=(const TickSchedule&) = delete;

  // Ticks `t` once at `due`. `t` must not be armed already.
  void Arm(Ticker* t, Clock::time_point due);
  // Takes `t`'s tick off the heap, if it is still there (see above).
  void Cancel(Ticker* t);
  void Stop();

 private:
  // An armed tick. The heap keeps its keys by value, so ordering it reads
  // no stream.
  struct Armed {
    Clock::time_point due;
    uint64_t seq;  // ties at the same moment fire in arming order
    Ticker* ticker;
  };
  static bool Earlier(const Armed& a, const Armed& b) {
    return a.due != b.due ? a.due < b.due : a.seq < b.seq;
  }

  void Run();
  void SetLocked(size_t i, const Armed& armed) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SiftUpLocked(size_t i) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void SiftDownLocked(size_t i) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  Ticker* RemoveLocked(size_t i) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Mutex mu_;
  CondVar wake_;  // an earlier tick was armed, a tick was cancelled, or Stop
  std::vector<Armed> heap_ ABSL_GUARDED_BY(mu_);         // a min-heap (Earlier)
  std::vector<Ticker*> cancelled_ ABSL_GUARDED_BY(mu_);  // to answer with fired == false
  uint64_t next_seq_ ABSL_GUARDED_BY(mu_) = 0;
  // When the thread wakes up by itself (max() if it sleeps until told).
  Clock::time_point wake_at_ ABSL_GUARDED_BY(mu_) = Clock::time_point::max();
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // started last, in the constructor
};

}  // namespace brew
