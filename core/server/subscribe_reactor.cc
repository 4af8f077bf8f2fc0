#include "core/server/subscribe_reactor.h"

#include "core/server/call_end.h"
#include "core/server/mock_orders.h"
#include "core/server/wire_message.h"
#include "core/util/padding.h"
#include "core/util/proto_time.h"

namespace brew {

SubscribeReactor::SubscribeReactor(grpc::CallbackServerContext* ctx,
                                   const grpc::ByteBuffer& request, HandlerEnv& env)
    : ctx_(ctx), env_(env) {
  {
    MutexLock lock(&mu_);
    if (!AcceptRequestLocked(request)) return;
  }
  if (env_.feed != nullptr) {
    {
      MutexLock lock(&mu_);
      subscribed_at_ = std::chrono::system_clock::now();
    }
    // Outside mu_: the feed calls OnOrder under its own lock (order_feed.h).
    // Before the start line, so an order published after it reaches us.
    env_.feed->Join(this);
  }
  env_.logger.Info("subscribe started",
                   {{"customer_id", request_.customer_id()}, {"limit", request_.limit()}});
  if (env_.feed == nullptr) {
    MutexLock lock(&mu_);
    next_tick_ = TickSchedule::OnGrid(std::chrono::system_clock::now() + env_.config.tick);
    ArmTickLocked();
  }
}

// Parses and checks the request; false (and finished) if it is refused.
bool SubscribeReactor::AcceptRequestLocked(const grpc::ByteBuffer& request) {
  grpc::ByteBuffer bytes = request;  // shares the slices: no copy of the bytes
  if (!ParseMessage(bytes, &request_)) {
    const std::string why = DoesNotParse("the request", "SubscribeRequest");
    env_.logger.Warn("subscribe rejected: bad request", {{"err", why}});
    FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why));
    return false;
  }
  // Not in the lesson: a client may ask for padded events, up to a limit,
  // so no request can make the server build giant messages.
  const int32_t message_bytes = request_.message_bytes();
  if (message_bytes < 0 || message_bytes > kMaxMessageBytes) {
    env_.logger.Warn("subscribe rejected", {{"message_bytes", message_bytes}});
    FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                              "message_bytes must be 0.." + std::to_string(kMaxMessageBytes)));
    return false;
  }
  return true;
}

// Like Go's time.Ticker: ticks fall on a fixed grid from the stream's start,
// and a tick missed while a slow client held up the previous write is
// dropped, not sent late in a burst.
void SubscribeReactor::ArmTickLocked() {
  const auto now = std::chrono::system_clock::now();
  while (next_tick_ < now) next_tick_ += env_.config.tick;
  phase_ = Phase::kWaiting;
  Ref();  // the schedule answers every Arm, even a cancelled one (tick_schedule.h)
  env_.ticks.Arm(this, next_tick_);
}

// On the schedule's thread.
void SubscribeReactor::OnTick(bool fired) {
  grpc::ByteBuffer* write = nullptr;
  {
    MutexLock lock(&mu_);
    // Not a cancelled tick, nor one that fired as the stream ended.
    if (fired && phase_ == Phase::kWaiting) {
      orders::v1::OrderEvent event = MockOrderEvent(request_.customer_id(), sent_ + 1, next_tick_);
      next_tick_ += env_.config.tick;
      write = PrepareWriteLocked(std::move(event));
    }
  }
  if (write != nullptr) StartWrite(write);
  Unref();  // after the lock: this may be the last reference
}

// From the feed, on its thread. Only orders this screen asked for, and no
// more than its limit can still take.
void SubscribeReactor::OnOrder(const orders::v1::OrderEvent& order) {
  grpc::ByteBuffer* write = nullptr;
  {
    MutexLock lock(&mu_);
    write = TakeOrderLocked(order);
  }
  if (write != nullptr) StartWrite(write);
}

// Queues `order` if this screen wants it, and prepares its write if none is
// in flight.
grpc::ByteBuffer* SubscribeReactor::TakeOrderLocked(const orders::v1::OrderEvent& order) {
  if (phase_ == Phase::kFinished || client_gone_) return nullptr;
  if (!request_.customer_id().empty() && order.customer_id() != request_.customer_id()) {
    return nullptr;
  }
  // The feed may still be delivering orders made before this screen
  // subscribed (the consumer lags the topic a little): those are the past,
  // and a stream has no replay.
  if (FromTimestamp(order.created_at()) < subscribed_at_) return nullptr;
  const int64_t due = sent_ + static_cast<int64_t>(queued_.size()) + (phase_ == Phase::kWriting);
  if (request_.limit() > 0 && due >= request_.limit()) return nullptr;
  if (queued_.size() >= kMaxQueuedOrders) {
    if (!dropping_logged_) {
      dropping_logged_ = true;
      env_.logger.Warn("subscribe falling behind: orders dropped",
                       {{"customer_id", request_.customer_id()}, {"queued", queued_.size()}});
    }
    return nullptr;
  }
  queued_.push_back(order);
  return phase_ == Phase::kWaiting ? WaitForNextLocked() : nullptr;
}

// Serialises `event` as the one write in flight and returns it: the caller
// calls StartWrite(it) once it has let go of mu_. Unlike the health
// service's WatchReactor we start writes outside the lock: the write often
// completes before StartWrite returns, and OnWriteDone would then wait on a
// gRPC thread for our lock. Nothing else can start or finish an operation
// meanwhile: with the phase kWriting, everything waits for OnWriteDone.
grpc::ByteBuffer* SubscribeReactor::PrepareWriteLocked(orders::v1::OrderEvent event) {
  event.set_padding(PaddingFor(event.ByteSizeLong(), request_.message_bytes()));
  event_ = SerializeMessage(event);
  phase_ = Phase::kWriting;
  return &event_;
}

// The next write: the next queued order from the feed (if there is none,
// wait for OnOrder), or the next tick. Returns a write to start, if any
// (PrepareWriteLocked).
grpc::ByteBuffer* SubscribeReactor::WaitForNextLocked() {
  if (env_.feed == nullptr) {
    ArmTickLocked();
    return nullptr;
  }
  phase_ = Phase::kWaiting;
  if (queued_.empty()) return nullptr;
  orders::v1::OrderEvent next = std::move(queued_.front());
  queued_.pop_front();
  return PrepareWriteLocked(std::move(next));
}

void SubscribeReactor::OnWriteDone(bool ok) {
  grpc::ByteBuffer* write = nullptr;
  {
    MutexLock lock(&mu_);
    write = WriteDoneLocked(ok);
  }
  if (write != nullptr) StartWrite(write);
}

grpc::ByteBuffer* SubscribeReactor::WriteDoneLocked(bool ok) {
  phase_ = Phase::kWaiting;  // the next is due below, unless the stream is over
  // A write that completed reached the transport, like a Send that returned
  // nil, even if OnCancel ran while it was in flight: the client may have
  // the event already.
  if (ok) {
    ++sent_;
  } else {
    // A server's write fails only when the call is over. Usually OnCancel
    // tells us first, but a write that was waiting on a slow client can
    // fail a moment before gRPC runs OnCancel: the client is gone all the
    // same.
    client_gone_ = true;
  }
  return FinishIfDoneLocked() ? nullptr : WaitForNextLocked();
}

// The `case <-stream.Context().Done()` of the lesson. With a write in
// flight, its OnWriteDone (due at once) counts it and ends the stream, so
// `sent` in the log line includes an event the client may have received.
void SubscribeReactor::OnCancel() {
  MutexLock lock(&mu_);
  client_gone_ = true;
  FinishIfDoneLocked();
}

// The one place that decides the stream is over, and logs why. Never with
// a write in flight: a reactor keeps at most one operation of each kind
// outstanding, and Finish is one.
bool SubscribeReactor::FinishIfDoneLocked() {
  if (phase_ != Phase::kWaiting) return phase_ == Phase::kFinished;
  if (client_gone_) {
    const EarlyEnd cause = EarlyEndCause(env_.stopping, AtDeadline(*ctx_));
    if (cause == EarlyEnd::kClientGone) {
      env_.logger.Info("subscribe ended: client gone",
                       {{"sent", sent_}, {"err", ContextError(*ctx_)}});
    } else {
      env_.logger.Info("subscribe ended: server stopping", {{"sent", sent_}});
    }
    FinishLocked(grpc::Status::CANCELLED);
    return true;
  }
  if (request_.limit() > 0 && sent_ >= request_.limit()) {
    env_.logger.Info("subscribe ended: limit reached", {{"sent", sent_}});
    FinishLocked(grpc::Status::OK);
    return true;
  }
  return false;
}

// After Leave, the feed never calls OnOrder again: only then may the last
// reference go.
void SubscribeReactor::OnDone() {
  if (env_.feed != nullptr) env_.feed->Leave(this);
  Unref();
}

void SubscribeReactor::FinishLocked(const grpc::Status& status) {
  phase_ = Phase::kFinished;
  env_.ticks.Cancel(this);  // if a tick is armed, OnTick still runs, with fired=false
  Finish(status);
}

}  // namespace brew
