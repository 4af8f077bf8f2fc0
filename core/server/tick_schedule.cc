#include "core/server/tick_schedule.h"

#include <utility>

namespace brew {

TickSchedule::Clock::time_point TickSchedule::OnGrid(Clock::time_point t) {
  constexpr Clock::duration grain = kGrain;
  const Clock::duration since = t.time_since_epoch();
  return Clock::time_point((since + grain - Clock::duration(1)) / grain * grain);
}

TickSchedule::TickSchedule() : thread_([this] { Run(); }) {}

TickSchedule::~TickSchedule() { Stop(); }

void TickSchedule::Arm(Ticker* t, Clock::time_point due) {
  MutexLock lock(&mu_);
  heap_.push_back(Armed{due, next_seq_++, t});
  t->heap_index_ = heap_.size() - 1;
  SiftUpLocked(heap_.size() - 1);
  // Wake the thread only if it would sleep past this tick: with many
  // streams, the next tick is nearly always later than the earliest.
  if (due < wake_at_) wake_.Signal();
}

void TickSchedule::Cancel(Ticker* t) {
  MutexLock lock(&mu_);
  if (t->heap_index_ == Ticker::kNotArmed) return;  // firing already, or not armed
  cancelled_.push_back(RemoveLocked(t->heap_index_));
  wake_.Signal();
}

void TickSchedule::Stop() {
  {
    MutexLock lock(&mu_);
    stopping_ = true;
    wake_.Signal();
  }
  if (thread_.joinable()) thread_.join();
}

void TickSchedule::Run() {
  std::vector<Ticker*> due;        // reused: no allocation per wake-up once warm
  std::vector<Ticker*> cancelled;  // likewise
  mu_.Lock();
  while (true) {
    const Clock::time_point now = Clock::now();
    while (!heap_.empty() && heap_.front().due <= now) due.push_back(RemoveLocked(0));
    cancelled.swap(cancelled_);
    if (stopping_) {  // every tick still armed is answered, as cancelled
      while (!heap_.empty()) cancelled.push_back(RemoveLocked(heap_.size() - 1));
    }
    if (!due.empty() || !cancelled.empty()) {
      wake_at_ = now;  // awake: Arm need not signal
      mu_.Unlock();
      // Outside the lock: OnTick takes the stream's lock and may Arm again.
      for (Ticker* t : cancelled) t->OnTick(false);
      for (Ticker* t : due) t->OnTick(true);
      mu_.Lock();
      due.clear();
      cancelled.clear();
      continue;
    }
    if (stopping_) break;
    if (heap_.empty()) {
      wake_at_ = Clock::time_point::max();
      wake_.Wait(&mu_);
    } else {
      wake_at_ = heap_.front().due;
      wake_.WaitUntil(&mu_, wake_at_);
    }
  }
  mu_.Unlock();
}

void TickSchedule::SetLocked(size_t i, const Armed& armed) {
  heap_[i] = armed;
  armed.ticker->heap_index_ = i;
}

void TickSchedule::SiftUpLocked(size_t i) {
  const Armed moving = heap_[i];
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!Earlier(moving, heap_[parent])) break;
    SetLocked(i, heap_[parent]);
    i = parent;
  }
  SetLocked(i, moving);
}

void TickSchedule::SiftDownLocked(size_t i) {
  const Armed moving = heap_[i];
  const size_t n = heap_.size();
  while (true) {
    size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && Earlier(heap_[child + 1], heap_[child])) ++child;
    if (!Earlier(heap_[child], moving)) break;
    SetLocked(i, heap_[child]);
    i = child;
  }
  SetLocked(i, moving);
}

// Takes heap_[i] out, keeps the rest a heap, and returns its ticker (no
// longer armed).
TickSchedule::Ticker* TickSchedule::RemoveLocked(size_t i) {
  Ticker* t = heap_[i].ticker;
  const Armed last = heap_.back();
  heap_.pop_back();
  if (i < heap_.size()) {  // the last one fills the gap, then moves up or down
    SetLocked(i, last);
    if (i > 0 && Earlier(last, heap_[(i - 1) / 2])) {
      SiftUpLocked(i);
    } else {
      SiftDownLocked(i);
    }
  }
  t->heap_index_ = Ticker::kNotArmed;
  return t;
}

}  // namespace brew
