// Keeps a callback reactor alive until nothing can call into it any more.
//
// The route_guide examples end a reactor with `OnDone() { delete this; }`.
// Our reactors also arm grpc::Alarm timers (the tick, the echo delay), whose
// callbacks may still be on their way when gRPC calls OnDone: a cancelled
// alarm fires its callback with `false`, later, on another thread. So a
// reactor holds one reference for the RPC (dropped in OnDone) and one per
// armed alarm (dropped when its callback has run), and deletes itself when
// the last one goes.
#pragma once

#include <atomic>

namespace brew {

class ReactorLifetime {
 public:
  ReactorLifetime() = default;
  ReactorLifetime(const ReactorLifetime&) = delete;
  ReactorLifetime& operator=(const ReactorLifetime&) = delete;

 protected:
  virtual ~ReactorLifetime() = default;

  void Ref() { refs_.fetch_add(1, std::memory_order_relaxed); }
  void Unref() {
    if (refs_.fetch_sub(1, std::memory_order_acq_rel) == 1) delete this;
  }

 private:
  std::atomic<int> refs_{1};  // the RPC's own reference
};

}  // namespace brew
