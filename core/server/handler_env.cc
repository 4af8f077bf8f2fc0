#include "core/server/handler_env.h"

namespace brew {

void LiveHandlers::Add() {
  absl::MutexLock lock(&mu_);
  ++live_;
}

void LiveHandlers::Done() {
  absl::MutexLock lock(&mu_);
  --live_;  // a waiter's condition is checked again as the lock is released
}

bool LiveHandlers::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  absl::MutexLock lock(&mu_);
  return mu_.AwaitWithTimeout(absl::Condition(this, &LiveHandlers::IdleLocked),
                              absl::FromChrono(deadline - std::chrono::steady_clock::now()));
}

}  // namespace brew
