// What a client reports while it runs: one ClientEvent per start, send,
// receive, cancel, close of its send side, end (and, for a Kafka consumer,
// commit), each with a monotonic timestamp, so labrun can put client and
// server events on one timeline and the command-line clients can print
// them. The kinds are event_kind.h's; no gRPC here (core/client/
// grpc_status.h turns a grpc::StatusCode into a StatusCode).
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "core/event/event_kind.h"
#include "core/event/status_code.h"

namespace brew {

struct ClientEvent {
  EventKind kind = EventKind::kStart;
  std::chrono::steady_clock::time_point time;
  int n = 0;  // send/recv: 1 for the first message of its direction
  // send/recv: the message in short. done: the status message, or for an
  // upload that ended OK its summary, "received=20 accepted=17 rejected=3
  // total_cents=20400".
  std::string text;
  StatusCode code = StatusCode::kOk;  // done: how the call ended
};

// Called from the thread running the client function, from Chat's reader
// thread, and (kCancel) from the thread that calls CallControl::Cancel: an
// observer shared across them must be thread-safe. The event is lent for
// the call: an observer that keeps it copies what it needs.
using ClientObserver = std::function<void(const ClientEvent&)>;

}  // namespace brew
