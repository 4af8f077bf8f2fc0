#include "core/kafka/order_publisher.h"

#include <chrono>

#include "core/kafka/client_conf.h"

namespace brew::kafka {
namespace {

constexpr auto kTopicCheck = std::chrono::seconds(5);
constexpr int kPollMs = 50;

}  // namespace

std::unique_ptr<OrderPublisher> OrderPublisher::Start(const std::string& bootstrap,
                                                      const std::string& topic,
                                                      Duration publish_timeout,
                                                      std::string* error) {
  std::unique_ptr<OrderPublisher> publisher(new OrderPublisher());
  publisher->topic_ = topic;
  auto conf = NewConf(bootstrap, "streaming-server", error);
  const auto timeout_ms = std::chrono::duration_cast<std::chrono::milliseconds>(publish_timeout);
  std::string why;
  if (!conf || !Set(*conf,
                    {{"acks", "all"},
                     {"enable.idempotence", "true"},
                     // Java's partitioner: a customer's orders land on the partition
                     // any Kafka client would pick for that key.
                     {"partitioner", "murmur2_random"},
                     {"linger.ms", "5"},
                     {"message.timeout.ms", std::to_string(timeout_ms.count())}},
                    error)) {
    return nullptr;
  }
  if (conf->set("dr_cb", &publisher->reports_, why) != RdKafka::Conf::CONF_OK) {
    *error = "kafka producer: " + why;
    return nullptr;
  }
  publisher->producer_.reset(RdKafka::Producer::create(conf.get(), why));
  if (!publisher->producer_) {
    *error = "kafka producer: " + why;
    return nullptr;
  }
  if (CheckTopic(*publisher->producer_, bootstrap, topic, kTopicCheck, error) == 0) {
    return nullptr;
  }
  publisher->poller_ = std::thread([p = publisher.get()] { p->PollLoop(); });
  return publisher;
}

bool OrderPublisher::Publish(const orders::v1::OrderEvent& order, Done done, std::string* error) {
  const std::string value = order.SerializeAsString();
  auto* opaque = new Done(std::move(done));
  // RK_MSG_COPY: librdkafka keeps its own copy of value and key.
  const RdKafka::ErrorCode err =
      producer_->produce(topic_, RdKafka::Topic::PARTITION_UA, RdKafka::Producer::RK_MSG_COPY,
                         const_cast<char*>(value.data()), value.size(), order.customer_id().data(),
                         order.customer_id().size(), /*timestamp=*/0, opaque);
  if (err != RdKafka::ERR_NO_ERROR) {
    delete opaque;
    *error = RdKafka::err2str(err);
    return false;
  }
  return true;
}

void OrderPublisher::Reports::dr_cb(RdKafka::Message& message) {
  std::unique_ptr<Done> done(static_cast<Done*>(message.msg_opaque()));
  if (!done) return;
  (*done)(message.err() == RdKafka::ERR_NO_ERROR ? std::string() : message.errstr());
}

void OrderPublisher::PollLoop() {
  while (!stop_.load(std::memory_order_acquire)) producer_->poll(kPollMs);
}

// Purged messages get their delivery report (ERR__PURGE_QUEUE or
// ERR__PURGE_INFLIGHT) at the next poll, on the poll thread.
void OrderPublisher::AbandonPending() {
  producer_->purge(RdKafka::Producer::PURGE_QUEUE | RdKafka::Producer::PURGE_INFLIGHT);
}

OrderPublisher::~OrderPublisher() {
  if (!producer_) return;
  AbandonPending();
  stop_.store(true, std::memory_order_release);
  if (poller_.joinable()) poller_.join();
  // Serve the reports the purge produced: every `done` runs before we go.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  while (producer_->outq_len() > 0 && std::chrono::steady_clock::now() < deadline) {
    producer_->poll(kPollMs);
  }
}

}  // namespace brew::kafka
