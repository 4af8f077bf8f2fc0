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
//                   the summary, once (Go's SendAndClose) -- unless the call was
//                   cancelled, in which case nobody is left to answer.
//
// gRPC refusing a record over max_receive_message_bytes also ends a read
// with ok == false, cleanly, and then cancels the call: see
// InputEndedThenCancelledWhy (context_error.h). So a cancel that comes
// while a read is in flight waits for that read to say why, and the end of
// a clean upload is logged in OnDone, once it is known that no cancel came.
#pragma once

#include <absl/base/thread_annotations.h>
#include <absl/synchronization/mutex.h>
#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <memory>

#include "core/server/handler_env.h"
#include "core/server/reactor_lifetime.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

// Raw bytes in and out: wire_message.h says why.
class UploadReactor final : public grpc::ServerReadReactor<grpc::ByteBuffer>,
                            private ReactorLifetime {
 public:
  UploadReactor(grpc::CallbackServerContext* ctx, grpc::ByteBuffer* response, HandlerEnv& env);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override;

 private:
  void StartReadLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void ReadNextLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void OnReadDue(bool fired);
  void TallyLocked(const orders::v1::OrderInput& record) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EndBadRecordLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void EndClientGoneLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void LogEndLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  grpc::CallbackServerContext* const ctx_;
  grpc::ByteBuffer* const response_;  // gRPC's response: the summary's bytes
  HandlerEnv& env_;

  absl::Mutex mu_;
  orders::v1::UploadSummary summary_ ABSL_GUARDED_BY(mu_);
  grpc::ByteBuffer record_bytes_ ABSL_GUARDED_BY(mu_);            // the message being read
  orders::v1::OrderInput record_ ABSL_GUARDED_BY(mu_);            // ... once parsed
  std::unique_ptr<grpc::Alarm> read_alarm_ ABSL_GUARDED_BY(mu_);  // read_delay
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  bool read_in_flight_ ABSL_GUARDED_BY(mu_) = false;
  bool input_ended_ ABSL_GUARDED_BY(mu_) =
      false;  // a read ended cleanly: Finish(OK), or CANCELLED if cancelled first
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;  // OnCancel ran
};

}  // namespace brew
