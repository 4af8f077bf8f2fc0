#include "core/server/context_error.h"

namespace brew {

std::string ContextError(const grpc::CallbackServerContext& ctx) {
  if (ctx.deadline() <= std::chrono::system_clock::now() + kDeadlineSlack) {
    return "context deadline exceeded";
  }
  return "context canceled";
}

}  // namespace brew
