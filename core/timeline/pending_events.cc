#include "core/timeline/pending_events.h"

#include <cassert>
#include <utility>

namespace brew {

bool PendingEvents::Append(const Name& stream, const ClientEvent& ev) {
  brew::MutexLock lock(&mu_);
  const bool first = pending_.empty();
  pending_.entries_.push_back(
      {ev.time, stream, ev.kind, ev.code, ev.n, pending_.texts_.size(), ev.text.size()});
  pending_.texts_ += ev.text;
  return first;
}

// Only the first entry of a batch wakes the builder (a wake-up per batch,
// not per event); the builder then lets the batch gather.
void PendingEvents::WakeBuilder() { cv_.Signal(); }

void PendingEvents::TakeInto(Batch* batch) {
  assert(batch->empty());
  brew::MutexLock lock(&mu_);
  std::swap(pending_.entries_, batch->entries_);
  std::swap(pending_.texts_, batch->texts_);
}

bool PendingEvents::WaitForBatch(std::chrono::steady_clock::duration gather) {
  brew::MutexLock lock(&mu_);
  // No deadline on the first wait: an idle timeline's builder sleeps until
  // there is work, and Stop() (the Timeline's destructor) always ends it.
  while (!stopping_ && pending_.empty()) cv_.Wait(&mu_);
  // Then `gather` for the batch to fill (only Stop() cuts it short).
  const auto until = std::chrono::steady_clock::now() + gather;
  while (!stopping_) {
    const auto left = until - std::chrono::steady_clock::now();
    if (left <= std::chrono::steady_clock::duration::zero() || cv_.WaitFor(&mu_, left)) {
      break;
    }
  }
  return !stopping_;
}

void PendingEvents::Stop() {
  {
    brew::MutexLock lock(&mu_);
    stopping_ = true;
  }
  cv_.SignalAll();
}

}  // namespace brew
