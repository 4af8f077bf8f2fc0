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

#include <grpcpp/alarm.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <memory>
#include <mutex>

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
  void StartReadLocked();
  void ReadNextLocked();
  void OnReadDue(bool fired);
  void TallyLocked(const orders::v1::OrderInput& record);
  void EndBadRecordLocked();
  void EndClientGoneLocked();
  void LogEndLocked();

  grpc::CallbackServerContext* const ctx_;
  grpc::ByteBuffer* const response_;  // gRPC's response: the summary's bytes
  HandlerEnv& env_;

  std::mutex mu_;
  orders::v1::UploadSummary summary_;
  grpc::ByteBuffer record_bytes_;            // the message being read
  orders::v1::OrderInput record_;            // ... once parsed
  std::unique_ptr<grpc::Alarm> read_alarm_;  // read_delay
  bool ended_ = false;
  bool read_in_flight_ = false;
  bool input_ended_ = false;  // a read ended cleanly: Finish(OK), or CANCELLED if cancelled first
  bool cancelled_ = false;    // OnCancel ran
};

}  // namespace brew
