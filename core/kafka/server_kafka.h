// ServerKafka: the Kafka side of streaming-server, as its flags ask for it.
//
//   --kafka HOST:PORT     UploadOrders publishes to that cluster's topic
//   --kafka embedded      ... to a mock cluster hosted in the server itself
//   --orders-from kafka   Subscribe's orders come from the topic (needs --kafka)
//
// Start() logs one line per part it starts, in the server's log:
//   kafka broker embedded brokers=127.0.0.1:PORT data="in memory: it dies with this server"
//   orders sink: kafka topic=brew.orders.v1 brokers=... acks=all
//   orders source: kafka topic=brew.orders.v1 group=kitchen-service
// The last only once the feed's consumer is positioned (kitchen_consumer.h).
//
// It must outlive the StreamingServer given its sink() and feed(): declare
// it first, so it is destroyed after the server.
#pragma once

#include <memory>
#include <string>

#include "core/kafka/embedded_broker.h"
#include "core/kafka/kitchen_consumer.h"
#include "core/kafka/order_publisher.h"
#include "core/server/order_feed.h"
#include "core/util/duration.h"
#include "core/util/logger.h"

namespace brew::kafka {

inline constexpr char kEmbedded[] = "embedded";

struct ServerKafkaOptions {
  std::string kafka;  // "embedded" or HOST:PORT
  std::string topic;
  bool orders_from_kafka = false;
  // How long a published order may wait for the broker (retries included)
  // before its upload fails.
  Duration publish_timeout = std::chrono::seconds(10);
};

class ServerKafka {
 public:
  // nullptr and one line in `error` if a part cannot start (a broker that
  // does not answer within 5 s, a missing topic).
  static std::unique_ptr<ServerKafka> Start(const ServerKafkaOptions& options, LogSink log_sink,
                                            std::string* error);
  ~ServerKafka();

  OrderSink* sink() { return publisher_.get(); }
  OrderFeed* feed() { return kitchen_ ? &feed_ : nullptr; }
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  explicit ServerKafka(LogSink log_sink) : logger_(std::move(log_sink)) {}

  Logger logger_;
  std::string bootstrap_;
  // Destroyed bottom up: the feed's consumer, the publisher, then the broker
  // they talk to.
  std::unique_ptr<EmbeddedBroker> broker_;
  std::unique_ptr<OrderPublisher> publisher_;
  OrderFeed feed_;
  std::unique_ptr<KitchenConsumer> kitchen_;
};

}  // namespace brew::kafka
