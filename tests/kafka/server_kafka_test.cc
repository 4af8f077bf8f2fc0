// streaming-server's Kafka side through the real stack: UploadOrders
// publishing to brew.orders.v1 with acks=all, and kitchen-service's feed
// fanning the topic out to Subscribe streams. The broker is librdkafka's
// mock cluster (EmbeddedBroker), which can be taken down and brought back.
#include "core/kafka/server_kafka.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <future>
#include <map>
#include <set>
#include <thread>

#include "core/client/subscribe_client.h"
#include "core/client/upload_client.h"
#include "core/kafka/embedded_broker.h"
#include "core/kafka/orders_topic.h"
#include "tests/kafka/topic_reader.h"
#include "tests/support/process_stats.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::EventLog;
using testing::LogCapture;
using testing::ReadTopic;
using testing::TestServer;

// A broker, the server's Kafka side on it, and the server.
class KafkaServer {
 public:
  explicit KafkaServer(bool orders_from_kafka = false, Duration publish_timeout = 10s) {
    std::string error;
    broker_ = kafka::EmbeddedBroker::Start(&error);
    if (!broker_) throw std::runtime_error(error);
    kafka::ServerKafkaOptions options;
    options.kafka = broker_->bootstrap();
    options.topic = kafka::kOrdersTopic;
    options.orders_from_kafka = orders_from_kafka;
    options.publish_timeout = publish_timeout;
    kafka_ = kafka::ServerKafka::Start(options, kafka_logs_.Sink(), &error);
    if (!kafka_) throw std::runtime_error(error);
    server_ = std::make_unique<TestServer>(ServerConfig{}, kafka_->sink(), kafka_->feed());
  }

  kafka::EmbeddedBroker& broker() { return *broker_; }
  LogCapture& kafka_logs() { return kafka_logs_; }
  TestServer& ts() { return *server_; }
  std::vector<kafka::ConsumedRecord> Topic(size_t want) {
    return ReadTopic(broker_->bootstrap(), kafka::kOrdersTopic, want, 10s, 300ms);
  }

 private:
  LogCapture kafka_logs_;
  std::unique_ptr<kafka::EmbeddedBroker> broker_;
  std::unique_ptr<kafka::ServerKafka> kafka_;
  std::unique_ptr<TestServer> server_;  // destroyed first
};

UploadResult Upload(TestServer& ts, const std::string& customer, int count, int bad = 0,
                    std::optional<Duration> deadline = std::nullopt) {
  UploadOptions options;
  options.customer_id = customer;
  options.count = count;
  options.bad = bad;
  options.deadline = deadline;
  return RunUpload(ts.stub(), options, nullptr);
}

TEST(ServerKafka, AcceptedMeansOnTheTopicKeyedByCustomerInOrder) {
  KafkaServer k;
  EXPECT_EQ(k.kafka_logs().Count(
                "^orders sink: kafka topic=brew.orders.v1 brokers=127.0.0.1:[0-9]+ acks=all$"),
            1);
  const UploadResult ana = Upload(k.ts(), "cust-ana", 10, 3);
  const UploadResult ben = Upload(k.ts(), "cust-ben", 10);
  ASSERT_TRUE(ana.status.ok()) << ana.status.error_message();
  ASSERT_TRUE(ben.status.ok()) << ben.status.error_message();
  EXPECT_EQ(ana.summary.accepted(), 7);
  EXPECT_EQ(ana.summary.rejected(), 3);
  EXPECT_EQ(ana.summary.total_cents(), ExpectedUploadTotalCents(10, 3));
  EXPECT_EQ(ben.summary.accepted(), 10);
  EXPECT_TRUE(k.ts().logs().WaitFor("^upload ended received=10 accepted=7 rejected=3 ", 5s));

  const auto records = k.Topic(17);
  ASSERT_EQ(records.size(), 17u);
  std::map<std::string, std::set<int32_t>> partitions;
  std::map<std::string, std::vector<int64_t>> amounts;
  std::set<std::string> order_ids;
  for (const auto& r : records) {
    ASSERT_TRUE(r.is_order);
    partitions[r.order.customer_id()].insert(r.partition);
    amounts[r.order.customer_id()].push_back(r.order.amount_cents());
    order_ids.insert(r.order.order_id());
    EXPECT_TRUE(r.order.has_created_at());
  }
  EXPECT_EQ(order_ids.size(), 17u);  // a new order id each
  EXPECT_EQ(partitions["cust-ana"].size(), 1u);
  EXPECT_EQ(partitions["cust-ben"].size(), 1u);
  // The records' amounts, valid ones only, in the order they were sent.
  std::vector<int64_t> want_ana;
  for (int i = 3; i < 10; ++i) want_ana.push_back(UploadAmountCents(i));
  EXPECT_EQ(amounts["cust-ana"], want_ana);
  EXPECT_EQ(amounts["cust-ben"].size(), 10u);
}

TEST(ServerKafka, BrokerDownPastThePublishTimeoutFailsTheUploadAndCountsNothing) {
  KafkaServer k(/*orders_from_kafka=*/false, /*publish_timeout=*/1s);
  k.broker().SetDown(true);
  const UploadResult result = Upload(k.ts(), "cust-ana", 5);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_NE(result.status.error_message().find("kafka publish failed: "), std::string::npos)
      << result.status.error_message();
  EXPECT_TRUE(k.ts().logs().WaitFor("^kafka publish failed err=.+ received=5 accepted=0$", 5s))
      << ::testing::PrintToString(k.ts().logs().Bodies());
  EXPECT_EQ(k.ts().logs().Count("^upload ended"), 0);
  k.broker().SetDown(false);
  // Nothing the client was told about is missing, and nothing is there.
  EXPECT_EQ(k.Topic(0).size(), 0u);
}

TEST(ServerKafka, BrokerDownPastTheClientsDeadlineIsNoSummary) {
  KafkaServer k;
  k.broker().SetDown(true);
  const UploadResult result = Upload(k.ts(), "cust-ana", 5, 0, Duration(1s));
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(
      k.ts().logs().WaitFor("^upload ended: cancelled after its input ended received=5 ", 5s))
      << ::testing::PrintToString(k.ts().logs().Bodies());
  EXPECT_EQ(k.ts().logs().Count("accepted="), 0);
  k.broker().SetDown(false);
}

TEST(ServerKafka, ABrokerBackWithinThePublishTimeoutIsRetriedAndTheUploadSucceeds) {
  KafkaServer k;
  k.broker().SetDown(true);
  auto upload = std::async(std::launch::async, [&] { return Upload(k.ts(), "cust-ana", 20, 3); });
  EXPECT_EQ(upload.wait_for(1s), std::future_status::timeout);  // waiting for Kafka's acks
  k.broker().SetDown(false);
  const UploadResult result = upload.get();
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.summary.accepted(), 17);
  EXPECT_EQ(k.Topic(17).size(), 17u);
}

TEST(ServerKafka, ShutdownDoesNotWaitForABrokerThatIsDown) {
  auto k = std::make_unique<KafkaServer>();
  k->broker().SetDown(true);
  auto upload = std::async(std::launch::async, [&] { return Upload(k->ts(), "cust-ana", 5); });
  ASSERT_TRUE(k->ts().logs().WaitFor("^upload started$", 5s));
  EXPECT_EQ(upload.wait_for(500ms), std::future_status::timeout);
  // The upload waits for acks that cannot come; Shutdown abandons them (the
  // hang guard is the test's TIMEOUT: a shutdown that waited for the
  // broker would take the 10 s publish timeout and more).
  k->ts().server().Shutdown(std::chrono::milliseconds(100));
  const UploadResult result = upload.get();
  EXPECT_FALSE(result.status.ok());
  EXPECT_TRUE(k->ts().logs().WaitFor("^streaming-server stopped$", 1s));
}

TEST(ServerKafka, TheFeedFansEachOrderOutToTheScreensOpenNow) {
  KafkaServer k(/*orders_from_kafka=*/true);
  EXPECT_EQ(
      k.kafka_logs().Count("^orders source: kafka topic=brew.orders.v1 group=kitchen-service$"), 1);
  // Three screens: everyone's, cust-ben's only, and one with a limit of 2.
  auto subscribe = [&](const std::string& customer, int limit, EventLog* events,
                       CallControl* control) {
    SubscribeOptions options;
    options.customer_id = customer;
    options.limit = limit;
    return std::async(std::launch::async, [&k, options, events, control] {
      return RunSubscribe(k.ts().stub(), options, events->Observer(), control);
    });
  };
  EventLog all_events, ben_events, two_events;
  CallControl all_control, ben_control;
  auto all = subscribe("", 0, &all_events, &all_control);
  auto ben = subscribe("cust-ben", 0, &ben_events, &ben_control);
  auto two = subscribe("", 2, &two_events, nullptr);
  ASSERT_TRUE(k.ts().logs().WaitFor("subscribe started customer_id=\"\" limit=2", 5s));
  while (k.ts().logs().Count("^subscribe started") < 3) std::this_thread::sleep_for(10ms);

  ASSERT_TRUE(Upload(k.ts(), "cust-ana", 3).status.ok());
  ASSERT_TRUE(Upload(k.ts(), "cust-ben", 2).status.ok());
  ASSERT_TRUE(all_events.WaitForCount(EventKind::kRecv, 5, 10s));
  ASSERT_TRUE(ben_events.WaitForCount(EventKind::kRecv, 2, 10s));
  EXPECT_TRUE(two.get().status.ok());  // the limit ends it, as with ticks
  EXPECT_TRUE(k.ts().logs().WaitFor("^subscribe ended: limit reached sent=2$", 5s));
  for (const ClientEvent& e : ben_events.OfKind(EventKind::kRecv)) {
    EXPECT_NE(e.text.find("customer_id=cust-ben"), std::string::npos) << e.text;
  }

  // A screen opened now sees none of the past orders: a stream has no
  // replay. It does see the next one.
  EventLog late_events;
  CallControl late_control;
  auto late = subscribe("", 0, &late_events, &late_control);
  while (k.ts().logs().Count("^subscribe started") < 4) std::this_thread::sleep_for(10ms);
  ASSERT_TRUE(Upload(k.ts(), "cust-chen", 1).status.ok());
  ASSERT_TRUE(late_events.WaitForCount(EventKind::kRecv, 1, 10s));
  ASSERT_TRUE(all_events.WaitForCount(EventKind::kRecv, 6, 10s));
  const auto late_got = late_events.OfKind(EventKind::kRecv);
  ASSERT_EQ(late_got.size(), 1u);
  EXPECT_NE(late_got[0].text.find("customer_id=cust-chen"), std::string::npos);
  EXPECT_EQ(ben_events.OfKind(EventKind::kRecv).size(), 2u);

  all_control.Cancel();
  ben_control.Cancel();
  late_control.Cancel();
  EXPECT_EQ(all.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(ben.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(late.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(k.ts().logs().WaitFor("^subscribe ended: client gone sent=6 ", 5s));
}

// librdkafka runs a few threads per client (its main thread, one per
// broker connection, a couple of internal ones): the broker, the publisher
// and the feed add a bounded number, and no upload or screen adds one.
TEST(ServerKafka, KafkaAddsAFewThreadsNotOnePerStream) {
  int plain = 0;
  {
    TestServer ts;  // the lesson's server, warmed up: its threads and gRPC's
    ASSERT_TRUE(Upload(ts, "cust-ana", 3).status.ok());
    plain = testing::ThreadCount();
  }
  KafkaServer k(/*orders_from_kafka=*/true);
  ASSERT_TRUE(Upload(k.ts(), "cust-ana", 3).status.ok());
  const int warm = testing::ThreadCount();
  ASSERT_GT(warm, 0);
  std::printf("threads: lesson's server %d, with Kafka (broker, publisher, feed) %d\n", plain,
              warm);
  EXPECT_LE(warm - plain, 24);  // measured: 12 (three librdkafka clients and the mock)
  // 20 screens (each on a thread of this test: the client side) and 20
  // uploads publishing 10 orders each.
  std::vector<std::future<SubscribeResult>> screens;
  for (int i = 0; i < 20; ++i) {
    screens.push_back(std::async(std::launch::async, [&k] {
      SubscribeOptions options;
      options.limit = 10;
      options.customer_id = "cust-busy";
      return RunSubscribe(k.ts().stub(), options, nullptr);
    }));
  }
  while (k.ts().logs().Count("^subscribe started") < 20) std::this_thread::sleep_for(10ms);
  int most = 0;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(Upload(k.ts(), i == 0 ? "cust-busy" : "cust-other", 10).status.ok());
    most = std::max(most, testing::ThreadCount());
  }
  for (auto& s : screens) EXPECT_TRUE(s.get().status.ok());
  // The 20 client threads of this test, and some slack for gRPC's pollers:
  // not one thread per stream on the server or per published order.
  EXPECT_LE(most, warm + 20 + 8) << "warm=" << warm;
}

TEST(ServerKafka, AnUnreachableBrokerIsOneLineWithinFiveSeconds) {
  kafka::ServerKafkaOptions options;
  options.kafka = "127.0.0.1:1";
  options.topic = kafka::kOrdersTopic;
  LogCapture logs;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(kafka::ServerKafka::Start(options, logs.Sink(), &error), nullptr);
  // A hang guard, not a speed: twice the 5 s it may wait.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(error, "cannot reach Kafka at 127.0.0.1:1 within 5s: Local: Broker transport failure");
}

TEST(ServerKafka, AMissingTopicIsOneLine) {
  std::string error;
  auto broker = kafka::EmbeddedBroker::Start(&error);
  ASSERT_NE(broker, nullptr) << error;
  kafka::ServerKafkaOptions options;
  options.kafka = broker->bootstrap();
  options.topic = "no.such.topic";
  LogCapture logs;
  EXPECT_EQ(kafka::ServerKafka::Start(options, logs.Sink(), &error), nullptr);
  EXPECT_NE(error.find("no.such.topic"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

}  // namespace
}  // namespace brew
