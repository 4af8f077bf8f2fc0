// How a handler's call ended, as far as gRPC 1.51's callback API lets it
// tell -- the one place the reactors' gRPC-version-specific behaviour is
// written down. The reactor headers speak only of the lesson's ideas and
// call the functions below.
//
// The lesson's Go handler asks two things, and gets a plain answer to each:
// Recv's error (io.EOF: the client closed its send side; anything else: the
// client went away) and stream.Context().Err() ("context canceled" or
// "context deadline exceeded"). gRPC C++ 1.51's callback API answers less:
//
// 1. A read that returns no message is OnReadDone(false), whatever ended it.
//    It *fails* (grpc_call_failed_before_recv_message) when the client
//    cancelled or hit its deadline. It ends *cleanly* -- just like the
//    client's CloseSend, Go's io.EOF -- when the client closed its send
//    side, when the client's connection dropped (its process killed:
//    measured), and when the client sent a message over the server's
//    max_receive_message_bytes: gRPC drops that message, ends the read
//    cleanly, then cancels the call (the client gets RESOURCE_EXHAUSTED)
//    and runs OnCancel a moment later, or a moment before. Nothing in the
//    API says which clean end it was (a ServerInterceptor sees a null
//    message either way). So a handler whose input ended cleanly waits for
//    OnDone -- by then OnCancel has run if it ever will -- and only then
//    logs the lesson's clean end, or, if a cancel came,
//    InputEndedThenCancelledWhy naming every possible cause.
//    ReadFailed asks how the read ended, never whether the call is
//    cancelled by the time OnReadDone runs: the cancel can land in between
//    (asking that made CI's TSan run log an over-size ping as "client gone",
//    3 times in 200 under load).
//
// 2. A message that does not parse is also reported as OnReadDone(false),
//    and a Subscribe request that does not parse is answered UNIMPLEMENTED.
//    Go's server answers both with an error (INTERNAL). So the service
//    registers its methods raw and the handlers parse the bytes themselves
//    (wire_message.h), which makes a bad message an error that names it.
//
// 3. OnCancel says the call is over, not why. Go's ctx.Err() says deadline
//    or cancel; here ContextError looks at the deadline. The client's
//    deadline fires on the client's clock, and the cancel it sends can reach
//    the server a little before the server's own copy of the deadline
//    (taken when the headers arrived) has passed, so a cancel within
//    kDeadlineSlack of the deadline counts as the deadline. A real cancel
//    that close to a deadline is reported as one.
//
// 4. When the server stops, gRPC cancels the calls still open after the
//    grace period: the handler sees the same OnCancel as for a client that
//    went away. HandlerEnv::stopping tells the two apart (EarlyEndCause).
#pragma once

#include <grpcpp/server_context.h>

#include <chrono>
#include <string>

namespace brew {

inline constexpr std::chrono::milliseconds kDeadlineSlack{100};

// Whether the call's deadline has passed (within kDeadlineSlack).
bool AtDeadline(const grpc::CallbackServerContext& ctx);

// Go's ctx.Err() text: "context deadline exceeded" or "context canceled".
std::string ContextError(const grpc::CallbackServerContext& ctx);

// Whether a read that returned no message failed (the client cancelled or
// hit its deadline) rather than ended cleanly (see 1 above). A read can fail
// a moment before gRPC marks the call as past its deadline; the deadline
// check, with kDeadlineSlack, covers that moment.
bool ReadFailed(grpc::CallbackServerContext& ctx);

// Why a call ended before the handler finished it on its own terms; the
// log says "<rpc> ended: client gone" or "<rpc> ended: server stopping".
enum class EarlyEnd {
  kClientGone,      // cancelled, deadline, lost connection: "client gone"
  kServerStopping,  // the server is shutting down: "server stopping"
};
// A call at its deadline ended by the deadline, even while the server
// stops: the client asked for that end.
EarlyEnd EarlyEndCause(bool server_stopping, bool at_deadline);

// The `why` of a handler whose input ended cleanly and whose call was then
// cancelled before it answered (see 1 above).
std::string InputEndedThenCancelledWhy(int max_receive_message_bytes);

}  // namespace brew
