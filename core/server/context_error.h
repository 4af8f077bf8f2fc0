// Why a server-side call ended early, in the words of Go's ctx.Err():
// "context deadline exceeded" when the client's deadline is what ended it,
// "context canceled" otherwise (the client cancelled or went away).
//
// In Go the handler asks stream.Context().Err(). The C++ callback API only
// tells a reactor that the call was cancelled (OnCancel), so we look at the
// deadline. The client's deadline fires on the client's clock, which then
// cancels the stream; that cancel can reach the server a little before the
// server's own copy of the deadline (taken when the headers arrived) has
// passed. So a cancel within kDeadlineSlack of the deadline counts as the
// deadline; a real cancel that close to a deadline is reported as one.
#pragma once

#include <chrono>
#include <string>

#include <grpcpp/server_context.h>

namespace brew {

inline constexpr std::chrono::milliseconds kDeadlineSlack{100};

std::string ContextError(const grpc::CallbackServerContext& ctx);

// Whether the call's deadline has passed (within kDeadlineSlack).
bool AtDeadline(const grpc::CallbackServerContext& ctx);

// Whether a failed read or write means the call is over: cancelled, or at
// its deadline. A read or write can fail a moment before gRPC marks the
// call cancelled (and before OnCancel runs); the deadline, with the same
// slack, covers that moment for deadlines. A read that fails on a call
// that is not over is the client closing its send side (Go's io.EOF).
bool CallIsOver(const grpc::CallbackServerContext& ctx);

}  // namespace brew
