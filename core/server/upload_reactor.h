// UploadOrders (client-stream): the nightly batch import.
//
// The lesson's Go handler loops on stream.Recv(): io.EOF means the client
// closed its send side, so it answers with SendAndClose(summary); any other
// error means the client went away. In the C++ callback API each Recv is a
// StartRead whose result arrives in OnReadDone(ok):
//
//   ok == true   -> tally the record (lenient: bad ones are counted, not fatal),
//                   read the next (after read_delay, if the server is set to
//                   read slowly: then the client's Write starts to block);
//                   bytes that are no OrderInput at all end the call with
//                   INVALID_ARGUMENT and no summary (Go's Recv error)
//   ok == false  -> the client closed its side (Go's io.EOF): Finish(OK) sends
//                   the summary, once (Go's SendAndClose); or the read failed:
//                   the client went away
//   OnCancel()   -> the client went away (after the read in flight says how)
//
// The lesson's end line, "upload ended received=...", is logged in OnDone:
// a clean end of input can still turn out to be a cancel (call_end.h, 1).
//
// Not in the lesson: with an OrderSink (streaming-server --kafka), each
// valid record is published as an OrderEvent, and counts as accepted only
// once the sink has stored it. The summary waits for every publish to be
// answered; the first failed publish ends the upload with UNAVAILABLE (as
// soon as no read is in flight). A publish's callback holds a reference
// (ReactorLifetime), so the reactor may finish while publishes are pending:
// a client that went away does not wait for Kafka.
//
// Locking: every member below mu_ is guarded by it, and the `...Locked`
// helpers need it held (clang checks both: core/util/mutex.h). The phase
// says what the reactor is waiting for; FinishIfDoneLocked is the one place
// that decides the upload is over. A helper that returns a ByteBuffer* has
// made the next read the one in flight (PrepareReadLocked): its caller
// starts it after letting go of mu_.
#pragma once

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "core/server/stream_input.h"
#include "core/util/mutex.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: call_end.h says why.
class UploadReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer>,
                            private ReactorLifetime {
 public:
  UploadReactor(grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response, HandlerEnv& env);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  enum class Phase {
    kReading,   // one read is in flight
    kPaused,    // no read in flight: between records, or waiting out read_delay
    kFinished,  // Finish is called
  };

  void OnReadDue(bool fired);
  grpc::ByteBuffer* PrepareReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::ByteBuffer* ReadDoneLocked(bool ok) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  grpc::ByteBuffer* ReadNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void TallyLocked(const orders::v1::OrderInput& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void AcceptLocked(int64_t amount_cents) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void PublishLocked(const orders::v1::OrderInput& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnPublished(int64_t amount_cents, const std::string& error);
  bool FinishIfDoneLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void FinishLocked(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void LogInputEndedLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const ctx_;
  grpc::ByteBuffer* const response_;  // gRPC's response: the summary's bytes
  HandlerEnv& env_;
  const LiveHandlers::Handle live_{env_.live};

  Mutex mu_;
  Phase phase_ ABSL_GUARDED_BY(mu_) = Phase::kReading;
  StreamInput input_ ABSL_GUARDED_BY(mu_) = StreamInput::kOpen;
  bool client_gone_ ABSL_GUARDED_BY(mu_) = false;  // OnCancel ran
  orders::v1::UploadSummary summary_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer record_bytes_ ABSL_GUARDED_BY(mu_);            // the message being read
  orders::v1::OrderInput record_ ABSL_GUARDED_BY(mu_);            // ... once parsed
  std::unique_ptr<grpc::Alarm> read_alarm_ ABSL_GUARDED_BY(mu_);  // read_delay
  int publishing_ ABSL_GUARDED_BY(mu_) = 0;                       // publishes not yet answered
  std::string publish_error_ ABSL_GUARDED_BY(mu_);                // the first failed one's
  bool failed_publish_ ABSL_GUARDED_BY(mu_) = false;              // ended with UNAVAILABLE for it
};

}  // namespace brew
