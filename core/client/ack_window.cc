#include "core/client/ack_window.h"

namespace brew {

void AckWindow::Acked() {
  MutexLock lock(&mu_);
  ++acked_;
  cv_.SignalAll();
}

void AckWindow::StreamEnded() {
  MutexLock lock(&mu_);
  ended_ = true;
  cv_.SignalAll();
}

bool AckWindow::WaitForAcks(int n, std::chrono::system_clock::time_point deadline) {
  MutexLock lock(&mu_);
  const auto done = [&] {
    mu_.AssertHeld();  // the lambda runs inside Await, under mu_
    return acked_ >= n || ended_;
  };
  if (deadline == std::chrono::system_clock::time_point::max()) {
    cv_.Await(&mu_, done);  // a call without a deadline: its end (or cancel) wakes us
  } else {
    cv_.AwaitUntil(&mu_, deadline, done);
  }
  return acked_ >= n;
}

}  // namespace brew
