// KitchenConsumer: kitchen-service inside the server (streaming-server
// --orders-from kafka). One consumer reads brew.orders.v1 and hands each
// order to an OrderFeed, which fans it out to the live Subscribe streams:
// the barista screens show what the durable log says, as the lesson's
// architecture has it.
//
// An OrderConsumer (order_consumer.h: librdkafka's consume() loop, the
// partitions assigned, not subscribed) that starts at the offset each
// partition ends at when the feed starts. A screen sees orders from the moment it
// subscribes (a stream has no replay), so there is nothing to resume and
// nothing to commit; and an assignment needs no group rebalance, which the
// mock broker would make take 3 s.
//
// What it promises
// - Start returns only once every partition's start offset is known (the
//   consumer is positioned): an order produced after Start returns reaches
//   every screen joined at that moment. nullptr and one line in `error` if
//   the broker or the topic is not there within 5 s.
// - A record that is no OrderEvent is skipped with a warning in the log.
// - The destructor stops the thread and closes the consumer (within the
//   consume timeout and librdkafka's close).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/kafka/order_consumer.h"
#include "core/server/order_feed.h"
#include "core/util/logger.h"

namespace brew::kafka {

// The consumer group kitchen-service's feed is named for (in the log; it
// commits nothing, so the group's offsets are left to real consumers).
inline constexpr char kKitchenGroup[] = "kitchen-service";

class KitchenConsumer {
 public:
  static std::unique_ptr<KitchenConsumer> Start(const std::string& bootstrap,
                                                const std::string& topic, OrderFeed* feed,
                                                Logger* logger, std::string* error);
  ~KitchenConsumer();
  KitchenConsumer(const KitchenConsumer&) = delete;
  KitchenConsumer& operator=(const KitchenConsumer&) = delete;

 private:
  KitchenConsumer(OrderFeed* feed, Logger* logger) : feed_(feed), logger_(logger) {}
  void ConsumeLoop();

  OrderFeed* const feed_;
  Logger* const logger_;
  std::unique_ptr<OrderConsumer> consumer_;  // from latest, never committing
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace brew::kafka
