// client-server-stream: the barista screen (server-stream Subscribe).
//
//   client-server-stream [--addr 127.0.0.1:50052] [--customer ID] [--limit 5]
//                        [--deadline 10s] [--read-delay 0s] [--message-bytes 0]
//
// Prints each OrderEvent as it arrives. Exit 0 when the server ends the
// stream (--limit reached), 130 on Ctrl+C, 1 on any other end.
#include <string>

#include "cmd/client_session.h"
#include "cmd/signal_watch.h"
#include "core/cli/flags.h"
#include "core/client/subscribe_client.h"
#include "core/util/grpc_log.h"

int main(int argc, char** argv) {
  brew::cli::BlockStopSignals();  // before any thread: see signal_watch.h
  brew::QuietGrpcLogs();

  std::string addr = "127.0.0.1:50052";
  brew::SubscribeOptions options;
  brew::cli::FlagSet flags("client-server-stream", "Subscribe to new orders (server-stream).");
  flags.AddAddr(&addr, "server address");
  flags.AddString("--customer", &options.customer_id, "customer id (empty: every customer)");
  flags.AddCount("--limit", &options.limit, "events to receive; 0: until Ctrl+C");
  flags.AddOptionalDuration("--deadline", &options.deadline, "deadline for the call (Go duration)");
  flags.AddMessageBytes(&options.message_bytes,
                        "size to ask the server to pad each event to (0: no padding)");
  flags.AddDuration("--read-delay", &options.read_delay,
                    "pause after each event before reading the next (Go duration)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;

  brew::cli::ClientSession session(flags.program(), brew::StreamKind::kSubscribe);
  if (!session.Connect(addr)) return 1;

  // Blocks until the stream ends: the server's OK (Go's io.EOF from Recv),
  // our cancel, the deadline or an error.
  const brew::SubscribeResult result =
      brew::RunSubscribe(session.stub(), options, session.observer(), session.control());
  return session.Finish(result.status, options.deadline,
                        ", got " + std::to_string(result.received) + " events");
}
