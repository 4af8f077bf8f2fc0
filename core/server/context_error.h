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

#include <grpcpp/server_context.h>

#include <chrono>
#include <string>

namespace brew {

inline constexpr std::chrono::milliseconds kDeadlineSlack{100};

std::string ContextError(const grpc::CallbackServerContext& ctx);

// Whether the call's deadline has passed (within kDeadlineSlack).
bool AtDeadline(const grpc::CallbackServerContext& ctx);

// Whether a read that returned no message failed -- the client cancelled
// or hit its deadline -- rather than ended cleanly (the client closing its
// send side, Go's io.EOF, or one of the other clean ends described at
// InputEndedThenCancelledWhy). It asks how the read ended, not whether the
// call is cancelled by now: a cancel can land between the read's end and
// its OnReadDone. A read can also fail a moment before gRPC marks the call
// as past its deadline; the deadline check, with kDeadlineSlack, covers
// that moment.
bool ReadFailed(grpc::CallbackServerContext& ctx);

// The `why` of a handler whose input ended cleanly (no read failed) and
// whose call was then cancelled before it answered. gRPC 1.51 reports a
// message over the server's max_receive_message_bytes exactly so: it drops
// the message, ends the handler's read as a clean end of input (the
// context not cancelled, grpc_call_failed_before_recv_message() false,
// just as when the client closes its send side), cancels the call -- the
// client gets RESOURCE_EXHAUSTED -- and only then (or a moment before)
// runs OnCancel. A client that closes its send side and then cancels or
// disconnects before the answer goes out looks the same to the handler, and
// so does a client whose connection drops (its process killed): the read
// ends cleanly then too (measured; a client's cancel, by contrast, makes
// the read fail).
// Nothing in the callback API says which (a ServerInterceptor sees a null
// message either way), so the handler waits until both the read and the
// cancel are in, and its log line names both causes instead of claiming
// "client gone" or a clean end.
std::string InputEndedThenCancelledWhy(int max_receive_message_bytes);

}  // namespace brew
