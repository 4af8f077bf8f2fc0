// EmbeddedBroker: a Kafka-protocol broker in memory, for running the
// lesson's Kafka side with nothing installed.
//
// It is librdkafka's mock cluster (rdkafka_mock.h): one broker listening on
// 127.0.0.1 at a port the system picks, speaking the real Kafka protocol, so
// any Kafka client (librdkafka, kcat, a Java client) can produce to it and
// consume from it -- producers, consumer groups and committed offsets
// included. Start() creates brew.orders.v1 with its 3 partitions.
//
// What it promises
// - bootstrap() is "127.0.0.1:PORT", usable by any client until the
//   EmbeddedBroker is destroyed.
// - The data lives in this process's memory: it is gone when the object
//   is. That is the difference from a real cluster that matters to the
//   lesson (a durable log), and the reason a real cluster is one flag away
//   (--kafka HOST:PORT) wherever a broker address is taken.
// - Destruction closes the listener; clients still connected see the
//   broker go away (their errors are theirs to report).
// What it does not
// - librdkafka calls the mock cluster experimental: no Admin API
//   (CreateTopics), no transactions beyond what rdkafka_mock.h lists, no
//   persistence, one process only.
#pragma once

#include <librdkafka/rdkafka.h>  // before rdkafka_mock.h, which needs it
#include <librdkafka/rdkafka_mock.h>
#include <librdkafka/rdkafkacpp.h>

#include <memory>
#include <string>

namespace brew::kafka {

class EmbeddedBroker {
 public:
  // Starts the broker and creates brew.orders.v1; nullptr with `error` if
  // librdkafka cannot.
  static std::unique_ptr<EmbeddedBroker> Start(std::string* error);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  const std::string& bootstrap() const { return bootstrap_; }

  // Creates another topic (a run's own, or a --kafka-topic), with
  // kOrdersPartitions partitions; an existing one is left as it is.
  bool CreateTopic(const std::string& topic, std::string* error);

  // Down: the broker drops its connections and refuses new ones, as a
  // crashed broker would; up: it serves again, with its data. (librdkafka's
  // rd_kafka_mock_broker_set_down/up.)
  void SetDown(bool down);

 private:
  EmbeddedBroker() = default;

  // The mock cluster lives on an rd_kafka_t of its own (librdkafka's
  // bookkeeping); this handle is used for nothing else.
  std::unique_ptr<RdKafka::Producer> handle_;
  rd_kafka_mock_cluster_t* cluster_ = nullptr;
  std::string bootstrap_;
};

}  // namespace brew::kafka
