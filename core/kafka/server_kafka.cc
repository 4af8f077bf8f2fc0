#include "core/kafka/server_kafka.h"

namespace brew::kafka {

std::unique_ptr<ServerKafka> ServerKafka::Start(const ServerKafkaOptions& options, LogSink log_sink,
                                                std::string* error) {
  std::unique_ptr<ServerKafka> kafka(new ServerKafka(std::move(log_sink)));
  kafka->bootstrap_ = options.kafka;
  if (options.kafka == kEmbedded) {
    kafka->broker_ = EmbeddedBroker::Start(error);
    if (!kafka->broker_ || !kafka->broker_->CreateTopic(options.topic, error)) return nullptr;
    kafka->bootstrap_ = kafka->broker_->bootstrap();
    kafka->logger_.Info("kafka broker embedded", {{"brokers", kafka->bootstrap_},
                                                  {"data", "in memory: it dies with this server"}});
  }
  kafka->publisher_ =
      OrderPublisher::Start(kafka->bootstrap_, options.topic, options.publish_timeout, error);
  if (!kafka->publisher_) return nullptr;
  kafka->logger_.Info("orders sink: kafka",
                      {{"topic", options.topic}, {"brokers", kafka->bootstrap_}, {"acks", "all"}});
  if (options.orders_from_kafka) {
    kafka->kitchen_ = KitchenConsumer::Start(kafka->bootstrap_, options.topic, &kafka->feed_,
                                             &kafka->logger_, error);
    if (!kafka->kitchen_) return nullptr;
  }
  return kafka;
}

ServerKafka::~ServerKafka() = default;

}  // namespace brew::kafka
