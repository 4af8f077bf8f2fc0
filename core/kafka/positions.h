// Where a consumer starts reading brew.orders.v1, partition by partition:
// the `--from` of client-consumer and of labrun's `consume` step.
//
//   committed  where the consumer group left off: the offset it committed
//              last (the next record to read); a partition the group never
//              committed starts at its earliest record, so a new service
//              reads the topic from the beginning
//   earliest   the first record still on the topic: a replay of the log
//   latest     the end: only what is produced from now on, like a screen
//
// StartPositions asks the broker for each partition's offsets itself
// (watermarks, and the group's committed offsets) and returns exact
// offsets, never librdkafka's logical OFFSET_BEGINNING/OFFSET_END: once it
// returns, the consumer's position is known, so a record produced after
// that is one it will read. The caller assign()s the result; nothing here
// joins the group (no rebalance: see kitchen_consumer.h and client-consumer).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace brew::kafka {

enum class From { kCommitted, kEarliest, kLatest };

// "committed", "earliest" or "latest"; nullopt for anything else.
std::optional<From> ParseFrom(const std::string& text);
const char* FromName(From from);

// One TopicPartition per partition of `topic`, with its start offset, in
// `out` (the caller frees them with RdKafka::TopicPartition::destroy).
// False and one line in `error` if the broker, the topic or an offset is
// not there within `timeout`.
bool StartPositions(RdKafka::KafkaConsumer& consumer, const std::string& bootstrap,
                    const std::string& topic, From from, std::chrono::milliseconds timeout,
                    std::vector<RdKafka::TopicPartition*>* out, std::string* error);

}  // namespace brew::kafka
