// The Kafka side of one scenario run (a scenario whose server settings say
// `kafka: true`): the broker and topic its server publishes to, its
// consumers read, and its `kafka_down` steps take down.
//
// What it promises
// - Embedded (the default): a mock cluster started for this run, in labrun,
//   with brew.orders.v1. It lives as long as the run, so it outlives
//   restart_server: that is the point of the durability exercises. No two
//   runs share a broker, so they never see each other's records.
// - A real cluster (labrun --kafka HOST:PORT): a topic of the run's own,
//   brew.orders.v1.labrun-<pid>-<n> (3 partitions), created with Kafka's
//   Admin API when the run starts and deleted when it ends. kafka_down
//   cannot take a real broker down: such a scenario is a SKIP
//   (target_fit.h).
// - Committed(group): the group's committed offsets on the topic, asked of
//   the broker (for `committed` expectations).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/kafka/embedded_broker.h"

namespace brew::lab {

// Where a scenario's server and consumers find Kafka.
struct KafkaWiring {
  std::string bootstrap;
  std::string topic;
};

class ScenarioKafka {
 public:
  // `real_cluster`: "" for an embedded broker, else HOST:PORT.
  explicit ScenarioKafka(std::string real_cluster) : real_cluster_(std::move(real_cluster)) {}
  ~ScenarioKafka();
  ScenarioKafka(const ScenarioKafka&) = delete;
  ScenarioKafka& operator=(const ScenarioKafka&) = delete;

  // Starts the broker or creates the run's topic; false with one line.
  bool Start(std::string* error);

  const KafkaWiring& wiring() const { return wiring_; }
  bool embedded() const { return real_cluster_.empty(); }

  // Embedded only: the broker refuses connections (down) or serves again.
  void SetDown(bool down);

  // The sum of `group`'s committed offsets over the topic's partitions (a
  // partition never committed counts 0); nullopt with `error`.
  std::optional<int64_t> CommittedTotal(const std::string& group, std::string* error);

 private:
  const std::string real_cluster_;
  std::unique_ptr<kafka::EmbeddedBroker> broker_;
  KafkaWiring wiring_;
  bool created_topic_ = false;
};

}  // namespace brew::lab
