#include "core/client/call_control.h"

namespace brew {

void CallControl::Cancel() {
  MutexLock lock(&mu_);
  if (cancelled_) return;
  cancelled_ = true;
  if (ctx_ != nullptr) {
    if (observer_ != nullptr && *observer_) {
      ClientEvent ev;
      ev.kind = EventKind::kCancel;
      ev.time = std::chrono::steady_clock::now();
      (*observer_)(ev);
    }
    ctx_->TryCancel();
  }
  cv_.SignalAll();
}

void CallControl::CloseSend() {
  MutexLock lock(&mu_);
  close_send_ = true;
  cv_.SignalAll();
}

bool CallControl::cancelled() const {
  MutexLock lock(&mu_);
  return cancelled_;
}

void CallControl::Attach(grpc::ClientContext* ctx, const ClientObserver* observer) {
  MutexLock lock(&mu_);
  ctx_ = ctx;
  observer_ = observer;
  if (cancelled_) ctx_->TryCancel();
}

void CallControl::Detach() {
  MutexLock lock(&mu_);
  ctx_ = nullptr;
  observer_ = nullptr;
}

bool CallControl::SleepFor(Duration d) { return SleepUntil(std::chrono::steady_clock::now() + d); }

bool CallControl::SleepUntil(std::chrono::steady_clock::time_point t) {
  MutexLock lock(&mu_);
  cv_.AwaitUntil(&mu_, t, [this] {
    mu_.AssertHeld();  // runs inside AwaitUntil, under mu_
    return cancelled_;
  });
  return !cancelled_;
}

bool CallControl::WaitForCloseSend(std::chrono::system_clock::time_point deadline) {
  // A call without a deadline has time_point::max(); keep the wait finite.
  const auto cap = std::chrono::system_clock::now() + std::chrono::hours(24);
  if (deadline > cap) deadline = cap;
  MutexLock lock(&mu_);
  cv_.AwaitUntil(&mu_, deadline, [this] {
    mu_.AssertHeld();  // runs inside AwaitUntil, under mu_
    return cancelled_ || close_send_ || call_ended_;
  });
  return close_send_ && !cancelled_ && !call_ended_;
}

void CallControl::CallEnded() {
  MutexLock lock(&mu_);
  call_ended_ = true;
  cv_.SignalAll();
}

}  // namespace brew
