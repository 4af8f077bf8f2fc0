#include "core/server/context_error.h"

#include <chrono>

namespace brew {

std::string ContextError(const grpc::CallbackServerContext& ctx) {
  if (ctx.deadline() <= std::chrono::system_clock::now()) return "context deadline exceeded";
  return "context canceled";
}

}  // namespace brew
