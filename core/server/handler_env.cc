#include "core/server/handler_env.h"

namespace brew {

void LiveHandlers::Add() {
  std::lock_guard<std::mutex> lock(mu_);
  ++live_;
}

void LiveHandlers::Done() {
  std::lock_guard<std::mutex> lock(mu_);
  if (--live_ == 0) cv_.notify_all();
}

bool LiveHandlers::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_until(lock, deadline, [this] { return live_ == 0; });
}

}  // namespace brew
