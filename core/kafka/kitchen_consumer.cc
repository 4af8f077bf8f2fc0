#include "core/kafka/kitchen_consumer.h"

#include <chrono>

namespace brew::kafka {
namespace {

constexpr auto kStartTimeout = std::chrono::seconds(5);
constexpr auto kConsumeWait = std::chrono::milliseconds(100);

}  // namespace

std::unique_ptr<KitchenConsumer> KitchenConsumer::Start(const std::string& bootstrap,
                                                        const std::string& topic, OrderFeed* feed,
                                                        Logger* logger, std::string* error) {
  std::unique_ptr<KitchenConsumer> kitchen(new KitchenConsumer(feed, logger));
  OrderConsumer::Options options;
  options.bootstrap = bootstrap;
  options.topic = topic;
  options.group = kKitchenGroup;
  options.from = From::kLatest;
  options.timeout = kStartTimeout;
  kitchen->consumer_ = OrderConsumer::Start(options, error);
  if (!kitchen->consumer_) return nullptr;
  logger->Info("orders source: kafka", {{"topic", topic}, {"group", kKitchenGroup}});
  kitchen->thread_ = std::thread([k = kitchen.get()] { k->ConsumeLoop(); });
  return kitchen;
}

// The consumer is this thread's alone from here on (OrderConsumer is not
// thread-safe); it commits nothing: the screens have no offsets to keep.
void KitchenConsumer::ConsumeLoop() {
  while (!stop_.load(std::memory_order_acquire)) {
    ConsumedRecord record;
    if (!consumer_->Next(kConsumeWait, &record)) continue;
    if (!record.is_order) {
      logger_->Warn("orders source: skipped a record that is no OrderEvent",
                    {{"partition", record.partition}, {"offset", record.offset}});
      continue;
    }
    feed_->FanOut(record.order);
  }
}

KitchenConsumer::~KitchenConsumer() {
  stop_.store(true, std::memory_order_release);
  if (thread_.joinable()) thread_.join();
  if (consumer_) consumer_->Close();
}

}  // namespace brew::kafka
