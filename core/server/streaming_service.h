// The StreamingService of proto/orders/v1/streaming.proto, on gRPC's
// callback API: each RPC creates its reactor (one class per RPC, as in
// gRPC's route_guide example) and gRPC drives it from its own threads, so
// thousands of open streams need no thread each.
#pragma once

#include "core/server/handler_env.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew {

class StreamingServiceImpl final : public orders::v1::StreamingService::CallbackService {
 public:
  StreamingServiceImpl(const ServerConfig& config, Logger& logger) : env_(config, logger) {}

  grpc::ServerWriteReactor<orders::v1::OrderEvent>* Subscribe(
      grpc::CallbackServerContext* ctx, const orders::v1::SubscribeRequest* request) override;

  grpc::ServerReadReactor<orders::v1::OrderInput>* UploadOrders(
      grpc::CallbackServerContext* ctx, orders::v1::UploadSummary* summary) override;

  grpc::ServerBidiReactor<orders::v1::ChatMessage, orders::v1::ChatMessage>* Chat(
      grpc::CallbackServerContext* ctx) override;

  // From now on, streams the server cancels are logged as "server stopping".
  void MarkStopping() { env_.stopping = true; }

  // Waits until no handler is running (see LiveHandlers).
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) { return env_.live.WaitIdle(deadline); }

 private:
  HandlerEnv env_;
};

}  // namespace brew
