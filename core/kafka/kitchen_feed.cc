#include "core/kafka/kitchen_feed.h"

#include <chrono>
#include <vector>

#include "core/kafka/client_conf.h"
#include "core/kafka/positions.h"

namespace brew::kafka {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(5);
constexpr int kConsumeMs = 100;

}  // namespace

std::unique_ptr<KitchenFeed> KitchenFeed::Start(const std::string& bootstrap,
                                                const std::string& topic, OrderFeed* feed,
                                                Logger* logger, std::string* error) {
  std::unique_ptr<KitchenFeed> kitchen(new KitchenFeed(feed, logger));
  auto conf = NewConf(bootstrap, kKitchenGroup, error);
  if (!conf || !Set(*conf, {{"group.id", kKitchenGroup}, {"enable.auto.commit", "false"}}, error)) {
    return nullptr;
  }
  std::string why;
  kitchen->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), why));
  if (!kitchen->consumer_) {
    *error = "kafka consumer: " + why;
    return nullptr;
  }
  std::vector<RdKafka::TopicPartition*> start;
  if (!StartPositions(*kitchen->consumer_, bootstrap, topic, From::kLatest, kStartTimeout, &start,
                      error)) {
    return nullptr;
  }
  const RdKafka::ErrorCode err = kitchen->consumer_->assign(start);
  RdKafka::TopicPartition::destroy(start);
  if (err != RdKafka::ERR_NO_ERROR) {
    *error = "kafka consumer: assign " + topic + ": " + RdKafka::err2str(err);
    return nullptr;
  }
  logger->Info("orders source: kafka", {{"topic", topic}, {"group", kKitchenGroup}});
  kitchen->thread_ = std::thread([k = kitchen.get()] { k->ConsumeLoop(); });
  return kitchen;
}

void KitchenFeed::ConsumeLoop() {
  while (!stop_.load(std::memory_order_acquire)) {
    std::unique_ptr<RdKafka::Message> message(consumer_->consume(kConsumeMs));
    if (message->err() != RdKafka::ERR_NO_ERROR) continue;  // a timeout, or retried by librdkafka
    orders::v1::OrderEvent order;
    if (!order.ParseFromArray(message->payload(), static_cast<int>(message->len()))) {
      logger_->Warn("orders source: skipped a record that is no OrderEvent",
                    {{"partition", message->partition()}, {"offset", message->offset()}});
      continue;
    }
    feed_->Publish(order);
  }
}

KitchenFeed::~KitchenFeed() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (consumer_) consumer_->close();
}

}  // namespace brew::kafka
