#include "core/kafka/order_consumer.h"

#include "core/kafka/client_conf.h"

namespace brew::kafka {

std::unique_ptr<OrderConsumer> OrderConsumer::Start(const Options& options, std::string* error) {
  std::unique_ptr<OrderConsumer> consumer(new OrderConsumer(options));
  auto conf = NewConf(options.bootstrap, options.group, error);
  if (!conf || !Set(*conf, {{"group.id", options.group}, {"enable.auto.commit", "false"}}, error)) {
    return nullptr;
  }
  std::string why;
  consumer->consumer_.reset(RdKafka::KafkaConsumer::create(conf.get(), why));
  if (!consumer->consumer_) {
    *error = "kafka consumer: " + why;
    return nullptr;
  }
  std::vector<RdKafka::TopicPartition*> start;
  if (!StartPositions(*consumer->consumer_, options.bootstrap, options.topic, options.from,
                      options.timeout, &start, error)) {
    consumer->Close();
    return nullptr;
  }
  for (const auto* tp : start) consumer->start_.push_back({tp->partition(), tp->offset()});
  const RdKafka::ErrorCode err = consumer->consumer_->assign(start);
  RdKafka::TopicPartition::destroy(start);
  if (err != RdKafka::ERR_NO_ERROR) {
    *error = "kafka consumer: assign " + options.topic + ": " + RdKafka::err2str(err);
    consumer->Close();
    return nullptr;
  }
  return consumer;
}

bool OrderConsumer::Next(std::chrono::milliseconds wait, ConsumedRecord* record) {
  std::unique_ptr<RdKafka::Message> message(consumer_->consume(static_cast<int>(wait.count())));
  // Anything else than a record -- a timeout, a broker that is down -- is
  // librdkafka's to retry; the caller's deadline is what gives up.
  if (message->err() != RdKafka::ERR_NO_ERROR) return false;
  record->partition = message->partition();
  record->offset = message->offset();
  record->is_order =
      record->order.ParseFromArray(message->payload(), static_cast<int>(message->len()));
  return true;
}

std::string OrderConsumer::Commit(const ConsumedRecord& record) {
  std::vector<RdKafka::TopicPartition*> offsets = {
      RdKafka::TopicPartition::create(options_.topic, record.partition, record.offset + 1)};
  const RdKafka::ErrorCode err = consumer_->commitSync(offsets);
  RdKafka::TopicPartition::destroy(offsets);
  return err == RdKafka::ERR_NO_ERROR ? std::string() : RdKafka::err2str(err);
}

bool OrderConsumer::Committed(std::vector<PartitionOffset>* offsets, std::string* error) {
  std::vector<RdKafka::TopicPartition*> asked;
  for (const PartitionOffset& p : start_) {
    asked.push_back(RdKafka::TopicPartition::create(options_.topic, p.partition));
  }
  const RdKafka::ErrorCode err =
      consumer_->committed(asked, static_cast<int>(options_.timeout.count()));
  offsets->clear();
  for (const auto* tp : asked) {
    offsets->push_back({tp->partition(), tp->offset() >= 0 ? tp->offset() : -1});
  }
  RdKafka::TopicPartition::destroy(asked);
  if (err != RdKafka::ERR_NO_ERROR) {
    *error = "kafka " + options_.topic + ": cannot read group " + options_.group +
             "'s committed offsets: " + RdKafka::err2str(err);
    return false;
  }
  return true;
}

void OrderConsumer::Close() {
  if (closed_ || !consumer_) return;
  closed_ = true;
  consumer_->close();
}

OrderConsumer::~OrderConsumer() { Close(); }

std::string FormatOffsets(const std::vector<PartitionOffset>& offsets) {
  std::string out;
  for (const PartitionOffset& p : offsets) {
    if (!out.empty()) out += ", ";
    out += "partition " + std::to_string(p.partition) +
           " offset=" + (p.offset >= 0 ? std::to_string(p.offset) : std::string("none"));
  }
  return out;
}

}  // namespace brew::kafka
