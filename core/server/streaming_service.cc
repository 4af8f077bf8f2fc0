#include "core/server/streaming_service.h"

#include "core/server/chat_reactor.h"
#include "core/server/subscribe_reactor.h"
#include "core/server/upload_reactor.h"

namespace brew {

grpc::ServerWriteReactor<grpc::ByteBuffer>* StreamingServiceImpl::Subscribe(
    grpc::CallbackServerContext* ctx, const grpc::ByteBuffer* request) {
  return new SubscribeReactor(ctx, *request, env_);
}

grpc::ServerReadReactor<grpc::ByteBuffer>* StreamingServiceImpl::UploadOrders(
    grpc::CallbackServerContext* ctx, grpc::ByteBuffer* summary) {
  return new UploadReactor(ctx, summary, env_);
}

grpc::ServerBidiReactor<grpc::ByteBuffer, grpc::ByteBuffer>* StreamingServiceImpl::Chat(
    grpc::CallbackServerContext* ctx) {
  return new ChatReactor(ctx, env_);
}

}  // namespace brew
