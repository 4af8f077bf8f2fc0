// kafka-embedded: a Kafka-protocol broker in memory, with brew.orders.v1
// (3 partitions) created, for the lesson's Kafka side on a machine with no
// Kafka installed.
//
//   kafka-embedded
//
// Prints "kafka-embedded: brokers at 127.0.0.1:PORT (...)" and serves any
// Kafka client at that address (e.g. kcat -b 127.0.0.1:PORT -L) until
// Ctrl+C (SIGINT) or SIGTERM; then exits 0, and the records are gone.
#include <iostream>
#include <string>

#include "cmd/signal_watch.h"
#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/kafka/embedded_broker.h"

namespace {

constexpr char kProgram[] = "kafka-embedded";

}  // namespace

int main(int argc, char** argv) {
  // Before anything starts a thread (librdkafka starts several): see
  // signal_watch.h.
  brew::cli::BlockStopSignals();
  brew::cli::FlagSet flags(kProgram,
                           "A Kafka-protocol broker in memory (librdkafka's mock cluster) "
                           "with brew.orders.v1 created.");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;

  std::string error;
  auto broker = brew::kafka::EmbeddedBroker::Start(&error);
  if (!broker) {
    brew::cli::PrintError(kProgram, error);
    return 1;
  }
  std::cout << kProgram << ": brokers at " << broker->bootstrap()
            << " (in memory: the data lives as long as this process)" << std::endl;

  brew::cli::SignalWatcher watcher;
  watcher.Wait();
  watcher.Stop();
  broker.reset();
  return 0;
}
