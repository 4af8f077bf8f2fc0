#include "core/client/call_control.h"

namespace brew {

void CallControl::Cancel() {
  absl::MutexLock lock(&mu_);
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
}

void CallControl::CloseSend() {
  absl::MutexLock lock(&mu_);
  close_send_ = true;
}

bool CallControl::cancelled() const {
  absl::MutexLock lock(&mu_);
  return cancelled_;
}

void CallControl::Attach(grpc::ClientContext* ctx, const ClientObserver* observer) {
  absl::MutexLock lock(&mu_);
  ctx_ = ctx;
  observer_ = observer;
  if (cancelled_) ctx_->TryCancel();
}

void CallControl::Detach() {
  absl::MutexLock lock(&mu_);
  ctx_ = nullptr;
  observer_ = nullptr;
}

bool CallControl::SleepFor(Duration d) { return SleepUntil(std::chrono::steady_clock::now() + d); }

bool CallControl::SleepUntil(std::chrono::steady_clock::time_point t) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(&cancelled_),
                       absl::FromChrono(t - std::chrono::steady_clock::now()));
  return !cancelled_;
}

bool CallControl::WaitForCloseSend(std::chrono::system_clock::time_point deadline) {
  // A call without a deadline has time_point::max(); keep the wait finite.
  const auto cap = std::chrono::system_clock::now() + std::chrono::hours(24);
  if (deadline > cap) deadline = cap;
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithDeadline(absl::Condition(this, &CallControl::CloseSendOrEndLocked),
                        absl::FromChrono(deadline));
  return close_send_ && !cancelled_ && !call_ended_;
}

void CallControl::CallEnded() {
  absl::MutexLock lock(&mu_);
  call_ended_ = true;
}

}  // namespace brew
