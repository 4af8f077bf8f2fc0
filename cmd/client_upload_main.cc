// client-upload: the nightly batch import (client-stream UploadOrders).
//
//   client-upload [--addr 127.0.0.1:50052] [--count 20] [--bad 0] [--pause 0s]
//                 [--customer cust-import] [--deadline 10s] [--message-bytes 0]
//
// Sends --count records (the first --bad with amount 0, so the server
// rejects them), closes the send side and prints the server's summary.
// Exit 0 on a summary, 130 on Ctrl+C, 1 otherwise.
#include <string>

#include "cmd/client_session.h"
#include "cmd/signal_watch.h"
#include "core/cli/flags.h"
#include "core/client/upload_client.h"
#include "core/util/grpc_log.h"

int main(int argc, char** argv) {
  brew::cli::BlockStopSignals();  // before any thread: see signal_watch.h
  brew::QuietGrpcLogs();

  std::string addr = "127.0.0.1:50052";
  brew::UploadOptions options;
  brew::cli::FlagSet flags("client-upload", "Upload a batch of orders (client-stream).");
  flags.AddAddr(&addr, "server address");
  flags.AddCount("--count", &options.count, "records to send");
  flags.AddCount("--bad", &options.bad, "how many of them (the first ones) are invalid");
  flags.AddDuration("--pause", &options.pause, "pause after each record (Go duration)");
  flags.AddString("--customer", &options.customer_id, "customer id of every record");
  flags.AddOptionalDuration("--deadline", &options.deadline, "deadline for the call (Go duration)");
  flags.AddMessageBytes(&options.message_bytes,
                        "size of each record on the wire, with padding (0: no padding)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (options.bad > options.count) {
    return flags.UsageError("--bad", "must be at most --count (" + std::to_string(options.count) +
                                         "), got " + std::to_string(options.bad));
  }

  brew::cli::ClientSession session(flags.program(), brew::StreamKind::kUpload);
  if (!session.Connect(addr)) return 1;

  // Quiet while sending; then Go's CloseAndRecv: close the send side and
  // read the one summary.
  const brew::UploadResult result =
      brew::RunUpload(session.stub(), options, session.observer(), session.control());
  return session.Finish(result.status, options.deadline,
                        ", sent " + std::to_string(result.sent) + " records");
}
