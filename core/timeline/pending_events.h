// PendingEvents: client events as their threads record them, before a
// Timeline builds them into TimelineEvents.
//
// A client reports an event on the path of every send and receive, so
// recording one should cost its thread as little as possible and touch as
// little memory as possible. Here it costs a lock, a copy of the event's
// few fields into a compact entry, and a copy of its text to the end of
// one string. The Timeline takes what is pending in batches (TakeInto, a
// swap: the two sides keep trading the same two buffers, so the recording
// threads write to memory that stays small and warm) and builds the events
// from a batch on its own thread, away from the stream being recorded.
//
// Guarantees:
//   - Entries come out in the order they went in, none lost, none twice.
//   - Thread-safe: Append from any thread, TakeInto and the builder's
//     calls from any other.
//   - WaitForBatch() blocks while nothing is pending, and returns false
//     once Stop() has been called (promptly, if it is blocked).
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/event/client_event.h"
#include "core/timeline/name.h"
#include "core/util/mutex.h"

namespace brew {

class PendingEvents {
 public:
  // A client event as recorded: its text is kept in the Batch.
  struct Entry {
    std::chrono::steady_clock::time_point time;
    Name stream;
    EventKind kind;
    StatusCode code;
    int n;
    size_t text_at;  // where its text is in the batch's texts
    size_t text_size;
  };

  // Entries taken out together, with their texts.
  class Batch {
   public:
    const std::vector<Entry>& entries() const { return entries_; }
    std::string_view TextOf(const Entry& entry) const {
      return std::string_view(texts_).substr(entry.text_at, entry.text_size);
    }
    bool empty() const { return entries_.empty(); }
    // Empties the batch, keeping its room for the next time round.
    void Clear() {
      entries_.clear();
      texts_.clear();
    }

   private:
    friend class PendingEvents;
    std::vector<Entry> entries_;
    std::string texts_;  // the entries' texts, one after another
  };

  // Records `ev` of stream `stream` (copying its text). Returns whether it
  // is the first of a batch (the log was empty): then, unless the caller
  // takes the batch itself, WakeBuilder().
  bool Append(const Name& stream, const ClientEvent& ev);
  void WakeBuilder();

  // Moves every pending entry into `batch`, which must be empty; the log
  // goes on with the room `batch` had.
  void TakeInto(Batch* batch);

  // For the thread that builds: blocks until woken with an entry pending,
  // then for `gather` more so that a batch gathers (true), or until Stop()
  // is called (false, at once).
  bool WaitForBatch(std::chrono::steady_clock::duration gather);
  void Stop();

 private:
  brew::Mutex mu_;
  brew::CondVar cv_;  // WakeBuilder() or Stop()
  Batch pending_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace brew
