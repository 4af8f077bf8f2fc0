#include "core/client/ack_window.h"

namespace brew {

void AckWindow::Acked() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ++acked_;
  }
  cv_.notify_all();
}

void AckWindow::StreamEnded() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
  }
  cv_.notify_all();
}

bool AckWindow::WaitForAcks(int n, std::chrono::system_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  const auto done = [&] { return acked_ >= n || ended_; };
  if (deadline == std::chrono::system_clock::time_point::max()) {
    cv_.wait(lock, done);  // a call without a deadline: its end (or cancel) wakes us
  } else {
    cv_.wait_until(lock, deadline, done);
  }
  return acked_ >= n;
}

}  // namespace brew
