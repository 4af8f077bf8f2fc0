// ClientSession: the frame around each client program's one call.
//
//   - Connect() waits until the server is reachable, at most kConnectWait,
//     so that a wrong --addr is one clear line and exit 1, never a hang:
//     gRPC itself keeps retrying a refused connection until the call's
//     deadline (forever without one).
//   - Ctrl+C / SIGTERM cancel the call. Go's clients get this from
//     signal.NotifyContext: the signal cancels ctx and the blocked Recv
//     returns codes.Canceled. Here a SignalWatcher thread calls
//     CallControl::Cancel (grpc::ClientContext::TryCancel); the blocked
//     Read/Write return false and Finish says CANCELLED.
//   - observer() prints each event as brew::ClientPrinter words it (the
//     same lines labrun logs). It is called from the thread running the call
//     and, for chat, from the reader thread (the lesson's readEchoes
//     goroutine): a lock keeps the two threads' lines whole.
//   - Finish() turns the call's end into the last line and the exit status.
//
// Construct it in main after BlockStopSignals().
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "cmd/signal_watch.h"
#include "core/client/call_control.h"
#include "core/event/client_event.h"
#include "core/event/client_printer.h"
#include "core/util/duration.h"
#include "core/util/mutex.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew::cli {

class ClientSession {
 public:
  // Under the promised 5 s, start-up included.
  static constexpr Duration kConnectWait = std::chrono::seconds(4);

  ClientSession(std::string program, StreamKind shape);

  // Dials `addr` and waits until the connection is up. On failure prints
  // "program: cannot reach server at ADDR: ..." and returns false. A stop
  // signal ends the wait early and returns true: the call then starts
  // already cancelled and ends at once as CANCELLED.
  bool Connect(const std::string& addr);

  orders::v1::StreamingService::Stub& stub() { return *stub_; }
  CallControl* control() { return &control_; }
  const ClientObserver& observer() const { return observer_; }

  // After the call returned with `status`: stops watching for signals,
  // prints the last line and returns the exit status --
  //   OK:          the printer's ending on stdout (e.g. "stream closed by
  //                server, got 3 events"); 0.
  //   Ctrl+C:      "cancelled by client (Ctrl+C)" + `tally` on stdout; 130
  //                (143 for SIGTERM).
  //   otherwise:   "program: <what> failed: <status>" + `tally` on stderr; 1.
  // `tally` says how far the call got, e.g. ", got 2 events".
  int Finish(const grpc::Status& status, const std::optional<Duration>& deadline,
             const std::string& tally);

 private:
  std::string program_;
  StreamKind shape_;
  brew::Mutex print_mu_;
  ClientPrinter printer_ ABSL_GUARDED_BY(print_mu_);
  ClientEvent done_ ABSL_GUARDED_BY(print_mu_);  // the kDone event
  ClientObserver observer_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<orders::v1::StreamingService::Stub> stub_;
  CallControl control_;
  SignalWatcher watcher_;  // after control_: stopped before control_ goes
};

// One line for a call that ended with an error status: "deadline exceeded
// (DEADLINE_EXCEEDED, --deadline 2s)" or "UNAVAILABLE: <message>".
std::string DescribeFailure(const grpc::Status& status, const std::optional<Duration>& deadline);

}  // namespace brew::cli
