#include "core/client/ack_window.h"

namespace brew {

// Waiters use Await: absl::Mutex checks their conditions again whenever it
// is released, so no condition variable is needed.
void AckWindow::Acked() {
  absl::MutexLock lock(&mu_);
  ++acked_;
}

void AckWindow::StreamEnded() {
  absl::MutexLock lock(&mu_);
  ended_ = true;
}

bool AckWindow::WaitForAcks(int n, std::chrono::system_clock::time_point deadline) {
  struct Done {
    const AckWindow* window;
    int n;
    bool operator()() const ABSL_NO_THREAD_SAFETY_ANALYSIS {  // run by Await, under mu_
      return window->acked_ >= n || window->ended_;
    }
  } done{this, n};
  absl::MutexLock lock(&mu_);
  if (deadline == std::chrono::system_clock::time_point::max()) {
    mu_.Await(absl::Condition(&done));  // a call without a deadline: its end (or cancel) wakes us
  } else {
    mu_.AwaitWithDeadline(absl::Condition(&done), absl::FromChrono(deadline));
  }
  return acked_ >= n;
}

}  // namespace brew
