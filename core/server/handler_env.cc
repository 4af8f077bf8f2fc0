#include "core/server/handler_env.h"

namespace brew {

void LiveHandlers::Add() {
  MutexLock lock(&mu_);
  ++live_;
}

void LiveHandlers::Done() {
  MutexLock lock(&mu_);
  if (--live_ == 0) idle_.SignalAll();
}

bool LiveHandlers::WaitIdle(std::chrono::steady_clock::time_point deadline) {
  MutexLock lock(&mu_);
  return idle_.AwaitUntil(&mu_, deadline, [this] {
    mu_.AssertHeld();  // runs inside AwaitUntil, under mu_
    return live_ == 0;
  });
}

}  // namespace brew
