#include "runner/run/scenario_kafka.h"

#include <unistd.h>

#include <atomic>

#include "core/kafka/order_consumer.h"
#include "core/kafka/orders_topic.h"
#include "core/kafka/topic_admin.h"

namespace brew::lab {

bool ScenarioKafka::Start(std::string* error) {
  if (embedded()) {
    broker_ = kafka::EmbeddedBroker::Start(error);
    if (!broker_) return false;
    wiring_ = {broker_->bootstrap(), kafka::kOrdersTopic};
    return true;
  }
  static std::atomic<int> runs{0};
  wiring_.bootstrap = real_cluster_;
  wiring_.topic = std::string(kafka::kOrdersTopic) + ".labrun-" + std::to_string(getpid()) + "-" +
                  std::to_string(++runs);
  created_topic_ =
      kafka::CreateTopic(wiring_.bootstrap, wiring_.topic, kafka::kOrdersPartitions, error);
  return created_topic_;
}

ScenarioKafka::~ScenarioKafka() {
  if (created_topic_) {
    std::string ignored;  // a topic left behind is named for its run: harmless
    kafka::DeleteTopic(wiring_.bootstrap, wiring_.topic, &ignored);
  }
}

void ScenarioKafka::SetDown(bool down) {
  if (broker_) broker_->SetDown(down);
}

std::optional<int64_t> ScenarioKafka::CommittedTotal(const std::string& group, std::string* error) {
  kafka::OrderConsumer::Options options;
  options.bootstrap = wiring_.bootstrap;
  options.topic = wiring_.topic;
  options.group = group;
  auto consumer = kafka::OrderConsumer::Start(options, error);
  if (!consumer) return std::nullopt;
  std::vector<kafka::PartitionOffset> offsets;
  if (!consumer->Committed(&offsets, error)) return std::nullopt;
  int64_t total = 0;
  for (const auto& p : offsets) total += p.offset > 0 ? p.offset : 0;
  return total;
}

}  // namespace brew::lab
