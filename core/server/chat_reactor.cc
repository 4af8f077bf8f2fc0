#include "core/server/chat_reactor.h"

#include <chrono>

#include "core/server/call_end.h"
#include "core/server/wire_message.h"
#include "core/util/proto_time.h"

namespace brew {

ChatReactor::ChatReactor(grpc::CallbackServerContext* ctx, HandlerEnv& env) : ctx_(ctx), env_(env) {
  env_.logger.Info("chat started");
  Ops ops;
  {
    MutexLock lock(&mu_);
    MaybeReadLocked(&ops);
  }
  StartOps(ops);
}

// Write first: an echo due at once is not held up behind a read. Neither
// call touches the reactor after the other has started: an operation in
// flight keeps Finish, and so OnDone, away (reactor_lifetime.h).
void ChatReactor::StartOps(const Ops& ops) {
  grpc::ByteBuffer* const read = ops.read;
  if (ops.write != nullptr) StartWrite(ops.write);
  if (read != nullptr) StartRead(read);
}

// The reader side: keep one read outstanding while fewer than kMaxWaiting
// pings wait, so the client can keep sending while echoes are delayed.
void ChatReactor::MaybeReadLocked(Ops* ops) {
  if (reader_ != Reader::kIdle || input_ != StreamInput::kOpen || WindingDownLocked()) return;
  if (waiting_.size() >= kMaxWaiting) return;
  reader_ = Reader::kReading;
  ops->read = &incoming_bytes_;
}

void ChatReactor::OnReadDone(bool ok) {
  Ops ops;
  {
    MutexLock lock(&mu_);
    ReadDoneLocked(ok, &ops);
  }
  StartOps(ops);
}

void ChatReactor::ReadDoneLocked(bool ok, Ops* ops) {
  reader_ = Reader::kIdle;
  if (!ok) {
    // Go's io.EOF from Recv (the client closed its send side), or the
    // client went away (call_end.h, 1).
    input_ = ReadFailed(*ctx_) ? StreamInput::kFailed : StreamInput::kClosed;
  } else if (!ParseMessage(incoming_bytes_, &incoming_)) {
    input_ = StreamInput::kBad;
  } else {
    ++received_;
    waiting_.push_back(incoming_.text());
  }
  if (FinishIfDoneLocked() || input_ != StreamInput::kOpen || WindingDownLocked()) return;
  // With a read delay the reader rests first, so that an echo written now,
  // which frees a place in the queue, does not start the next read early.
  if (env_.config.read_delay > Duration::zero()) RestLocked();
  if (writer_ == Writer::kIdle) ArmEchoLocked(ops);
  MaybeReadLocked(ops);
}

// read_delay: the handler "works" on each message before it reads the next,
// so the client's sends pile up in the transport's windows, then block.
void ChatReactor::RestLocked() {
  reader_ = Reader::kResting;
  SetAlarm(read_alarm_, std::chrono::system_clock::now() + env_.config.read_delay,
           [this](bool fired) { OnReadDue(fired); });
}

void ChatReactor::OnReadDue(bool fired) {
  Ops ops;
  {
    MutexLock lock(&mu_);
    if (!fired || reader_ != Reader::kResting) return;  // cancelled: the chat is winding down
    reader_ = Reader::kIdle;
    MaybeReadLocked(&ops);
  }
  StartOps(ops);
}

// The writer side: each echo goes out echo_delay after the previous one
// finished (or after its ping arrived, when the queue was empty).
void ChatReactor::ArmEchoLocked(Ops* ops) {
  if (waiting_.empty() || WindingDownLocked()) return;
  if (env_.config.echo_delay <= Duration::zero()) {
    WriteEchoLocked(ops);  // no delay: an alarm would still cost a timer tick (~1ms)
    return;
  }
  writer_ = Writer::kEchoDue;
  SetAlarm(echo_alarm_, std::chrono::system_clock::now() + env_.config.echo_delay,
           [this](bool fired) { OnEchoDue(fired); });
}

void ChatReactor::OnEchoDue(bool fired) {
  Ops ops;
  {
    MutexLock lock(&mu_);
    if (!fired || writer_ != Writer::kEchoDue) return;  // cancelled: the chat is winding down
    WriteEchoLocked(&ops);
  }
  StartOps(ops);
}

void ChatReactor::WriteEchoLocked(Ops* ops) {
  orders::v1::ChatMessage echo;
  echo.set_from("server");
  echo.set_text("echo: " + waiting_.front());
  SetTimestamp(echo.mutable_sent_at(), std::chrono::system_clock::now());
  outgoing_ = SerializeMessage(echo);
  waiting_.pop_front();
  writer_ = Writer::kWriting;
  ops->write = &outgoing_;
  MaybeReadLocked(ops);  // a place in the queue is free again
}

void ChatReactor::OnWriteDone(bool ok) {
  Ops ops;
  {
    MutexLock lock(&mu_);
    writer_ = Writer::kIdle;
    if (ok) {
      ++echoed_;
    } else {
      // A server's write fails only when the call is over; OnCancel may not
      // have run yet (see SubscribeReactor::OnWriteDone).
      client_gone_ = true;
    }
    if (!FinishIfDoneLocked()) ArmEchoLocked(&ops);
  }
  StartOps(ops);
}

// The `case <-stream.Context().Done()` of the lesson. With a read or a
// write in flight, its completion (due at once) comes back to decide: how
// a read in flight ends tells a client that went away from an input that
// ended first.
void ChatReactor::OnCancel() {
  MutexLock lock(&mu_);
  client_gone_ = true;
  FinishIfDoneLocked();
}

// Nothing more is read or echoed once the client is gone or its input
// failed or did not parse; what is still in flight completes.
bool ChatReactor::WindingDownLocked() const {
  return finished_ || client_gone_ || input_ == StreamInput::kFailed || input_ == StreamInput::kBad;
}

// The one place that decides the chat is over. Never with a read or a
// write in flight: a reactor keeps at most one operation of each kind
// outstanding, Finish is one, and a read in flight says how the input ended.
bool ChatReactor::FinishIfDoneLocked() {
  if (finished_) return true;
  if (WindingDownLocked()) {
    // Stop the alarms; their callbacks still run, with fired=false.
    if (echo_alarm_) echo_alarm_->Cancel();
    if (read_alarm_) read_alarm_->Cancel();
    if (writer_ == Writer::kEchoDue) writer_ = Writer::kIdle;
    if (reader_ == Reader::kResting) reader_ = Reader::kIdle;
  }
  if (reader_ == Reader::kReading || writer_ == Writer::kWriting) return false;
  switch (input_) {
    case StreamInput::kBad: {
      // Bytes that are no ChatMessage: Go's Recv returns an error for them,
      // and its handler returns it. The pings still waiting are not echoed.
      const std::string why =
          DoesNotParse("message " + std::to_string(received_ + 1), "ChatMessage");
      env_.logger.Warn("chat ended: bad message", {{"received", received_}, {"err", why}});
      FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why));
      return true;
    }
    case StreamInput::kClosed:
      // The client closed its side: once every ping is echoed, end OK. A
      // cancel first ends it CANCELLED. OnDone logs either.
      if (client_gone_) {
        FinishLocked(grpc::Status::CANCELLED);
        return true;
      }
      if (!waiting_.empty() || writer_ != Writer::kIdle) return false;
      FinishLocked(grpc::Status::OK);
      return true;
    case StreamInput::kFailed:
    case StreamInput::kOpen:
      if (input_ == StreamInput::kOpen && !client_gone_) return false;
      LogEarlyEndLocked();
      FinishLocked(grpc::Status::CANCELLED);
      return true;
  }
  return false;
}

void ChatReactor::FinishLocked(const grpc::Status& status) {
  finished_ = true;
  Finish(status);
}

void ChatReactor::LogEarlyEndLocked() {
  if (EarlyEndCause(env_.stopping, AtDeadline(*ctx_)) == EarlyEnd::kClientGone) {
    env_.logger.Info("chat ended: client gone", {{"err", ContextError(*ctx_)}});
  } else {
    env_.logger.Info("chat ended: server stopping");
  }
}

// OnCancel, if it comes, comes before OnDone: only now is it known whether
// a chat whose input ended cleanly was answered.
void ChatReactor::OnDone() {
  {
    MutexLock lock(&mu_);
    if (input_ == StreamInput::kClosed) LogInputEndedLocked();
  }
  Unref();
}

void ChatReactor::LogInputEndedLocked() {
  if (!client_gone_) {
    env_.logger.Info("chat ended: client closed send");
  } else if (EarlyEndCause(env_.stopping, AtDeadline(*ctx_)) == EarlyEnd::kServerStopping) {
    env_.logger.Info("chat ended: server stopping");
  } else {
    env_.logger.Warn("chat ended: cancelled after its input ended",
                     {{"echoed", echoed_},
                      {"unechoed", waiting_.size()},
                      {"err", ContextError(*ctx_)},
                      {"why", InputEndedThenCancelledWhy(env_.config.max_receive_message_bytes)}});
  }
}

}  // namespace brew
