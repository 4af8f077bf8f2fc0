// client-consumer: one of the five services that read brew.orders.v1, each
// as a consumer group with its own committed offsets (not in the lesson's
// code: its "What NOT to do with streams" made runnable).
//
//   client-consumer --kafka HOST:PORT --group kitchen-service
//                   [--from committed|earliest|latest] [--limit 0]
//                   [--kafka-topic brew.orders.v1]
//
// Prints one line per record and commits it before reading the next:
//   [1] partition=0 offset=0 order_id=ord-000001 customer_id=cust-ana amount_cents=450
// At --limit records: "consumer done, group=G, got N records", exit 0.
// Ctrl+C (or SIGTERM): the group's committed offsets, exit 130. A broker
// that does not answer: one line, exit 1, within 5 s.
#include <chrono>
#include <iostream>
#include <string>

#include "cmd/signal_watch.h"
#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/kafka/order_consumer.h"
#include "core/kafka/orders_topic.h"

namespace {

constexpr char kProgram[] = "client-consumer";
constexpr auto kPollWait = std::chrono::milliseconds(100);

}  // namespace

int main(int argc, char** argv) {
  brew::cli::BlockStopSignals();  // before librdkafka starts its threads: see signal_watch.h

  brew::kafka::OrderConsumer::Options options;
  options.topic = brew::kafka::kOrdersTopic;
  std::string from = "committed";
  int limit = 0;
  brew::cli::FlagSet flags(kProgram, "Read brew.orders.v1 as a consumer group (Kafka).");
  flags.AddString("--kafka", &options.bootstrap, "HOST:PORT of a Kafka broker (required)");
  flags.AddString("--group", &options.group,
                  "consumer group, e.g. kitchen-service, payment-service (required)");
  flags.AddString("--from", &from,
                  "where to start: committed (the group's offsets; a new group starts at the "
                  "earliest), earliest, or latest");
  flags.AddCount("--limit", &limit, "records to read, then exit; 0: until Ctrl+C");
  flags.AddString("--kafka-topic", &options.topic, "the topic of orders");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (options.bootstrap.empty()) return flags.UsageError("--kafka", "required (HOST:PORT)");
  if (options.group.empty()) return flags.UsageError("--group", "required");
  const auto parsed_from = brew::kafka::ParseFrom(from);
  if (!parsed_from) {
    return flags.UsageError("--from", "\"" + from + "\": want committed, earliest or latest");
  }
  options.from = *parsed_from;
  // Start waits for the broker's answers: 4 s, so that an unreachable
  // broker is reported within 5 s in all.
  options.timeout = std::chrono::seconds(4);

  std::string error;
  auto consumer = brew::kafka::OrderConsumer::Start(options, &error);
  if (!consumer) {
    brew::cli::PrintError(kProgram, error);
    return 1;
  }
  std::cout << "consumer started, group=" << options.group
            << ", from=" << brew::kafka::FromName(options.from) << ": "
            << brew::kafka::FormatOffsets(consumer->start()) << std::endl;

  brew::cli::SignalWatcher watcher;
  int got = 0;
  while (watcher.received() == 0 && (limit == 0 || got < limit)) {
    brew::kafka::ConsumedRecord record;
    if (!consumer->Next(kPollWait, &record)) continue;
    ++got;
    std::cout << "[" << got << "] partition=" << record.partition << " offset=" << record.offset;
    if (record.is_order) {
      std::cout << " order_id=" << record.order.order_id()
                << " customer_id=" << record.order.customer_id()
                << " amount_cents=" << record.order.amount_cents();
    } else {
      std::cout << " (not an OrderEvent: skipped)";
    }
    std::cout << std::endl;
    // Committed before the next read: if this consumer dies now, the next
    // one of its group starts after this record, not before it.
    if (const std::string err = consumer->Commit(record); !err.empty()) {
      brew::cli::PrintError(kProgram, "commit failed for partition " +
                                          std::to_string(record.partition) + " offset " +
                                          std::to_string(record.offset) + ": " + err);
      return 1;
    }
  }
  watcher.Stop();
  if (const int signo = watcher.received(); signo != 0) {
    std::vector<brew::kafka::PartitionOffset> committed;
    if (consumer->Committed(&committed, &error)) {
      std::cout << "consumer stopped (" << brew::cli::StopSignalName(signo)
                << "), group=" << options.group << ", got " << got
                << " records; committed: " << brew::kafka::FormatOffsets(committed) << std::endl;
    } else {
      brew::cli::PrintError(kProgram, error);
    }
    consumer->Close();
    return brew::cli::ExitCodeForSignal(signo);
  }
  consumer->Close();
  std::cout << "consumer done, group=" << options.group << ", got " << got << " records"
            << std::endl;
  return 0;
}
