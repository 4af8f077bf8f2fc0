// UploadOrders (client-stream): the nightly batch import.
//
// The lesson's Go handler loops on stream.Recv(): io.EOF means the client
// closed its send side, so it answers with SendAndClose(summary); any other
// error means the client went away. In the C++ callback API each Recv is a
// StartRead whose result arrives in OnReadDone(ok):
//
//   ok == true   -> tally the record (lenient: bad ones are counted, not fatal),
//                   read the next
//   ok == false  -> the client closed its side (Go's io.EOF): Finish(OK) sends
//                   the summary, once (Go's SendAndClose) -- unless the call was
//                   cancelled, in which case nobody is left to answer.
#pragma once

#include <mutex>

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include "core/server/handler_env.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

class UploadReactor final : public grpc::ServerReadReactor<orders::v1::OrderInput> {
 public:
  UploadReactor(grpc::CallbackServerContext* ctx, orders::v1::UploadSummary* summary,
                HandlerEnv& env);

  void OnReadDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override {
    env_.live.Done();
    delete this;
  }

 private:
  void TallyLocked(const orders::v1::OrderInput& record);
  void EndClientGoneLocked();

  grpc::CallbackServerContext* const ctx_;
  orders::v1::UploadSummary* const summary_;  // gRPC's response message
  HandlerEnv& env_;

  std::mutex mu_;
  orders::v1::OrderInput record_;  // the message being read
  bool ended_ = false;
};

}  // namespace brew
