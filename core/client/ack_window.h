// AckWindow: application-level backpressure for a Chat sender.
//
// The lesson's backpressure section: the transport slows a sender only once
// its windows are full, tens of kilobytes too late for a receiver that is
// slow for business reasons. The application-level fix is acknowledgements:
// the receiver answers each message it has processed, and the sender does
// not push the next batch until the previous batch is acknowledged.
//
// Our Chat server answers each ping with one echo, in order, once it has
// handled it, so an echo is the acknowledgement of one ping. The reader
// thread calls Acked() per echo and StreamEnded() when the stream is over;
// the sending thread calls WaitForAcks(n) before each new batch.
//
// Guarantees: WaitForAcks returns as soon as n acks have arrived (true), or
// when the stream has ended or `deadline` has passed (false), whichever is
// first; it never waits past `deadline` (pass the call's deadline: a call
// without one ends by a cancel, which ends the stream). Thread-safe.
#pragma once

#include <chrono>

#include "core/util/mutex.h"

namespace brew {

class AckWindow {
 public:
  void Acked();
  void StreamEnded();

  bool WaitForAcks(int n, std::chrono::system_clock::time_point deadline);

 private:
  Mutex mu_;
  CondVar cv_;  // Acked() or StreamEnded()
  int acked_ ABSL_GUARDED_BY(mu_) = 0;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace brew
