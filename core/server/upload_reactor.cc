#include "core/server/upload_reactor.h"

#include "core/server/context_error.h"
#include "core/server/wire_message.h"

namespace brew {

UploadReactor::UploadReactor(grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response,
                             HandlerEnv& env)
    : ctx_(ctx), response_(response), env_(env) {
  env_.logger.Info("upload started");
  std::lock_guard<std::mutex> lock(mu_);
  StartReadLocked();
}

void UploadReactor::StartReadLocked() {
  read_in_flight_ = true;
  StartRead(&record_bytes_);
}

void UploadReactor::OnReadDone(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  if (ended_) return;
  if (ok) {
    if (!ParseMessage(record_bytes_, &record_)) {
      read_in_flight_ = false;
      EndBadRecordLocked();
      return;
    }
    TallyLocked(record_);
    ReadNextLocked();
    return;
  }
  read_in_flight_ = false;
  if (ReadFailed(*ctx_)) {
    EndClientGoneLocked();
    return;
  }
  // The client's CloseAndRecv: the Go handler's `errors.Is(err, io.EOF)`
  // (or gRPC refusing an over-size record; OnDone tells them apart from a
  // clean end, as far as anyone can).
  ended_ = true;
  input_ended_ = true;
  // Sends the summary as the one response; not if the call was cancelled.
  *response_ = SerializeMessage(summary_);
  Finish(cancelled_ ? grpc::Status::CANCELLED : grpc::Status::OK);
}

// read_delay: the handler "works" on each record before it reads the next.
// While it does, the client's records pile up in the transport's windows;
// once those are full, the client's Write blocks (the lesson's "backpressure
// without an explicit protocol").
void UploadReactor::ReadNextLocked() {
  if (cancelled_) {  // OnCancel came while the record was on its way
    read_in_flight_ = false;
    EndClientGoneLocked();
    return;
  }
  if (env_.config.read_delay <= Duration::zero()) {
    StartReadLocked();
    return;
  }
  read_in_flight_ = false;
  SetAlarm(read_alarm_, std::chrono::system_clock::now() + env_.config.read_delay,
           [this](bool fired) { OnReadDue(fired); });
}

void UploadReactor::OnReadDue(bool fired) {
  std::lock_guard<std::mutex> lock(mu_);
  if (fired && !ended_) StartReadLocked();
}

// Lenient mode: an invalid record is counted as rejected and the stream goes
// on. Failing the stream instead would cost the client the rest of its batch.
void UploadReactor::TallyLocked(const orders::v1::OrderInput& record) {
  summary_.set_received(summary_.received() + 1);
  if (record.amount_cents() <= 0 || record.customer_id().empty()) {
    summary_.set_rejected(summary_.rejected() + 1);
    return;
  }
  summary_.set_accepted(summary_.accepted() + 1);
  summary_.set_total_cents(summary_.total_cents() + record.amount_cents());
}

void UploadReactor::OnCancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  if (read_alarm_) read_alarm_->Cancel();
  // With a read in flight, its OnReadDone (due at once) says why the call
  // ended; after a clean end of input, OnDone logs it.
  if (!ended_ && !read_in_flight_) EndClientGoneLocked();
}

// OnCancel, if it comes, comes before OnDone: only now is it known whether
// an upload whose input ended cleanly was answered.
void UploadReactor::OnDone() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (input_ended_) LogEndLocked();
  }
  env_.live.Done();
  Unref();
}

void UploadReactor::LogEndLocked() {
  if (!cancelled_) {
    env_.logger.Info("upload ended", {{"received", summary_.received()},
                                      {"accepted", summary_.accepted()},
                                      {"rejected", summary_.rejected()},
                                      {"total_cents", summary_.total_cents()}});
  } else if (env_.stopping && !AtDeadline(*ctx_)) {
    env_.logger.Info("upload ended: server stopping", {{"received", summary_.received()}});
  } else {
    env_.logger.Warn("upload ended: cancelled after its input ended",
                     {{"received", summary_.received()},
                      {"err", ContextError(*ctx_)},
                      {"why", InputEndedThenCancelledWhy(env_.config.max_receive_message_bytes)}});
  }
}

// Bytes that are no OrderInput: Go's Recv returns an error for them, and its
// handler returns it -- no summary, and the records after them are not read.
void UploadReactor::EndBadRecordLocked() {
  ended_ = true;
  const std::string why =
      DoesNotParse("record " + std::to_string(summary_.received() + 1), "OrderInput");
  env_.logger.Warn("upload ended: bad record", {{"received", summary_.received()}, {"err", why}});
  Finish(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why));
}

// Go's `if err != nil { return err }` after Recv: the client went away.
void UploadReactor::EndClientGoneLocked() {
  ended_ = true;
  // A call at its deadline ended by the deadline, even while stopping.
  if (env_.stopping && !AtDeadline(*ctx_)) {
    env_.logger.Info("upload ended: server stopping", {{"received", summary_.received()}});
  } else {
    env_.logger.Info("upload ended: client gone",
                     {{"received", summary_.received()}, {"err", ContextError(*ctx_)}});
  }
  Finish(grpc::Status::CANCELLED);
}

}  // namespace brew
