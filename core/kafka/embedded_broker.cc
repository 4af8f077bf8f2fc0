#include "core/kafka/embedded_broker.h"

#include "core/kafka/orders_topic.h"

namespace brew::kafka {

std::unique_ptr<EmbeddedBroker> EmbeddedBroker::Start(std::string* error) {
  std::unique_ptr<RdKafka::Conf> conf(RdKafka::Conf::create(RdKafka::Conf::CONF_GLOBAL));
  std::string why;
  // The handle never connects anywhere; librdkafka still wants a
  // bootstrap list, and stays quiet about a broker that is not there.
  if (conf->set("bootstrap.servers", "", why) != RdKafka::Conf::CONF_OK ||
      conf->set("log_level", "3", why) != RdKafka::Conf::CONF_OK) {
    *error = "embedded Kafka broker: " + why;
    return nullptr;
  }
  std::unique_ptr<EmbeddedBroker> broker(new EmbeddedBroker());
  broker->handle_.reset(RdKafka::Producer::create(conf.get(), why));
  if (!broker->handle_) {
    *error = "embedded Kafka broker: " + why;
    return nullptr;
  }
  broker->cluster_ = rd_kafka_mock_cluster_new(broker->handle_->c_ptr(), /*broker_cnt=*/1);
  if (broker->cluster_ == nullptr) {
    *error = "embedded Kafka broker: librdkafka could not start its mock cluster";
    return nullptr;
  }
  broker->bootstrap_ = rd_kafka_mock_cluster_bootstraps(broker->cluster_);
  if (!broker->CreateTopic(kOrdersTopic, error)) return nullptr;
  return broker;
}

bool EmbeddedBroker::CreateTopic(const std::string& topic, std::string* error) {
  const rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(
      cluster_, topic.c_str(), kOrdersPartitions, /*replication_factor=*/1);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
    *error = "embedded Kafka broker: cannot create " + topic + ": " + rd_kafka_err2str(err);
    return false;
  }
  return true;
}

void EmbeddedBroker::SetDown(bool down) {
  constexpr int32_t kBrokerId = 1;  // the mock numbers its brokers from 1
  if (down) {
    rd_kafka_mock_broker_set_down(cluster_, kBrokerId);
  } else {
    rd_kafka_mock_broker_set_up(cluster_, kBrokerId);
  }
}

EmbeddedBroker::~EmbeddedBroker() {
  // The cluster first: it runs on the handle's bookkeeping.
  if (cluster_ != nullptr) rd_kafka_mock_cluster_destroy(cluster_);
}

}  // namespace brew::kafka
