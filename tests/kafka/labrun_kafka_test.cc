// labrun's Kafka side, run in-process against a real server and the mock
// broker labrun hosts: consumers on the timeline, the broker's down time,
// committed offsets checked -- and failing when they are wrong.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/run/executor.h"
#include "runner/scenario/scenario_loader.h"

namespace brew::lab {
namespace {

using ::testing::HasSubstr;

ScenarioResult RunYaml(const std::string& yaml, const RunOptions& options = {}) {
  LoadResult loaded = LoadScenarioText(yaml, "inline.yaml");
  std::string problems;
  for (const Diagnostic& d : loaded.diagnostics) problems += d.ToString() + "\n";
  EXPECT_TRUE(loaded.ok()) << problems;
  if (!loaded.ok()) return {};
  return RunScenario(*loaded.scenario, options);
}

std::vector<TimelineEvent> Of(const ScenarioResult& r, const std::string& source,
                              const std::string& stream, const std::string& kind) {
  std::vector<TimelineEvent> out;
  for (const TimelineEvent& e : r.events) {
    if (e.source == source && (stream.empty() || e.stream == stream) && e.kind == kind) {
      out.push_back(e);
    }
  }
  return out;
}

constexpr const char* kThree = R"(
timeout: 20s
server: {kafka: true}
steps:
  - upload: {id: import, count: 3}
  - wait: {stream: import, done: true}
  - consume: {id: kitchen, group: kitchen-service, limit: 3}
  - kafka_down: {for: 200ms}
  - wait: {stream: kitchen, done: true}
expect:
)";

TEST(LabrunKafka, AConsumerIsOnTheTimelineAndItsCommitsAreChecked) {
  const ScenarioResult r = RunYaml(std::string(kThree) +
                                   "  - committed: {group: kitchen-service, total: 3}\n"
                                   "  - {stream: kitchen, status: OK, received: 3}\n");
  EXPECT_TRUE(r.passed) << r.error;
  const auto start = Of(r, "client", "kitchen", "start");
  ASSERT_EQ(start.size(), 1u);
  EXPECT_THAT(std::string(start[0].text), HasSubstr("group=kitchen-service from=committed: "));
  const auto recvs = Of(r, "client", "kitchen", "recv");
  const auto commits = Of(r, "client", "kitchen", "commit");
  ASSERT_EQ(recvs.size(), 3u);
  ASSERT_EQ(commits.size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(commits[i].n, recvs[i].n);
    EXPECT_LT(recvs[i].time, commits[i].time);  // committed after it was received
    EXPECT_THAT(std::string(recvs[i].text), HasSubstr("customer_id=cust-import"));
  }
  // The broker's own events, on the kafka source.
  std::vector<std::string> kafka;
  for (const TimelineEvent& e : Of(r, "kafka", "", "log")) kafka.push_back(std::string(e.text));
  ASSERT_EQ(kafka.size(), 3u);
  EXPECT_THAT(kafka[0], HasSubstr("broker up at 127.0.0.1:"));
  EXPECT_EQ(kafka[1], "broker down for=200ms");
  EXPECT_EQ(kafka[2], "broker up");
  ASSERT_EQ(r.streams.size(), 2u);  // in step order: import, then kitchen
  EXPECT_EQ(r.streams[1].id, "kitchen");
  EXPECT_EQ(r.streams[1].kind, StreamKind::kConsume);
  EXPECT_EQ(r.streams[1].received, 3);
}

// The broker's own lines can be named in a scenario (source: kafka): an
// order that holds, and one that cannot.
TEST(LabrunKafka, TheBrokersLinesAreALogSource) {
  const ScenarioResult r = RunYaml(std::string(kThree) + R"(
  - log: "^broker down for=200ms$"
    source: kafka
  - order:
      - {log: "^broker down ", source: kafka}
      - {log: "^broker up$", source: kafka}
      - {stream: kitchen, event: done}
  - order:
      - {log: "^broker up$", source: kafka}
      - {log: "^broker down ", source: kafka}
)");
  ASSERT_EQ(r.expectations.size(), 3u);
  EXPECT_TRUE(r.expectations[0].passed) << r.expectations[0].detail;
  EXPECT_TRUE(r.expectations[1].passed) << r.expectations[1].detail;
  EXPECT_FALSE(r.expectations[2].passed) << "the broker went down before it came back up";
}

// `wait: {started: true}` on a consumer from latest: once it is
// positioned, what is uploaded after reaches it.
TEST(LabrunKafka, AWaitForAConsumersStartLetsALatestConsumerSeeWhatFollows) {
  const ScenarioResult r = RunYaml(R"(
timeout: 20s
server: {kafka: true}
steps:
  - consume: {id: courier, group: courier-service, from: latest, limit: 2}
  - wait: {stream: courier, started: true}
  - upload: {id: import, count: 2}
  - wait: {stream: courier, done: true}
expect:
  - {stream: courier, status: OK, received: 2}
)");
  EXPECT_TRUE(r.passed) << r.error;
}

TEST(LabrunKafka, WrongCommittedOffsetsFailWithWhatTheGroupHas) {
  const ScenarioResult r = RunYaml(std::string(kThree) +
                                   "  - committed: {group: kitchen-service, total: 4}\n"
                                   "  - committed: {group: payment-service, total: 0}\n");
  EXPECT_FALSE(r.passed);
  ASSERT_EQ(r.expectations.size(), 2u);
  EXPECT_FALSE(r.expectations[0].passed);
  EXPECT_EQ(r.expectations[0].detail,
            "group kitchen-service's committed offsets total 3, expected 4");
  EXPECT_TRUE(r.expectations[1].passed) << r.expectations[1].detail;  // never read: 0
}

TEST(LabrunKafka, AStoppedConsumerIsCancelledAndItsGroupResumesAfterIt) {
  const ScenarioResult r = RunYaml(R"(
timeout: 20s
server: {kafka: true}
steps:
  - upload: {id: import, count: 4}
  - wait: {stream: import, done: true}
  - consume: {id: first, group: g, pause: 5s}
  - wait: {stream: first, received: 1}
  - stop: first
  - wait: {stream: first, done: true}
  - consume: {id: second, group: g, limit: 3}
  - wait: {stream: second, done: true}
expect:
  - {stream: first, status: CANCELLED, received: 1}
  - {stream: second, status: OK, received: 3}
  - committed: {group: g, total: 4}
)");
  EXPECT_TRUE(r.passed) << r.error;
  for (const ExpectationResult& e : r.expectations)
    EXPECT_TRUE(e.passed) << e.expect << ": " << e.detail;
}

TEST(LabrunKafka, AClusterThatDoesNotAnswerIsOneClearRunError) {
  RunOptions options;
  options.server.kafka = "127.0.0.1:1";
  const ScenarioResult r = RunYaml(std::string(kThree), options);
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.error, HasSubstr("the Kafka broker did not start: "));
  EXPECT_EQ(r.error.find('\n'), std::string::npos) << r.error;
}

}  // namespace
}  // namespace brew::lab
