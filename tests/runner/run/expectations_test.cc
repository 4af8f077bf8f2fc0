// A runner that passes everything is the worst bug it can have. For each
// kind of expectation (and each way a run itself can fail) a scenario that
// must fail, run in-process against the real server, with its detail text.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/run/executor.h"
#include "runner/scenario/scenario_loader.h"

namespace brew::lab {
namespace {

ScenarioResult RunYaml(const std::string& yaml) {
  LoadResult loaded = LoadScenarioText(yaml, "inline.yaml");
  std::string problems;
  for (const Diagnostic& d : loaded.diagnostics) problems += d.ToString() + "\n";
  EXPECT_TRUE(loaded.ok()) << problems;
  if (!loaded.ok()) return {};
  return RunScenario(*loaded.scenario);
}

// The one failed expectation's detail (and that exactly one failed).
std::string FailedDetail(const ScenarioResult& r) {
  std::string detail;
  int failed = 0;
  for (const ExpectationResult& e : r.expectations) {
    if (!e.passed) {
      ++failed;
      detail = e.detail;
    }
  }
  EXPECT_EQ(failed, 1) << "expected exactly one failed expectation";
  return detail;
}

using ::testing::HasSubstr;

constexpr const char* kUpload = R"(
server: {tick: 20ms, echo_delay: 10ms}
steps:
  - upload: {id: up, count: 20, bad: 3}
  - wait: {stream: up, done: true}
expect:
)";

constexpr const char* kSubscribe = R"(
server: {tick: 20ms}
steps:
  - subscribe: {id: s, limit: 5}
  - wait: {stream: s, done: true}
expect:
)";

constexpr const char* kChat = R"(
server: {echo_delay: 20ms}
steps:
  - chat: {id: c, count: 5, interval: 1ms}
  - wait: {stream: c, done: true}
expect:
)";

TEST(Expectations, AllKindsPassOnTheRealServer) {
  auto r = RunYaml(std::string(kChat) + R"(
  - stream: c
    status: OK
    sent: 5
    received: {at_least: 5, at_most: 5}
  - log: "^chat ended: client closed send$"
  - log: "^< echo from server: echo: ping 5$"
    source: client
  - order:
      - {stream: c, event: send, nth: 1}
      - {stream: c, event: recv, nth: 1}
      - {stream: c, event: recv, nth: -1}
  - within:
      from: {stream: c, event: start}
      to: {stream: c, event: done}
      max: 20s
  - none: {stream: c, event: recv}
    after: {stream: c, event: done}
)");
  EXPECT_TRUE(r.passed) << (r.expectations.empty() ? r.error : r.expectations[0].detail);
  EXPECT_EQ(r.expectations.size(), 6u);
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.expect << ": " << e.detail;
}

TEST(Expectations, StreamStatusMismatchFails) {
  auto r = RunYaml(std::string(kUpload) + "  - stream: up\n    status: CANCELLED\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(FailedDetail(r), HasSubstr("status: expected CANCELLED, got OK"));
}

TEST(Expectations, StreamStatusListMismatchFails) {
  auto r = RunYaml(std::string(kUpload) + "  - stream: up\n    status: [UNAVAILABLE, CANCELLED]\n");
  EXPECT_THAT(FailedDetail(r), HasSubstr("status: expected UNAVAILABLE or CANCELLED, got OK"));
}

TEST(Expectations, StreamCountMismatchFails) {
  auto r = RunYaml(std::string(kSubscribe) + "  - stream: s\n    received: 6\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(FailedDetail(r), HasSubstr("received: expected 6, got 5"));
}

TEST(Expectations, StreamCountBoundFails) {
  auto r = RunYaml(std::string(kSubscribe) + "  - stream: s\n    received: {at_most: 4}\n");
  EXPECT_THAT(FailedDetail(r), HasSubstr("received: expected at most 4, got 5"));
}

TEST(Expectations, SummaryMismatchFails) {
  auto r =
      RunYaml(std::string(kUpload) +
              "  - stream: up\n    summary: {received: 20, rejected: 4, total_cents: 20400}\n");
  EXPECT_FALSE(r.passed);
  const std::string detail = FailedDetail(r);
  EXPECT_THAT(detail, HasSubstr("summary.rejected: expected 4, got 3"));
  EXPECT_EQ(detail.find("total_cents"), std::string::npos) << "only the wrong field is named";
}

TEST(Expectations, ErrorContainsMismatchFails) {
  auto r = RunYaml(R"(
server: {tick: 20ms}
steps:
  - subscribe: {id: s, limit: 0, deadline: 100ms}
  - wait: {stream: s, done: true}
expect:
  - stream: s
    error_contains: "no such words"
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("error: expected it to contain \"no such words\""));
}

TEST(Expectations, MissingLogFails) {
  auto r = RunYaml(std::string(kUpload) + "  - log: \"upload ended received=21\"\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(
      FailedDetail(r),
      HasSubstr(
          "expected at least 1 server log line(s) matching /upload ended received=21/, saw 0"));
}

TEST(Expectations, LogCountMismatchFails) {
  auto r = RunYaml(std::string(kUpload) + "  - log: \"upload\"\n    count: 1\n");
  // "upload started" and "upload ended ...": two lines.
  EXPECT_THAT(FailedDetail(r), HasSubstr("expected 1 server log line(s) matching /upload/, saw 2"));
}

TEST(Expectations, AbsentLogPresentFails) {
  auto r = RunYaml(std::string(kUpload) + "  - log: \"upload ended\"\n    absent: true\n");
  const std::string detail = FailedDetail(r);
  EXPECT_THAT(detail, HasSubstr("expected no server log line(s) matching /upload ended/, saw 1"));
  EXPECT_THAT(detail,
              HasSubstr("upload ended received=20 accepted=17 rejected=3 total_cents=20400"));
}

TEST(Expectations, ClientLogMismatchFails) {
  auto r =
      RunYaml(std::string(kSubscribe) + "  - log: \"cancelled by client\"\n    source: client\n");
  EXPECT_THAT(FailedDetail(r),
              HasSubstr("client log line(s) matching /cancelled by client/, saw 0"));
}

TEST(Expectations, OrderViolatedFails) {
  auto r = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: recv, nth: 1}
      - {stream: c, event: send, nth: 1}
)");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(FailedDetail(r),
              HasSubstr("expected c recv #1 before c send #1, but c send #1 came at"));
  EXPECT_FALSE(r.expectations[0].context.empty()) << "the events around it are shown";
}

TEST(Expectations, OrderWithMissingEventFails) {
  auto r = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: send, nth: 1}
      - {stream: c, event: recv, nth: 6}
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("c recv #6 never happened (c had 5 recv event(s))"));
}

TEST(Expectations, WithinMaxExceededFails) {
  auto r = RunYaml(std::string(kSubscribe) + R"(
  - within:
      from: {stream: s, event: start}
      to: {stream: s, event: done}
      max: 1ms
)");
  const std::string detail = FailedDetail(r);
  EXPECT_THAT(detail, HasSubstr("outside max 1ms"));
  EXPECT_THAT(detail, HasSubstr("s start #1 at"));
}

TEST(Expectations, WithinMinNotReachedFails) {
  auto r = RunYaml(std::string(kUpload) + R"(
  - within:
      from: {stream: up, event: start}
      to: {stream: up, event: done}
      min: 1m
      max: 2m
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("outside min 1m0s, max 2m0s"));
}

TEST(Expectations, WithinReversedFails) {
  auto r = RunYaml(std::string(kSubscribe) + R"(
  - within:
      from: {stream: s, event: done}
      to: {stream: s, event: start}
      max: 1h
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("s start #1 came before s done #1"));
}

TEST(Expectations, NoneViolatedFails) {
  auto r = RunYaml(std::string(kChat) + R"(
  - none: {stream: c, event: recv}
    after: {stream: c, event: send, nth: 1}
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("expected no c recv after c send #1"));
}

TEST(Expectations, NoneWithMissingAnchorFails) {
  auto r = RunYaml(std::string(kChat) + R"(
  - none: {stream: c, event: recv}
    after: {stream: c, event: cancel}
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("c cancel #1 never happened"));
}

TEST(Expectations, StreamNeverStartedOrEndedFails) {
  auto r = RunYaml(R"(
timeout: 1s
server: {tick: 20ms}
steps:
  - subscribe: {id: s, limit: 0}
  - sleep: 50ms
expect:
  - stream: s
    status: OK
)");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.error, HasSubstr("timed out after 1s waiting for stream s to end"));
  // The stream was cancelled when the run gave up, so it did end: CANCELLED.
  EXPECT_THAT(FailedDetail(r), HasSubstr("status: expected OK, got CANCELLED"));
}

TEST(Runs, WaitTimeoutFailsWithWhatItAwaited) {
  auto r = RunYaml(R"(
steps:
  - upload: {id: up, count: 1}
  - wait: {log: "never logged", timeout: 200ms}
)");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.error,
              HasSubstr("step 2 (wait, inline.yaml:4:5): timed out after 200ms waiting for 1 "
                        "server log line(s) matching /never logged/ (saw 0)"));
  EXPECT_FALSE(r.error_context.empty());
}

TEST(Runs, WaitForCountTimeoutSaysHowFarItGot) {
  auto r = RunYaml(R"(
server: {tick: 50ms}
steps:
  - subscribe: {id: s, limit: 2}
  - wait: {stream: s, received: 3, timeout: 1s}
)");
  EXPECT_THAT(r.error, HasSubstr("waiting for stream s to receive 3 messages (it received 2)"));
}

TEST(Runs, ScenarioTimeoutBoundsTheRun) {
  auto r = RunYaml(R"(
timeout: 300ms
steps:
  - chat: {id: c, count: 1, close_send: false}
  - wait: {stream: c, done: true, timeout: 10s}
)");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(r.error, HasSubstr("timed out after 300ms waiting for stream c to end"));
  EXPECT_LT(r.duration_ms, 10000) << "the scenario's timeout wins over the wait's";
  ASSERT_EQ(r.streams.size(), 1u);
  EXPECT_TRUE(r.streams[0].done) << "nothing is left running";
}

TEST(Runs, StreamAfterStopServerIsUnavailable) {
  auto r = RunYaml(R"(
steps:
  - stop_server: {grace: 0s}
  - upload: {id: up, count: 1}
  - wait: {stream: up, done: true}
expect:
  - stream: up
    status: UNAVAILABLE
)");
  EXPECT_TRUE(r.passed) << (r.expectations.empty() ? r.error : r.expectations[0].detail);
}

}  // namespace
}  // namespace brew::lab
