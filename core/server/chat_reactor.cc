#include "core/server/chat_reactor.h"

#include <chrono>

#include "core/server/context_error.h"
#include "core/server/wire_message.h"
#include "core/util/proto_time.h"

namespace brew {

ChatReactor::ChatReactor(grpc::CallbackServerContext* ctx, HandlerEnv& env) : ctx_(ctx), env_(env) {
  env_.logger.Info("chat started");
  std::lock_guard<std::mutex> lock(mu_);
  MaybeReadLocked();
}

// The reader side: keep one read outstanding while fewer than kMaxWaiting
// pings wait, so the client can keep sending while echoes are delayed.
void ChatReactor::MaybeReadLocked() {
  if (read_in_flight_ || read_paused_ || client_closed_send_ || ending_) return;
  if (waiting_.size() >= kMaxWaiting) return;
  read_in_flight_ = true;
  StartRead(&incoming_bytes_);
}

void ChatReactor::OnReadDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  read_in_flight_ = false;
  if (call_over_ && !ending_) {  // the call ended while this read was in flight
    if (!ok && !ReadFailed(*ctx_)) client_closed_send_ = true;  // the input ended first
    CallOverLocked();
    return;
  }
  if (ending_) return;
  if (!ok) {
    // How the read ended, not whether the call is cancelled by now: an
    // over-size ping ends it cleanly, then cancels (see ReadFailed).
    if (ReadFailed(*ctx_)) {  // the client went away
      CallOverLocked();
      return;
    }
    client_closed_send_ = true;  // Go's io.EOF from Recv
    MaybeEndLocked();
    return;
  }
  if (!ParseMessage(incoming_bytes_, &incoming_)) {
    EndBadMessageLocked();
    return;
  }
  ++received_;
  waiting_.push_back(incoming_.text());
  if (!echo_armed_ && !write_in_flight_) ArmEchoLocked();
  if (env_.config.read_delay > Duration::zero()) {
    PauseReadsLocked();
  } else {
    MaybeReadLocked();
  }
}

// read_delay: the handler "works" on each message before it reads the next,
// so the client's sends pile up in the transport's windows, then block.
void ChatReactor::PauseReadsLocked() {
  read_paused_ = true;
  SetAlarm(read_alarm_, std::chrono::system_clock::now() + env_.config.read_delay,
           [this](bool fired) { OnReadDue(fired); });
}

void ChatReactor::OnReadDue(bool fired) {
  std::lock_guard<std::mutex> lock(mu_);
  read_paused_ = false;
  if (fired) MaybeReadLocked();
}

// The writer side: each echo goes out echo_delay after the previous one
// finished (or after its ping arrived, when the queue was empty).
void ChatReactor::ArmEchoLocked() {
  if (env_.config.echo_delay <= Duration::zero()) {
    WriteEchoLocked();  // no delay: an alarm would still cost a timer tick (~1ms)
    return;
  }
  echo_armed_ = true;
  SetAlarm(echo_alarm_, std::chrono::system_clock::now() + env_.config.echo_delay,
           [this](bool fired) { OnEchoDue(fired); });
}

void ChatReactor::OnEchoDue(bool fired) {
  std::lock_guard<std::mutex> lock(mu_);
  echo_armed_ = false;
  if (!fired || ending_ || call_over_) return;
  WriteEchoLocked();
}

void ChatReactor::WriteEchoLocked() {
  orders::v1::ChatMessage echo;
  echo.set_from("server");
  echo.set_text("echo: " + waiting_.front());
  SetTimestamp(echo.mutable_sent_at(), std::chrono::system_clock::now());
  outgoing_ = SerializeMessage(echo);
  waiting_.pop_front();
  write_in_flight_ = true;
  StartWrite(&outgoing_);
  MaybeReadLocked();  // a place in the queue is free again
}

void ChatReactor::OnWriteDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  write_in_flight_ = false;
  if (ending_) {  // OnCancel came while this write was in flight
    Finish(end_status_);
    return;
  }
  if (!ok) {
    // A server's write fails only when the call is over; OnCancel may not
    // have run yet (see SubscribeReactor::OnWriteDone).
    CallOverLocked();
    return;
  }
  ++echoed_;
  if (!waiting_.empty()) {
    ArmEchoLocked();
  } else {
    MaybeEndLocked();
  }
}

// The stream ends OK once the client has closed its side and every ping it
// sent has been echoed.
void ChatReactor::MaybeEndLocked() {
  if (!client_closed_send_ || !waiting_.empty() || echo_armed_ || write_in_flight_) return;
  closed_send_ended_ = true;  // "chat ended: client closed send", from OnDone
  EndLocked(grpc::Status::OK);
}

// The `case <-stream.Context().Done()` of the lesson.
void ChatReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  if (ending_) {
    call_over_ = true;  // after the OK end: OnDone logs it
    return;
  }
  CallOverLocked();
}

// The call is over. With a read in flight, wait for it (it fails at once):
// whether it failed or ended cleanly tells a client that went away from
// an input that ended first.
void ChatReactor::CallOverLocked() {
  call_over_ = true;
  if (echo_alarm_) echo_alarm_->Cancel();
  if (read_alarm_) read_alarm_->Cancel();
  if (read_in_flight_) return;
  if (client_closed_send_) {
    EndAfterInputLocked();
  } else {
    EndEarlyLocked();
  }
}

// OnCancel, if it comes, comes before OnDone: only now is it known whether
// a chat that ended OK on the client's close was answered.
void ChatReactor::OnDone() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_send_ended_) {
      if (call_over_) {
        LogCancelledAfterInputLocked();
      } else {
        env_.logger.Info("chat ended: client closed send");
      }
    }
  }
  env_.live.Done();
  Unref();
}

// The client went away, or the server is stopping: log which, finish.
// (CallOverLocked, the only caller of this and EndAfterInputLocked, has
// cancelled the alarms.)
void ChatReactor::EndEarlyLocked() {
  // A call at its deadline ended by the deadline, even while stopping.
  if (env_.stopping && !AtDeadline(*ctx_)) {
    env_.logger.Info("chat ended: server stopping");
  } else {
    env_.logger.Info("chat ended: client gone", {{"err", ContextError(*ctx_)}});
  }
  EndLocked(grpc::Status::CANCELLED);
}

// Bytes that are no ChatMessage: Go's Recv returns an error for them, and
// its handler returns it. The pings still waiting are not echoed.
void ChatReactor::EndBadMessageLocked() {
  const std::string why = DoesNotParse("message " + std::to_string(received_ + 1), "ChatMessage");
  env_.logger.Warn("chat ended: bad message", {{"received", received_}, {"err", why}});
  if (echo_alarm_) echo_alarm_->Cancel();
  if (read_alarm_) read_alarm_->Cancel();
  EndLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why));
}

// The client's input ended cleanly (its close, its connection dropped, or
// a ping gRPC refused), then the call was cancelled before the stream
// could end OK.
void ChatReactor::EndAfterInputLocked() {
  LogCancelledAfterInputLocked();
  EndLocked(grpc::Status::CANCELLED);
}

void ChatReactor::LogCancelledAfterInputLocked() {
  if (env_.stopping && !AtDeadline(*ctx_)) {
    env_.logger.Info("chat ended: server stopping");
    return;
  }
  env_.logger.Warn("chat ended: cancelled after its input ended",
                   {{"echoed", echoed_},
                    {"unechoed", waiting_.size()},
                    {"err", ContextError(*ctx_)},
                    {"why", InputEndedThenCancelledWhy(env_.config.max_receive_message_bytes)}});
}

void ChatReactor::EndLocked(const grpc::Status& status) {
  ending_ = true;
  end_status_ = status;
  if (!write_in_flight_) Finish(status);
}

}  // namespace brew
