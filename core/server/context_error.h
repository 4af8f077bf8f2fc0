// Why a server-side call ended early, in the words of Go's ctx.Err():
// "context deadline exceeded" when the client's deadline has passed,
// "context canceled" otherwise (the client cancelled or went away).
//
// In Go the handler asks stream.Context().Err(). The C++ callback API only
// tells a reactor that the call was cancelled (OnCancel); the deadline tells
// the two cases apart.
#pragma once

#include <string>

#include <grpcpp/server_context.h>

namespace brew {

std::string ContextError(const grpc::CallbackServerContext& ctx);

}  // namespace brew
