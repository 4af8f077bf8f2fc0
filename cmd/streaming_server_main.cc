// streaming-server: the lesson's server (Subscribe, UploadOrders, Chat).
//
//   streaming-server [--addr 127.0.0.1:50052] [--tick 1s] [--echo-delay 200ms]
//                    [--read-delay 0s]
//                    [--kafka HOST:PORT|embedded [--orders-from kafka]
//                     [--kafka-topic brew.orders.v1] [--publish-timeout 10s]]
//
// The --kafka flags are not in the lesson: they run the other side of its
// rule of thumb (core/kafka/server_kafka.h, docs/stream-or-kafka.md).
//
// Runs until Ctrl+C (SIGINT) or SIGTERM, then shuts down: live streams get a
// short grace to end, the rest are cancelled, and it exits 0.
#include <string>

#include "cmd/signal_watch.h"
#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/kafka/orders_topic.h"
#include "core/kafka/server_kafka.h"
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
  brew::kafka::ServerKafkaOptions kafka_options;
  kafka_options.topic = brew::kafka::kOrdersTopic;
  std::string orders_from = "tick";
  flags.AddString("--kafka", &kafka_options.kafka,
                  "publish accepted UploadOrders records to Kafka: HOST:PORT of a broker, or "
                  "\"embedded\" for one in memory in this process (not in the lesson)");
  flags.AddString("--orders-from", &orders_from,
                  "where Subscribe's orders come from: \"tick\" (the lesson's stand-in) or "
                  "\"kafka\" (the topic, read by kitchen-service; needs --kafka)");
  flags.AddString("--kafka-topic", &kafka_options.topic, "the topic of orders");
  flags.AddPositiveDuration("--publish-timeout", &kafka_options.publish_timeout,
                            "how long an order may wait for Kafka before its upload fails "
                            "(Go duration)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (orders_from != "tick" && orders_from != "kafka") {
    return flags.UsageError("--orders-from", "\"" + orders_from + "\": want tick or kafka");
  }
  kafka_options.orders_from_kafka = orders_from == "kafka";
  if (kafka_options.orders_from_kafka && kafka_options.kafka.empty()) {
    return flags.UsageError("--orders-from", "kafka needs --kafka HOST:PORT or --kafka embedded");
  }

  std::string error;
  // Before the server, so it is destroyed after it (server_kafka.h).
  std::unique_ptr<brew::kafka::ServerKafka> kafka;
  if (!kafka_options.kafka.empty()) {
    kafka = brew::kafka::ServerKafka::Start(kafka_options, options.log_sink, &error);
    if (!kafka) {
      brew::cli::PrintError(kProgram, error);
      return 1;
    }
    options.order_sink = kafka->sink();
    options.order_feed = kafka->feed();
  }
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
