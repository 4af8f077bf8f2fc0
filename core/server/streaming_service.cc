#include "core/server/streaming_service.h"

#include "core/server/chat_reactor.h"
#include "core/server/subscribe_reactor.h"
#include "core/server/upload_reactor.h"

namespace brew {

grpc::ServerWriteReactor<orders::v1::OrderEvent>* StreamingServiceImpl::Subscribe(
    grpc::CallbackServerContext* ctx, const orders::v1::SubscribeRequest* request) {
  env_.live.Add();
  return new SubscribeReactor(ctx, *request, env_);
}

grpc::ServerReadReactor<orders::v1::OrderInput>* StreamingServiceImpl::UploadOrders(
    grpc::CallbackServerContext* ctx, orders::v1::UploadSummary* summary) {
  env_.live.Add();
  return new UploadReactor(ctx, summary, env_);
}

grpc::ServerBidiReactor<orders::v1::ChatMessage, orders::v1::ChatMessage>*
StreamingServiceImpl::Chat(grpc::CallbackServerContext* ctx) {
  env_.live.Add();
  return new ChatReactor(ctx, env_);
}

}  // namespace brew
