#include "core/server/call_end.h"

#include <grpc/grpc.h>

namespace brew {

bool AtDeadline(const grpc::CallbackServerContext& ctx) {
  return ctx.deadline() <= std::chrono::system_clock::now() + kDeadlineSlack;
}

std::string ContextError(const grpc::CallbackServerContext& ctx) {
  return AtDeadline(ctx) ? "context deadline exceeded" : "context canceled";
}

bool ReadFailed(grpc::CallbackServerContext& ctx) {
  return grpc_call_failed_before_recv_message(ctx.c_call()) != 0 || AtDeadline(ctx);
}

EarlyEnd EarlyEndCause(bool server_stopping, bool at_deadline) {
  return server_stopping && !at_deadline ? EarlyEnd::kServerStopping : EarlyEnd::kClientGone;
}

std::string InputEndedThenCancelledWhy(int max_receive_message_bytes) {
  return "the client closed its send side or its connection, or sent a message over "
         "max_receive_message_bytes=" +
         std::to_string(max_receive_message_bytes) + " (it got RESOURCE_EXHAUSTED)";
}

}  // namespace brew
