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
  // (received: 6 could never hold with limit 5: the loader refuses it.)
  auto r = RunYaml(std::string(kSubscribe) + "  - stream: s\n    received: 4\n");
  EXPECT_FALSE(r.passed);
  EXPECT_THAT(FailedDetail(r), HasSubstr("received: expected 4, got 5"));
}

TEST(Expectations, StreamCountBoundFails) {
  auto r = RunYaml(std::string(kSubscribe) + "  - stream: s\n    received: {at_most: 4}\n");
  EXPECT_THAT(FailedDetail(r), HasSubstr("received: expected at most 4, got 5"));
}

TEST(Expectations, SummaryMismatchFails) {
  auto r =
      RunYaml(std::string(kUpload) +
              "  - stream: up\n    summary: {received: 20, rejected: 2, total_cents: 20400}\n");
  EXPECT_FALSE(r.passed);
  const std::string detail = FailedDetail(r);
  EXPECT_THAT(detail, HasSubstr("summary.rejected: expected 2, got 3"));
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
      - {stream: c, event: cancel}
)");
  EXPECT_THAT(FailedDetail(r), HasSubstr("c cancel #1 never happened (c had 0 cancel event(s))"));
}

// A reference by text that matches nothing says how many events of that
// kind the stream had, how many matched, and the nearest miss. The regex has
// ": " in it, so it is quoted, and still a regex.
TEST(Expectations, TextThatMatchesNothingShowsTheNearestMiss) {
  auto r = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: send, nth: 1}
      - {stream: c, event: recv, text: "/echo: ping 33$/"}
)");
  EXPECT_THAT(FailedDetail(r),
              HasSubstr("c recv /echo: ping 33$/ #1 never happened (c had 5 recv event(s), 0 "
                        "matching /echo: ping 33$/; nearest: \"echo: ping 3\")"));
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
server: {tick: 5s}
steps:
  - subscribe: {id: s, limit: 0}
  - wait: {stream: s, received: 1, timeout: 300ms}
)");
  EXPECT_THAT(r.error, HasSubstr("waiting for stream s to receive 1 messages (it received 0)"));
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

// The scenario-authoring kinds: an event picked by its text, close_send on
// the timeline, one stream's client lines, gaps. Each must pass on the
// real server and fail when it should.
TEST(Expectations, EventPickedByTextAndCloseSend) {
  auto r = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: close_send}
      - {stream: c, event: recv, text: "echo: ping 1"}
      - {stream: c, event: recv, text: /ping 5$/}
      - {stream: c, event: done}
)");
  EXPECT_TRUE(r.passed) << r.error;
  for (const ExpectationResult& e : r.expectations) EXPECT_TRUE(e.passed) << e.detail;

  auto bad = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: recv, text: "echo: ping 5"}
      - {stream: c, event: recv, text: "echo: ping 1"}
)");
  EXPECT_FALSE(bad.passed);
  EXPECT_THAT(FailedDetail(bad), HasSubstr("expected c recv \"echo: ping 5\" #1 before"));

  auto missing = RunYaml(std::string(kChat) + R"(
  - order:
      - {stream: c, event: recv, text: "echo: ping 6"}
      - {stream: c, event: done}
)");
  EXPECT_FALSE(missing.passed);
  EXPECT_THAT(FailedDetail(missing), HasSubstr("c recv \"echo: ping 6\" #1"));
}

TEST(Expectations, LogOfOneStreamCountsOnlyItsClientLines) {
  const std::string two_chats = R"(
server: {echo_delay: 1ms}
steps:
  - chat: {id: a, count: 2, interval: 1ms}
  - chat: {id: b, count: 3, interval: 1ms}
  - wait: {stream: a, done: true}
  - wait: {stream: b, done: true}
expect:
)";
  auto r = RunYaml(two_chats + R"(
  - log: "got 2 echoes"
    stream: a
  - log: "^< echo from server"
    stream: b
    count: 3
)");
  EXPECT_TRUE(r.passed) << r.error;
  auto bad = RunYaml(two_chats + R"(
  - log: "got 3 echoes"
    stream: a
)");
  EXPECT_FALSE(bad.passed);
  EXPECT_THAT(FailedDetail(bad),
              HasSubstr("stream a's client log line(s) matching /got 3 echoes/, saw 0"));
}

TEST(Expectations, GapsChecksEveryConsecutivePair) {
  // Echoes 20ms apart at least (the echo delay); nothing near 10s apart.
  auto r = RunYaml(std::string(kChat) + R"(
  - gaps: {stream: c, event: recv, min: 15ms, max: 10s}
)");
  EXPECT_TRUE(r.passed) << r.error;
  for (const ExpectationResult& e : r.expectations) {
    EXPECT_THAT(e.detail, HasSubstr("4 gaps between c recv events"));
  }
  // At most 1ms apart cannot hold: the server waits 20ms between echoes.
  auto bad = RunYaml(std::string(kChat) + R"(
  - gaps: {stream: c, event: recv, max: 1ms}
)");
  EXPECT_FALSE(bad.passed);
  EXPECT_THAT(FailedDetail(bad), HasSubstr("the gap from c recv #1 at"));
  auto too_few = RunYaml(std::string(kSubscribe) + R"(
  - gaps: {stream: s, event: recv, text: "no such order", max: 1s}
)");
  EXPECT_FALSE(too_few.passed);
  EXPECT_THAT(
      FailedDetail(too_few),
      HasSubstr("expected at least 2 s recv \"no such order\" events to measure a gap, saw 0"));
}

}  // namespace
}  // namespace brew::lab
