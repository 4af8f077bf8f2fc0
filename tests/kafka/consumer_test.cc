// OrderConsumer, the services' side of brew.orders.v1, on librdkafka's mock
// cluster: each group has its own offsets; a group resumes where it
// committed; earliest is a replay; latest is only what comes next.
#include <gtest/gtest.h>

#include <set>

#include "core/kafka/embedded_broker.h"
#include "core/kafka/order_consumer.h"
#include "core/kafka/order_publisher.h"
#include "core/kafka/orders_topic.h"
#include "core/util/mutex.h"

namespace brew::kafka {
namespace {

using namespace std::chrono_literals;

class ConsumerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    broker_ = EmbeddedBroker::Start(&error);
    ASSERT_NE(broker_, nullptr) << error;
  }

  // Publishes `n` orders for `customer` and waits for every ack.
  void Publish(int n, const std::string& customer) {
    std::string error;
    auto publisher = OrderPublisher::Start(broker_->bootstrap(), kOrdersTopic, 10s, &error);
    ASSERT_NE(publisher, nullptr) << error;
    Mutex mu;
    CondVar acked_cv;
    int acked = 0;
    for (int i = 0; i < n; ++i) {
      orders::v1::OrderEvent order;
      order.set_order_id(customer + "-" + std::to_string(next_++));
      order.set_customer_id(customer);
      order.set_amount_cents(100 * (i + 1));
      ASSERT_TRUE(publisher->Publish(
          order,
          [&](const std::string& err) {
            EXPECT_EQ(err, "");
            MutexLock lock(&mu);
            ++acked;
            acked_cv.SignalAll();
          },
          &error))
          << error;
    }
    MutexLock lock(&mu);
    ASSERT_TRUE(acked_cv.AwaitFor(&mu, 10s, [&] {
      mu.AssertHeld();
      return acked == n;
    }));
  }

  std::unique_ptr<OrderConsumer> Consumer(const std::string& group, From from) {
    OrderConsumer::Options options;
    options.bootstrap = broker_->bootstrap();
    options.topic = kOrdersTopic;
    options.group = group;
    options.from = from;
    std::string error;
    auto consumer = OrderConsumer::Start(options, &error);
    EXPECT_NE(consumer, nullptr) << error;
    return consumer;
  }

  // Reads and commits up to `n` records (10 s at most).
  static std::vector<ConsumedRecord> Take(OrderConsumer& consumer, size_t n) {
    std::vector<ConsumedRecord> got;
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (got.size() < n && std::chrono::steady_clock::now() < until) {
      ConsumedRecord record;
      if (!consumer.Next(50ms, &record)) continue;
      EXPECT_EQ(consumer.Commit(record), "");
      got.push_back(record);
    }
    return got;
  }

  std::unique_ptr<EmbeddedBroker> broker_;
  int next_ = 1;
};

TEST_F(ConsumerTest, AGroupResumesAtItsCommittedOffsetAndGetsNothingTwice) {
  Publish(17, "cust-ana");
  std::set<std::string> seen;
  {
    auto first = Consumer("kitchen-service", From::kCommitted);
    ASSERT_NE(first, nullptr);
    for (const auto& r : Take(*first, 5)) seen.insert(r.order.order_id());
    ASSERT_EQ(seen.size(), 5u);
    std::vector<PartitionOffset> committed;
    std::string error;
    ASSERT_TRUE(first->Committed(&committed, &error)) << error;
    int64_t total = 0;
    for (const auto& p : committed) total += std::max<int64_t>(p.offset, 0);
    EXPECT_EQ(total, 5);
  }
  auto second = Consumer("kitchen-service", From::kCommitted);
  ASSERT_NE(second, nullptr);
  const auto rest = Take(*second, 12);
  ASSERT_EQ(rest.size(), 12u);
  for (const auto& r : rest)
    EXPECT_TRUE(seen.insert(r.order.order_id()).second) << r.order.order_id();
  ConsumedRecord extra;
  EXPECT_FALSE(second->Next(300ms, &extra));  // all 17, none twice
}

TEST_F(ConsumerTest, EachGroupHasItsOwnOffsets) {
  Publish(6, "cust-ben");
  auto kitchen = Consumer("kitchen-service", From::kCommitted);
  ASSERT_NE(kitchen, nullptr);
  ASSERT_EQ(Take(*kitchen, 6).size(), 6u);
  // payment-service never read: it starts at the earliest record.
  auto payment = Consumer("payment-service", From::kCommitted);
  ASSERT_NE(payment, nullptr);
  const auto got = Take(*payment, 6);
  ASSERT_EQ(got.size(), 6u);
  for (size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i].order.amount_cents(), 100 * (i + 1));
}

TEST_F(ConsumerTest, EarliestReplaysAndLatestWaitsForWhatComesNext) {
  Publish(4, "cust-chen");
  auto latest = Consumer("courier-service", From::kLatest);
  ASSERT_NE(latest, nullptr);
  ConsumedRecord record;
  EXPECT_FALSE(latest->Next(300ms, &record));
  Publish(1, "cust-chen");
  ASSERT_EQ(Take(*latest, 1).size(), 1u);
  auto earliest = Consumer("analytics", From::kEarliest);
  ASSERT_NE(earliest, nullptr);
  EXPECT_EQ(Take(*earliest, 5).size(), 5u);
}

TEST(Consumer, AnUnreachableBrokerIsOneLineWithinTheTimeout) {
  OrderConsumer::Options options;
  options.bootstrap = "127.0.0.1:1";
  options.topic = kOrdersTopic;
  options.group = "analytics";
  options.timeout = 2s;
  std::string error;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(OrderConsumer::Start(options, &error), nullptr);
  // A hang guard, not a speed: over twice the 2 s it may wait.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_EQ(error, "cannot reach Kafka at 127.0.0.1:1 within 2s: Local: Broker transport failure");
}

TEST(Consumer, FromNamesRoundTrip) {
  for (From from : {From::kCommitted, From::kEarliest, From::kLatest}) {
    EXPECT_EQ(ParseFrom(FromName(from)), from);
  }
  EXPECT_EQ(ParseFrom("beginning"), std::nullopt);
  EXPECT_EQ(FormatOffsets({{0, 5}, {1, -1}}), "partition 0 offset=5, partition 1 offset=none");
}

}  // namespace
}  // namespace brew::kafka
