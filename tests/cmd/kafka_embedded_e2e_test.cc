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

// The broker address in the server's "kafka broker embedded brokers=..." line.
std::string EmbeddedBrokers(ServerProcess& server) {
  const std::regex line(
      R"(.* INFO kafka broker embedded brokers=(127\.0\.0\.1:[0-9]+) data="in memory: it dies with this server"$)");
  for (const std::string& l : server.proc().Lines(Stream::kStderr)) {
    std::smatch m;
    if (std::regex_match(l, m, line)) return m[1];
  }
  return "";
}

// The lesson's system with its Kafka side, as programs: streaming-server
// --kafka embedded --orders-from kafka, client-upload, a screen, and two
// services reading brew.orders.v1 with client-consumer.
TEST(KafkaProgramsE2E, UploadToTopicToScreenAndConsumers) {
  ServerProcess server({"--kafka", "embedded", "--orders-from", "kafka"});
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(
      server.WaitForLog("orders source: kafka topic=brew\\.orders\\.v1 group=kitchen-service"));
  const std::string brokers = EmbeddedBrokers(server);
  ASSERT_FALSE(brokers.empty()) << server.proc().Output(Stream::kStderr);

  auto screen = Spawn("client-server-stream", {"--addr", server.addr(), "--limit", "17"});
  ASSERT_TRUE(server.WaitForLog("subscribe started customer_id=\"\" limit=17"));
  const Finished upload =
      RunToExit("client-upload", {"--addr", server.addr(), "--count", "20", "--bad", "3"});
  ASSERT_EQ(upload.status, 0) << Join(upload.err);
  EXPECT_EQ(upload.out, std::vector<std::string>{
                            "summary: received=20 accepted=17 rejected=3 total_cents=20400"});
  EXPECT_EQ(screen->WaitExit(kWait), 0) << screen->Output(Stream::kStderr);
  EXPECT_EQ(CountMatching(
                screen->Lines(Stream::kStdout),
                std::regex(R"(\[\d+\] order_id=ord-\d+ customer_id=cust-import amount_cents=\d+)")),
            17);

  // kitchen-service reads all 17 and stops at its limit.
  const Finished kitchen = RunToExit(
      "client-consumer", {"--kafka", brokers, "--group", "kitchen-service", "--limit", "17"});
  ASSERT_EQ(kitchen.status, 0) << Join(kitchen.err);
  ASSERT_EQ(kitchen.out.size(), 19u) << Join(kitchen.out);
  EXPECT_EQ(kitchen.out.front(),
            "consumer started, group=kitchen-service, from=committed: partition 0 offset=0, "
            "partition 1 offset=0, partition 2 offset=0");
  const std::regex record(
      R"(\[(\d+)\] partition=[0-2] offset=\d+ order_id=ord-\d+ customer_id=cust-import amount_cents=\d+)");
  EXPECT_EQ(CountMatching(kitchen.out, record), 17) << Join(kitchen.out);
  EXPECT_EQ(kitchen.out.back(), "consumer done, group=kitchen-service, got 17 records");

  // analytics is stopped with Ctrl+C: it prints what its group committed.
  auto analytics = Spawn("client-consumer", {"--kafka", brokers, "--group", "analytics"});
  ASSERT_TRUE(analytics->WaitForLine(Stream::kStdout, std::regex(R"(^\[17\] .*)"), kWait))
      << analytics->Output(Stream::kStdout) << analytics->Output(Stream::kStderr);
  analytics->Signal(SIGINT);
  EXPECT_EQ(analytics->WaitExit(kWait), 130);
  const std::string last = analytics->Lines(Stream::kStdout).back();
  EXPECT_NE(last.find("consumer stopped (Ctrl+C), group=analytics, got 17 records; committed: "),
            std::string::npos)
      << last;
  // All of one customer's orders are on one partition: it has offset 17.
  EXPECT_NE(last.find(" offset=17"), std::string::npos) << last;

  // kitchen-service again: it joins its group and resumes at its committed
  // offsets, the end of the topic (17 on one partition), so nothing is left.
  auto again = Spawn("client-consumer",
                     {"--kafka", brokers, "--group", "kitchen-service", "--from", "committed"});
  ASSERT_NE(again, nullptr);
  ASSERT_TRUE(again->WaitForLine(
      Stream::kStdout, std::regex("^consumer started, group=kitchen-service, from=committed: "),
      kWait))
      << again->Output(Stream::kStdout) << again->Output(Stream::kStderr);
  // Its start: 17 on one partition, 0 (empty) on the others.
  const std::string started = again->Lines(Stream::kStdout).front();
  EXPECT_TRUE(
      std::regex_match(started, std::regex(R"(.*: (partition [0-2] offset=(0|17)(, )?){3})")))
      << started;
  EXPECT_NE(started.find(" offset=17"), std::string::npos) << started;
  // Stopped with Ctrl+C: it got nothing, and its group's offsets stand.
  again->Signal(SIGINT);
  EXPECT_EQ(again->WaitExit(kWait), 130) << again->Output(Stream::kStderr);
  const std::vector<std::string> again_out = again->Lines(Stream::kStdout);
  EXPECT_EQ(CountMatching(again_out, record), 0) << Join(again_out);
  const std::string stopped = again_out.back();
  EXPECT_NE(stopped.find("consumer stopped (Ctrl+C), group=kitchen-service, got 0 records; "),
            std::string::npos)
      << Join(again_out);
  EXPECT_NE(stopped.find(" offset=17"), std::string::npos) << stopped;
}

TEST(KafkaProgramsE2E, AnUnreachableBrokerIsOneLineAndExit1) {
  const auto start = std::chrono::steady_clock::now();
  const Finished consumer =
      RunToExit("client-consumer", {"--kafka", "127.0.0.1:1", "--group", "analytics"});
  // A hang guard, not a speed: twice the 5 s it promises (RunToExit's kWait).
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(consumer.status, 1);
  EXPECT_EQ(consumer.err,
            std::vector<std::string>{
                "client-consumer: cannot reach Kafka at 127.0.0.1:1 within 4s: Local: Broker "
                "transport failure"});

  const Finished server =
      RunToExit("streaming-server",
                {"--addr", "127.0.0.1:" + std::to_string(FreePort()), "--kafka", "127.0.0.1:1"});
  EXPECT_EQ(server.status, 1);
  EXPECT_EQ(server.err.size(), 1u) << Join(server.err);
}

TEST(KafkaProgramsE2E, KafkaFlagsAreCheckedTogether) {
  const Finished no_kafka = RunToExit("streaming-server", {"--orders-from", "kafka"});
  EXPECT_EQ(no_kafka.status, 2);
  EXPECT_EQ(
      no_kafka.err,
      std::vector<std::string>{
          "streaming-server: --orders-from: kafka needs --kafka HOST:PORT or --kafka embedded"});
  const Finished bad_from = RunToExit(
      "client-consumer", {"--kafka", "127.0.0.1:1", "--group", "g", "--from", "beginning"});
  EXPECT_EQ(bad_from.status, 2);
  EXPECT_EQ(bad_from.err,
            std::vector<std::string>{
                "client-consumer: --from: \"beginning\": want committed, earliest or latest"});
  const Finished no_group = RunToExit("client-consumer", {"--kafka", "127.0.0.1:1"});
  EXPECT_EQ(no_group.status, 2);
  EXPECT_EQ(no_group.err.size(), 1u) << Join(no_group.err);
}

}  // namespace
}  // namespace brew::e2e
