// OrderConsumer: one of the services that read brew.orders.v1 (kitchen-
// service, payment-service, inventory-service, courier-service, analytics),
// as a consumer group with its own committed offsets. client-consumer and
// labrun's `consume` step are this class.
//
// The consumer loop of librdkafka's
// examples/rdkafka_complex_consumer_example.cpp (2.0.2, Debian 12's) -- a
// KafkaConsumer polled with consume() and a timeout -- with auto-commit
// off and a commitSync after each record instead, and one difference a
// student should know: the consumer assigns itself every partition at the
// offsets positions.h works out, instead of subscribing and waiting for
// the group coordinator to hand out partitions. It commits
// as the group all the same, so the group's offsets are where the next
// consumer of that group starts. What that costs: two consumers of one
// group running at the same time both read every partition (a subscribed
// group would split them). What it saves: a group rebalance, which takes
// seconds (the mock broker waits 3 s on a group's first join).
//
// What it promises
// - Start returns once the consumer is positioned (positions.h), or
//   nullptr with one line in `error` within `timeout` (an unreachable
//   broker included).
// - Next returns records in offset order within a partition; one
//   customer's orders are on one partition, so in order.
// - Commit(record) stores record.offset + 1 as the group's offset for its
//   partition (the next record to read) before it returns.
// - Not thread-safe: one thread uses a consumer.
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/kafka/positions.h"
#include "orders/v1/streaming.pb.h"

namespace brew::kafka {

struct PartitionOffset {
  int32_t partition = 0;
  int64_t offset = -1;  // the next record to read; -1: none (never committed)
};

struct ConsumedRecord {
  int32_t partition = 0;
  int64_t offset = 0;
  bool is_order = false;  // false: the record's value is no OrderEvent
  orders::v1::OrderEvent order;
};

class OrderConsumer {
 public:
  struct Options {
    std::string bootstrap;
    std::string topic;
    std::string group;
    From from = From::kCommitted;
    std::chrono::milliseconds timeout{5000};  // to start, commit, or read offsets
  };

  static std::unique_ptr<OrderConsumer> Start(const Options& options, std::string* error);
  ~OrderConsumer();  // Close()
  OrderConsumer(const OrderConsumer&) = delete;
  OrderConsumer& operator=(const OrderConsumer&) = delete;

  // Where each partition started.
  const std::vector<PartitionOffset>& start() const { return start_; }

  // The next record, waiting at most `wait`; false if none came.
  bool Next(std::chrono::milliseconds wait, ConsumedRecord* record);

  // Commits record.offset + 1 for its partition; "" or why not.
  std::string Commit(const ConsumedRecord& record);

  // The group's committed offsets, asked of the broker, one per partition.
  bool Committed(std::vector<PartitionOffset>* offsets, std::string* error);

  // Leaves the topic; idempotent.
  void Close();

 private:
  explicit OrderConsumer(const Options& options) : options_(options) {}

  const Options options_;
  std::unique_ptr<RdKafka::KafkaConsumer> consumer_;
  std::vector<PartitionOffset> start_;
  bool closed_ = false;
};

// "partition 0 offset=5, partition 1 offset=3, ..." (offset=none if -1).
std::string FormatOffsets(const std::vector<PartitionOffset>& offsets);

}  // namespace brew::kafka
