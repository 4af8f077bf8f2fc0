// Subscribe (server-stream): the barista screen's feed of new orders.
//
// The lesson's Go handler is a loop with a select on two cases: on a tick,
// send an event; on stream.Context().Done(), log "client gone" and return.
// With the C++ callback API the loop becomes events on a reactor:
//
//   tick alarm fires   -> StartWrite(event)           (the `case t := <-ticker.C`)
//   OnWriteDone(ok)    -> count it, stop at the limit or arm the next tick
//   OnCancel()         -> log "client gone", finish   (the `case <-ctx.Done()`),
//                         after the write in flight, if there is one
//
// OnCancel is gRPC telling us the client cancelled, hit its deadline or
// disconnected: it comes at once, so the handler ends promptly even with a
// long tick, not at the next send. One write is in flight at a time; all
// state is guarded by mu_ and the `...Locked` helpers expect it held.
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <memory>
#include <mutex>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: wire_message.h says why.
class SubscribeReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                               private ReactorLifetime {
 public:
  SubscribeReactor(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer& request,
                   HandlerEnv& env);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override {
    env_.live.Done();
    Unref();
  }

 private:
  void OnTick(bool fired);
  void ArmTickLocked();
  void EndEarlyLocked();
  void EndLocked(const grpc::Status& status);

  grpc::CallbackServerContext* const ctx_;
  HandlerEnv& env_;
  orders::v1::SubscribeRequest request_;  // set once, in the constructor

  std::mutex mu_;
  std::unique_ptr<grpc::Alarm> tick_alarm_;
  std::chrono::system_clock::time_point next_tick_;
  grpc::ByteBuffer event_;  // the OrderEvent being written
  int32_t sent_ = 0;
  bool write_in_flight_ = false;
  bool cancelled_ = false;  // OnCancel ran
  bool ending_ = false;     // Finish is called
};

}  // namespace brew
