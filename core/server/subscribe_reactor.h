// Subscribe (server-stream): the barista screen's feed of new orders.
//
// The lesson's Go handler is a loop with a select on two cases: on a tick,
// send an event; on stream.Context().Done(), log "client gone" and return.
// With the C++ callback API the loop becomes events on a reactor:
//
//   tick alarm fires   -> StartWrite(event)           (the `case t := <-ticker.C`)
//   OnWriteDone(ok)    -> count it; the limit ends the stream, or arm the next tick
//   OnCancel()         -> log "client gone", finish   (the `case <-ctx.Done()`),
//                         after the write in flight, if there is one
//
// OnCancel is gRPC telling us the client cancelled, hit its deadline or
// disconnected: it comes at once, so the handler ends promptly even with a
// long tick, not at the next send. One write is in flight at a time.
//
// Locking: every member below mu_ is guarded by it, and the `...Locked`
// helpers need it held (clang checks both: core/util/mutex.h). The phase
// says what the reactor is waiting for; FinishIfDoneLocked is the one place
// that decides the stream is over.
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <memory>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "core/util/mutex.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: call_end.h says why.
class SubscribeReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                               private ReactorLifetime {
 public:
  SubscribeReactor(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer& request,
                   HandlerEnv& env);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override { Unref(); }

 private:
  enum class Phase {
    kWaitingForTick,  // the tick alarm is armed
    kWriting,         // one event is in flight
    kFinished,        // Finish is called
  };

  void OnTick(bool fired);
  void ArmTickLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool FinishIfDoneLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const ctx_;
  HandlerEnv& env_;
  const LiveHandlers::Handle live_{env_.live};
  orders::v1::SubscribeRequest request_;  // set once, in the constructor

  Mutex mu_;
  Phase phase_ ABSL_GUARDED_BY(mu_) = Phase::kWaitingForTick;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;  // OnCancel ran, or a write failed
  std::unique_ptr<grpc::Alarm> tick_alarm_ ABSL_GUARDED_BY(mu_);
  std::chrono::system_clock::time_point next_tick_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer event_ ABSL_GUARDED_BY(mu_);  // the OrderEvent being written
  int32_t sent_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace brew
