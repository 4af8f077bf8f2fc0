#include "core/server/context_error.h"

namespace brew {

bool AtDeadline(const grpc::CallbackServerContext& ctx) {
  return ctx.deadline() <= std::chrono::system_clock::now() + kDeadlineSlack;
}

std::string ContextError(const grpc::CallbackServerContext& ctx) {
  return AtDeadline(ctx) ? "context deadline exceeded" : "context canceled";
}

bool CallIsOver(const grpc::CallbackServerContext& ctx) {
  return ctx.IsCancelled() || AtDeadline(ctx);
}

}  // namespace brew
