// Subscribe (server-stream): the barista screen's feed of new orders.
//
// The lesson's Go handler is a loop with a select on two cases: on a tick,
// send an event; on stream.Context().Done(), log "client gone" and return.
// With the C++ callback API the loop becomes events on a reactor:
//
//   the tick is due    -> StartWrite(event)           (the `case t := <-ticker.C`)
//   OnWriteDone(ok)    -> count it; the limit ends the stream, or arm the next tick
//   OnCancel()         -> log "client gone", finish   (the `case <-ctx.Done()`),
//                         after the write in flight, if there is one
//
// The ticks come from the server's one TickSchedule (tick_schedule.h), not
// from a timer per stream: each stream arms its next tick on its own grid.
//
// OnCancel is gRPC telling us the client cancelled, hit its deadline or
// disconnected: it comes at once, so the handler ends promptly even with a
// long tick, not at the next send. One write is in flight at a time.
//
// Not in the lesson: with an OrderFeed (streaming-server --orders-from
// kafka) the orders come from the feed instead of the tick. The stream joins
// the feed when it starts and leaves it in OnDone, and takes only orders
// created since it subscribed: none from before (no replay), even those the
// feed is still catching up on; the customer_id filter and the limit are the
// same. Orders that arrive while a write is in flight wait in a short queue;
// a screen so slow that the queue is full misses orders, as a stream that
// cannot keep up must.
//
// Locking: every member below mu_ is guarded by it, and the `...Locked`
// helpers need it held (clang checks both: core/util/mutex.h). The phase
// says what the reactor is waiting for; FinishIfDoneLocked is the one place
// that decides the stream is over. A helper that returns a ByteBuffer* has
// prepared the one write (PrepareWriteLocked): its caller starts it after
// letting go of mu_.
#pragma once

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>

#include "core/server/handler_env.h"
#include "core/server/order_feed.h"
#include "core/server/reactor_lifetime.h"
#include "core/server/tick_schedule.h"
#include "core/util/mutex.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: call_end.h says why.
class SubscribeReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer>,
                               private OrderFeed::Screen,
                               private TickSchedule::Ticker,
                               private ReactorLifetime {
 public:
  SubscribeReactor(grpc::CallbackServerContext* ctx, const grpc::ByteBuffer& request,
                   HandlerEnv& env);

  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  enum class Phase {
    kWaiting,   // for the next tick (its alarm is armed) or, with a feed, order
    kWriting,   // one event is in flight
    kFinished,  // Finish is called
  };

  // Orders from the feed waiting for the write in flight; beyond this many,
  // new ones are dropped.
  static constexpr size_t kMaxQueuedOrders = 1000;

  bool AcceptRequestLocked(const grpc::ByteBuffer& request) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnTick(bool fired) override;
  void OnOrder(const orders::v1::OrderEvent& order) override;
  grpc::ByteBuffer* TakeOrderLocked(const orders::v1::OrderEvent& order)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::ByteBuffer* WriteDoneLocked(bool ok) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::ByteBuffer* WaitForNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ArmTickLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::ByteBuffer* PrepareWriteLocked(orders::v1::OrderEvent event)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool FinishIfDoneLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const ctx_;
  HandlerEnv& env_;
  const LiveHandlers::Handle live_{env_.live};
  // Set once, in the constructor, before any callback can run: read
  // without mu_ after that.
  orders::v1::SubscribeRequest request_;

  Mutex mu_;
  Phase phase_ ABSL_GUARDED_BY(mu_) = Phase::kWaiting;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;  // OnCancel ran, or a write failed
  std::chrono::system_clock::time_point next_tick_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer event_ ABSL_GUARDED_BY(mu_);  // the OrderEvent being written
  int32_t sent_ ABSL_GUARDED_BY(mu_) = 0;
  std::chrono::system_clock::time_point subscribed_at_ ABSL_GUARDED_BY(mu_);  // with a feed
  std::deque<orders::v1::OrderEvent> queued_ ABSL_GUARDED_BY(mu_);            // from the feed
  bool dropping_logged_ ABSL_GUARDED_BY(mu_) = false;  // the queue overflowed, and we said so
};

}  // namespace brew
