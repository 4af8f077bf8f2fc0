// client-bidi: the coordination channel (bidi Chat).
//
//   client-bidi [--addr 127.0.0.1:50052] [--count 5] [--interval 20ms]
//               [--from order-service] [--deadline 10s]
//               [--message-bytes 0] [--ack-batch 0]
//
// Sends "ping 1".."ping N" while a reader thread prints the echoes, so the
// sends run ahead of the server's throttled echoes. Exit 0 when the server
// ends the chat with OK, 130 on Ctrl+C, 1 otherwise.
#include <string>

#include "cmd/client_session.h"
#include "cmd/signal_watch.h"
#include "core/cli/flags.h"
#include "core/client/chat_client.h"
#include "core/util/grpc_log.h"

int main(int argc, char** argv) {
  brew::cli::BlockStopSignals();  // before any thread: see signal_watch.h
  brew::QuietGrpcLogs();

  std::string addr = "127.0.0.1:50052";
  brew::ChatOptions options;
  brew::cli::FlagSet flags("client-bidi", "Chat with the server (bidi stream).");
  flags.AddAddr(&addr, "server address");
  flags.AddCount("--count", &options.count, "pings to send");
  flags.AddDuration("--interval", &options.interval, "time between pings (Go duration)");
  flags.AddString("--from", &options.from, "sender name in each message");
  flags.AddOptionalDuration("--deadline", &options.deadline, "deadline for the call (Go duration)");
  flags.AddMessageBytes(&options.message_bytes,
                        "size of each ping on the wire, with padding (0: no padding)");
  flags.AddCount("--ack-batch", &options.ack_batch,
                 "send this many pings, then wait for all their echoes (0: never wait)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;

  brew::cli::ClientSession session(flags.program(), brew::StreamKind::kChat);
  if (!session.Connect(addr)) return 1;

  // RunChat reads on its own thread (the lesson's readEchoes goroutine),
  // closes the send side after the last ping (Go's CloseSend) and joins the
  // reader (Go's wg.Wait) before it returns.
  const brew::ChatResult result =
      brew::RunChat(session.stub(), options, session.observer(), session.control());
  return session.Finish(
      result.status, options.deadline,
      ", sent " + std::to_string(result.sent) + ", received " + std::to_string(result.received));
}
