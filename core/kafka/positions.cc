#include "core/kafka/positions.h"

#include "core/kafka/client_conf.h"

namespace brew::kafka {

std::optional<From> ParseFrom(const std::string& text) {
  if (text == "committed") return From::kCommitted;
  if (text == "earliest") return From::kEarliest;
  if (text == "latest") return From::kLatest;
  return std::nullopt;
}

const char* FromName(From from) {
  switch (from) {
    case From::kCommitted: return "committed";
    case From::kEarliest: return "earliest";
    case From::kLatest: return "latest";
  }
  return "?";
}

bool StartPositions(RdKafka::KafkaConsumer& consumer, const std::string& bootstrap,
                    const std::string& topic, From from, std::chrono::milliseconds timeout,
                    std::vector<RdKafka::TopicPartition*>* out, std::string* error) {
  const int partitions = CheckTopic(consumer, bootstrap, topic, timeout, error);
  if (partitions == 0) return false;
  std::vector<RdKafka::TopicPartition*> positions;
  for (int p = 0; p < partitions; ++p) {
    int64_t low = 0;
    int64_t high = 0;
    const RdKafka::ErrorCode err =
        consumer.query_watermark_offsets(topic, p, &low, &high, static_cast<int>(timeout.count()));
    if (err != RdKafka::ERR_NO_ERROR) {
      *error = "kafka " + topic + " partition " + std::to_string(p) +
               ": cannot read its offsets: " + RdKafka::err2str(err);
      RdKafka::TopicPartition::destroy(positions);
      return false;
    }
    positions.push_back(
        RdKafka::TopicPartition::create(topic, p, from == From::kLatest ? high : low));
  }
  if (from == From::kCommitted) {
    std::vector<RdKafka::TopicPartition*> committed;
    for (const auto* tp : positions) {
      committed.push_back(RdKafka::TopicPartition::create(topic, tp->partition()));
    }
    const RdKafka::ErrorCode err = consumer.committed(committed, static_cast<int>(timeout.count()));
    if (err != RdKafka::ERR_NO_ERROR) {
      *error = "kafka " + topic +
               ": cannot read the group's committed offsets: " + RdKafka::err2str(err);
      RdKafka::TopicPartition::destroy(committed);
      RdKafka::TopicPartition::destroy(positions);
      return false;
    }
    for (size_t i = 0; i < positions.size(); ++i) {
      if (committed[i]->offset() >= 0) positions[i]->set_offset(committed[i]->offset());
    }
    RdKafka::TopicPartition::destroy(committed);
  }
  *out = std::move(positions);
  return true;
}

}  // namespace brew::kafka
