#include "core/server/upload_reactor.h"

#include "core/server/call_end.h"
#include "core/server/mock_orders.h"
#include "core/server/wire_message.h"

namespace brew {

UploadReactor::UploadReactor(grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response,
                             HandlerEnv& env)
    : ctx_(ctx), response_(response), env_(env) {
  env_.logger.Info("upload started");
  grpc::ByteBuffer* read = nullptr;
  {
    MutexLock lock(&mu_);
    read = PrepareReadLocked();
  }
  StartRead(read);
}

// Makes the next read the one in flight and returns its buffer: the caller
// calls StartRead(it) once it has let go of mu_. (The health service's
// WatchReactor starts its operations under its lock; we do not, because
// with records already waiting the read completes at once, and its
// OnReadDone would wait on another gRPC thread for our lock.) Nothing else
// can start or finish an operation meanwhile: with the phase kReading,
// everything waits for OnReadDone.
grpc::ByteBuffer* UploadReactor::PrepareReadLocked() {
  phase_ = Phase::kReading;
  return &record_bytes_;
}

void UploadReactor::OnReadDone(bool ok) {
  grpc::ByteBuffer* read = nullptr;
  {
    MutexLock lock(&mu_);
    read = ReadDoneLocked(ok);
  }
  if (read != nullptr) StartRead(read);
}

grpc::ByteBuffer* UploadReactor::ReadDoneLocked(bool ok) {
  phase_ = Phase::kPaused;
  if (ok) {
    if (ParseMessage(record_bytes_, &record_)) {
      TallyLocked(record_);
    } else {
      input_ = StreamInput::kBad;
    }
  } else {
    // The client's CloseAndRecv -- the Go handler's `errors.Is(err,
    // io.EOF)` -- or the client went away (call_end.h, 1).
    input_ = ReadFailed(*ctx_) ? StreamInput::kFailed : StreamInput::kClosed;
  }
  // Once the input has ended there is nothing more to read, even while the
  // upload waits for the sink's answers.
  if (FinishIfDoneLocked() || input_ != StreamInput::kOpen) return nullptr;
  return ReadNextLocked();
}

// read_delay: the handler "works" on each record before it reads the next.
// While it does, the client's records pile up in the transport's windows;
// once those are full, the client's Write blocks (the lesson's "backpressure
// without an explicit protocol").
// Returns the read to start now, if any (PrepareReadLocked).
grpc::ByteBuffer* UploadReactor::ReadNextLocked() {
  if (env_.config.read_delay <= Duration::zero()) return PrepareReadLocked();
  SetAlarm(read_alarm_, std::chrono::system_clock::now() + env_.config.read_delay,
           [this](bool fired) { OnReadDue(fired); });
  return nullptr;
}

void UploadReactor::OnReadDue(bool fired) {
  grpc::ByteBuffer* read = nullptr;
  {
    MutexLock lock(&mu_);
    if (fired && phase_ == Phase::kPaused) read = PrepareReadLocked();
  }
  if (read != nullptr) StartRead(read);
}

// Lenient mode: an invalid record is counted as rejected and the stream goes
// on. Failing the stream instead would cost the client the rest of its batch.
void UploadReactor::TallyLocked(const orders::v1::OrderInput& record) {
  summary_.set_received(summary_.received() + 1);
  if (record.amount_cents() <= 0 || record.customer_id().empty()) {
    summary_.set_rejected(summary_.rejected() + 1);
    return;
  }
  if (env_.sink != nullptr) {
    PublishLocked(record);
  } else {
    AcceptLocked(record.amount_cents());
  }
}

void UploadReactor::AcceptLocked(int64_t amount_cents) {
  summary_.set_accepted(summary_.accepted() + 1);
  summary_.set_total_cents(summary_.total_cents() + amount_cents);
}

// Not in the lesson: the record becomes an order on the sink (Kafka's
// brew.orders.v1), and is accepted once the sink has it.
void UploadReactor::PublishLocked(const orders::v1::OrderInput& record) {
  const int64_t amount = record.amount_cents();
  std::string error;
  Ref();  // held by the callback: it may run after OnDone
  const bool started = env_.sink->Publish(
      AcceptedOrderEvent(record.customer_id(), amount, std::chrono::system_clock::now()),
      [this, amount](const std::string& error) {
        OnPublished(amount, error);
        Unref();
      },
      &error);
  if (started) {
    ++publishing_;
  } else {
    Unref();
    if (publish_error_.empty()) publish_error_ = error;
  }
}

// On the sink's thread. After Finish, an answer changes nothing: the
// client has its status.
void UploadReactor::OnPublished(int64_t amount_cents, const std::string& error) {
  MutexLock lock(&mu_);
  --publishing_;
  if (phase_ == Phase::kFinished) return;
  if (error.empty()) {
    AcceptLocked(amount_cents);
  } else if (publish_error_.empty()) {
    publish_error_ = error;
  }
  FinishIfDoneLocked();
}

// With a read in flight, its OnReadDone (due at once) says how the input
// ended, and decides.
void UploadReactor::OnCancel() {
  MutexLock lock(&mu_);
  client_gone_ = true;
  FinishIfDoneLocked();
}

// The one place that decides the upload is over. Never with a read in
// flight: it says how the input ended.
bool UploadReactor::FinishIfDoneLocked() {
  if (phase_ == Phase::kFinished) return true;
  if (phase_ == Phase::kReading) return false;
  if (!publish_error_.empty() && !client_gone_ && input_ != StreamInput::kFailed) {
    // Not in the lesson: the sink did not take an order, so the upload
    // cannot say it was accepted. No summary: nothing is counted that the
    // topic may lack.
    env_.logger.Warn("kafka publish failed", {{"err", publish_error_},
                                              {"received", summary_.received()},
                                              {"accepted", summary_.accepted()}});
    failed_publish_ = true;
    FinishLocked(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "kafka publish failed: " + publish_error_));
    return true;
  }
  switch (input_) {
    case StreamInput::kClosed:
      if (publishing_ > 0 && !client_gone_) return false;  // the sink has not answered yet
      // Go's SendAndClose(summary): the one response (not sent if the call
      // was cancelled). OnDone logs the end line.
      *response_ = SerializeMessage(summary_);
      FinishLocked(client_gone_ ? grpc::Status::CANCELLED : grpc::Status::OK);
      return true;
    case StreamInput::kBad: {
      // Bytes that are no OrderInput: Go's Recv returns an error for them,
      // and its handler returns it -- no summary, and the records after
      // them are not read.
      const std::string why =
          DoesNotParse("record " + std::to_string(summary_.received() + 1), "OrderInput");
      env_.logger.Warn("upload ended: bad record",
                       {{"received", summary_.received()}, {"err", why}});
      FinishLocked(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, why));
      return true;
    }
    case StreamInput::kFailed:
    case StreamInput::kOpen:
      if (input_ == StreamInput::kOpen && !client_gone_) return false;
      // Go's `if err != nil { return err }` after Recv: the client went away.
      if (EarlyEndCause(env_.stopping, AtDeadline(*ctx_)) == EarlyEnd::kClientGone) {
        env_.logger.Info("upload ended: client gone",
                         {{"received", summary_.received()}, {"err", ContextError(*ctx_)}});
      } else {
        env_.logger.Info("upload ended: server stopping", {{"received", summary_.received()}});
      }
      FinishLocked(grpc::Status::CANCELLED);
      return true;
  }
  return false;
}

void UploadReactor::FinishLocked(const grpc::Status& status) {
  phase_ = Phase::kFinished;
  if (read_alarm_) read_alarm_->Cancel();  // its callback still runs, with fired=false
  Finish(status);
}

// OnCancel, if it comes, comes before OnDone: only now is it known whether
// an upload whose input ended cleanly was answered.
void UploadReactor::OnDone() {
  {
    MutexLock lock(&mu_);
    if (input_ == StreamInput::kClosed && !failed_publish_) LogInputEndedLocked();
  }
  Unref();
}

void UploadReactor::LogInputEndedLocked() {
  if (!client_gone_) {
    env_.logger.Info("upload ended", {{"received", summary_.received()},
                                      {"accepted", summary_.accepted()},
                                      {"rejected", summary_.rejected()},
                                      {"total_cents", summary_.total_cents()}});
  } else if (EarlyEndCause(env_.stopping, AtDeadline(*ctx_)) == EarlyEnd::kServerStopping) {
    env_.logger.Info("upload ended: server stopping", {{"received", summary_.received()}});
  } else {
    env_.logger.Warn("upload ended: cancelled after its input ended",
                     {{"received", summary_.received()},
                      {"err", ContextError(*ctx_)},
                      {"why", InputEndedThenCancelledWhy(env_.config.max_receive_message_bytes)}});
  }
}

}  // namespace brew
