// streaming-server: the lesson's server (Subscribe, UploadOrders, Chat).
//
//   streaming-server [--addr 127.0.0.1:50052] [--tick 1s] [--echo-delay 200ms]
//                    [--read-delay 0s]
//
// Runs until Ctrl+C (SIGINT) or SIGTERM, then shuts down: live streams get a
// short grace to end, the rest are cancelled, and it exits 0.
#include <string>

#include "cmd/signal_watch.h"
#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/server/streaming_server.h"
#include "core/util/grpc_log.h"

namespace {

constexpr char kProgram[] = "streaming-server";

}  // namespace

int main(int argc, char** argv) {
  // Before anything starts a thread: see signal_watch.h.
  brew::cli::BlockStopSignals();
  brew::QuietGrpcLogs();

  brew::ServerOptions options;
  brew::cli::FlagSet flags(kProgram, "The gRPC streaming lesson's server.");
  flags.AddAddr(&options.addr, "host:port to listen on (\":50052\": every interface)");
  flags.AddPositiveDuration("--tick", &options.config.tick,
                            "interval between Subscribe events (Go duration)");
  flags.AddDuration("--echo-delay", &options.config.echo_delay,
                    "minimum time between Chat echoes (Go duration)");
  flags.AddDuration("--read-delay", &options.config.read_delay,
                    "time spent on each UploadOrders record or Chat message read, "
                    "before the next read (Go duration; backpressure exercises)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;

  std::string error;
  const auto server = brew::StreamingServer::Start(options, &error);
  if (!server) {
    brew::cli::PrintError(kProgram, error);
    return 1;
  }

  // The Go lesson's `<-ctx.Done()` from signal.NotifyContext, then
  // GracefulStop.
  brew::cli::SignalWatcher watcher;
  watcher.Wait();
  watcher.Stop();
  server->Shutdown();
  return 0;
}
