#include "core/timeline/pending_events.h"

#include <cassert>
#include <utility>

namespace brew {

bool PendingEvents::Append(const Name& stream, const ClientEvent& ev) {
  std::lock_guard<std::mutex> lock(mu_);
  const bool first = pending_.empty();
  pending_.entries_.push_back(
      {ev.time, stream, ev.kind, ev.code, ev.n, pending_.texts_.size(), ev.text.size()});
  pending_.texts_ += ev.text;
  return first;
}

// Only the first entry of a batch wakes the builder (a wake-up per batch,
// not per event); the builder then lets the batch gather.
void PendingEvents::WakeBuilder() { cv_.notify_one(); }

void PendingEvents::TakeInto(Batch* batch) {
  assert(batch->empty());
  std::lock_guard<std::mutex> lock(mu_);
  std::swap(pending_.entries_, batch->entries_);
  std::swap(pending_.texts_, batch->texts_);
}

bool PendingEvents::WaitForBatch(std::chrono::steady_clock::duration gather) {
  std::unique_lock<std::mutex> lock(mu_);
  // No deadline on the first wait: an idle timeline's builder sleeps until
  // there is work, and Stop() (the Timeline's destructor) always ends it.
  cv_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
  cv_.wait_for(lock, gather, [this] { return stopping_; });
  return !stopping_;
}

void PendingEvents::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
}

}  // namespace brew
