// The StreamingService of proto/orders/v1/streaming.proto, on gRPC's
// callback API: each RPC creates its reactor (one class per RPC, as in
// gRPC's route_guide example) and gRPC drives it from its own threads, so
// thousands of open streams need no thread each. The methods are registered
// raw: the reactors parse each message themselves, so a message that does
// not parse is an error and never the end of a stream (wire_message.h).
#pragma once

#include <grpcpp/support/byte_buffer.h>

#include "core/server/handler_env.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew {

// Every method raw: requests and responses are grpc::ByteBuffer.
using RawStreamingService = orders::v1::StreamingService::WithRawCallbackMethod_Subscribe<
    orders::v1::StreamingService::WithRawCallbackMethod_UploadOrders<
        orders::v1::StreamingService::WithRawCallbackMethod_Chat<
            orders::v1::StreamingService::Service>>>;

class StreamingServiceImpl final : public RawStreamingService {
 public:
  StreamingServiceImpl(const ServerConfig& config, Logger& logger, OrderSink* sink = nullptr,
                       OrderFeed* feed = nullptr)
      : env_(config, logger, sink, feed) {}

  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(grpc::CallbackServerContext* ctx,
                                                        const grpc::ByteBuffer* request) override;

  grpc::ServerReadReactor<grpc::ByteBuffer>* UploadOrders(grpc::CallbackServerContext* ctx,
                                                          grpc::ByteBuffer* summary) override;

  grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* Chat(
      grpc::CallbackServerContext* ctx) override;

  // From now on, streams the server cancels are logged as "server stopping".
  void MarkStopping() { env_.stopping = true; }

  // Waits until no handler is running (see LiveHandlers).
  bool WaitIdle(std::chrono::steady_clock::time_point deadline) {
    return env_.live.WaitIdle(deadline);
  }

 private:
  HandlerEnv env_;
};

}  // namespace brew
