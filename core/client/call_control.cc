#include "core/client/call_control.h"

namespace brew {

void CallControl::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  if (cancelled_) return;
  cancelled_ = true;
  if (ctx_ != nullptr) {
    if (observer_ != nullptr && *observer_) {
      ClientEvent ev;
      ev.kind = ClientEventKind::kCancel;
      ev.time = std::chrono::steady_clock::now();
      (*observer_)(ev);
    }
    ctx_->TryCancel();
  }
  cv_.notify_all();
}

void CallControl::CloseSend() {
  std::lock_guard<std::mutex> lock(mu_);
  close_send_ = true;
  cv_.notify_all();
}

bool CallControl::cancelled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_;
}

void CallControl::Attach(grpc::ClientContext* ctx, const ClientObserver* observer) {
  std::lock_guard<std::mutex> lock(mu_);
  ctx_ = ctx;
  observer_ = observer;
  if (cancelled_) ctx_->TryCancel();
}

void CallControl::Detach() {
  std::lock_guard<std::mutex> lock(mu_);
  ctx_ = nullptr;
  observer_ = nullptr;
}

bool CallControl::SleepFor(Duration d) { return SleepUntil(std::chrono::steady_clock::now() + d); }

bool CallControl::SleepUntil(std::chrono::steady_clock::time_point t) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, t, [this] { return cancelled_; });
  return !cancelled_;
}

bool CallControl::WaitForCloseSend(std::chrono::system_clock::time_point deadline) {
  // A call without a deadline has time_point::max(); keep the wait finite.
  const auto cap = std::chrono::system_clock::now() + std::chrono::hours(24);
  if (deadline > cap) deadline = cap;
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [this] { return cancelled_ || close_send_ || call_ended_; });
  return close_send_ && !cancelled_ && !call_ended_;
}

void CallControl::CallEnded() {
  std::lock_guard<std::mutex> lock(mu_);
  call_ended_ = true;
  cv_.notify_all();
}

}  // namespace brew
