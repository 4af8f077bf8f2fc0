// What a client function reports while it runs: one ClientEvent per start,
// send, receive, cancel and end, each with a monotonic timestamp, so labrun
// can put client and server events on one timeline and the command-line
// clients can print them.
#pragma once

#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <string>

namespace brew {

enum class ClientEventKind { kStart, kSend, kRecv, kCancel, kDone, kCloseSend, kCommit };

// "start", "send", "recv", "cancel", "done", "close_send", "commit": the
// names scenario files use. kCloseSend: an upload or chat client closed its
// send side (Go's CloseSend / CloseAndRecv: the server's Recv sees io.EOF).
// kCommit: a Kafka consumer committed its offset (the Kafka side, not a
// gRPC stream's).
const char* EventKindName(ClientEventKind kind);

struct ClientEvent {
  ClientEventKind kind = ClientEventKind::kStart;
  std::chrono::steady_clock::time_point time;
  int n = 0;  // send/recv: 1 for the first message of its direction
  // send/recv: the message in short. done: the status message, or for an
  // upload that ended OK its summary, "received=20 accepted=17 rejected=3
  // total_cents=20400".
  std::string text;
  grpc::StatusCode code = grpc::StatusCode::OK;  // done: how the call ended
};

// Called from the thread running the client function, from Chat's reader
// thread, and (kCancel) from the thread that calls CallControl::Cancel: an
// observer shared across them must be thread-safe. The event is lent for
// the call: an observer that keeps it copies what it needs.
using ClientObserver = std::function<void(const ClientEvent&)>;

// "OK", "CANCELLED", "DEADLINE_EXCEEDED", ...: the canonical status names.
const char* StatusCodeName(grpc::StatusCode code);

}  // namespace brew
