// kafka-embedded as a process, used by a Kafka client it has never heard
// of: Debian's kcat (over librdkafka, but nothing of ours). The broker must
// speak the real protocol: metadata, produce with keys, consume from the
// beginning; and stop on SIGTERM.
#include <gtest/gtest.h>

#include <csignal>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/cmd/e2e_support.h"

namespace brew::e2e {
namespace {

constexpr char kKcat[] = "/usr/bin/kcat";

// Runs kcat to its end; its stdout lines.
std::vector<std::string> Kcat(const std::vector<std::string>& args, int* status) {
  std::string error;
  auto proc = Subprocess::Start(kKcat, args, &error);
  EXPECT_NE(proc, nullptr) << error;
  if (!proc) return {};
  const std::optional<int> exit = proc->WaitExit(kWait);
  *status = exit.value_or(-1);
  EXPECT_EQ(*status, 0) << "kcat " << Join(args) << "\n" << proc->Output(Stream::kStderr);
  return proc->Lines(Stream::kStdout);
}

TEST(KafkaEmbeddedE2E, AnyKafkaClientProducesAndConsumesOnBrewOrders) {
  auto broker = Spawn("kafka-embedded", {});
  ASSERT_NE(broker, nullptr);
  const std::regex started(
      R"(^kafka-embedded: brokers at (127\.0\.0\.1:[0-9]+) \(in memory: the data lives as long as this process\)$)");
  ASSERT_TRUE(broker->WaitForLine(Stream::kStdout, started, kWait))
      << broker->Output(Stream::kStdout) << broker->Output(Stream::kStderr);
  std::smatch m;
  const std::string line = broker->Lines(Stream::kStdout).front();
  ASSERT_TRUE(std::regex_match(line, m, started)) << line;
  const std::string addr = m[1];

  // Metadata: brew.orders.v1 is there with its 3 partitions.
  int status = 0;
  const std::vector<std::string> meta = Kcat({"-b", addr, "-L", "-t", "brew.orders.v1"}, &status);
  const std::string all = Join(meta);
  EXPECT_NE(all.find("topic \"brew.orders.v1\" with 3 partitions"), std::string::npos) << all;

  // Produce six orders keyed by customer_id, then read them all back.
  const std::string input = ::testing::TempDir() + "kafka_embedded_orders.txt";
  {
    std::ofstream out(input);
    for (int i = 1; i <= 6; ++i) {
      out << "cust-" << (i % 2 == 0 ? "ana" : "ben") << ":order-" << i << "\n";
    }
  }
  Kcat({"-b", addr, "-t", "brew.orders.v1", "-P", "-K", ":", "-l", input}, &status);
  const std::vector<std::string> got =
      Kcat({"-b", addr, "-t", "brew.orders.v1", "-C", "-o", "beginning", "-e", "-f", "%k %p %s\\n"},
           &status);
  ASSERT_EQ(got.size(), 6u) << Join(got);
  // One customer's orders on one partition, in the order they were sent.
  std::map<std::string, std::set<std::string>> partitions;
  std::map<std::string, std::vector<std::string>> orders;
  for (const std::string& g : got) {
    std::smatch r;
    ASSERT_TRUE(std::regex_match(g, r, std::regex(R"((cust-\w+) ([0-2]) (order-\d))"))) << g;
    partitions[r[1]].insert(r[2]);
    orders[r[1]].push_back(r[3]);
  }
  EXPECT_EQ(partitions["cust-ana"].size(), 1u);
  EXPECT_EQ(partitions["cust-ben"].size(), 1u);
  EXPECT_EQ(orders["cust-ana"], (std::vector<std::string>{"order-2", "order-4", "order-6"}));
  EXPECT_EQ(orders["cust-ben"], (std::vector<std::string>{"order-1", "order-3", "order-5"}));

  broker->Signal(SIGTERM);
  EXPECT_EQ(broker->WaitExit(kWait), 0) << broker->Output(Stream::kStderr);
}

}  // namespace
}  // namespace brew::e2e
