// How labrun words its verdicts: PASS / FAIL / FLAKY lines, the failure
// details, the totals, and the index's counts for --repeat.
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runner/console.h"
#include "runner/report.h"

namespace brew::lab {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

ScenarioResult Failed() {
  ScenarioResult r;
  r.name = "upload_bad5";
  r.passed = false;
  r.duration_ms = 120;
  ExpectationResult e;
  e.expect = "stream import: summary rejected 5";
  e.source = "scenarios/upload_bad5.yaml:9:5";
  e.detail = "stream import: summary.rejected: expected 5, got 3";
  TimelineEvent log;
  log.t_ms = 12.25;
  log.source = "server";
  log.kind = "log";
  log.text = "upload ended received=20 accepted=17 rejected=3 total_cents=20400";
  e.context.push_back(log);
  r.expectations.push_back(e);
  ExpectationResult ok;
  ok.expect = "log /upload started/";
  ok.passed = true;
  r.expectations.push_back(ok);
  return r;
}

TEST(Console, PassIsOneLine) {
  ScenarioResult r;
  r.name = "bidi_divergence";
  r.passed = true;
  r.duration_ms = 410;
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_EQ(out.str(), "PASS bidi_divergence  0.41s\n");
}

TEST(Console, FailShowsExpectedGotAndAround) {
  std::ostringstream out;
  PrintScenarioResult(out, Failed());
  const std::string text = out.str();
  EXPECT_THAT(text, StartsWith("FAIL upload_bad5  0.12s\n"));
  EXPECT_THAT(text, HasSubstr("  expected: stream import: summary rejected 5  [scenarios/upload_bad5.yaml:9:5]\n"));
  EXPECT_THAT(text, HasSubstr("  got:      stream import: summary.rejected: expected 5, got 3\n"));
  EXPECT_THAT(text, HasSubstr("  around:   12.2ms server log upload ended received=20"));
  EXPECT_THAT(text, ::testing::Not(HasSubstr("upload started"))) << "passed ones are not listed";
}

TEST(Console, RunErrorIsShownWithTheLastEvents) {
  ScenarioResult r = Failed();
  r.expectations.clear();
  r.error = "timed out after 10s waiting for stream chat to end";
  TimelineEvent send;
  send.t_ms = 5;
  send.source = "client";
  send.stream = "chat";
  send.kind = "send";
  send.n = 1;
  send.text = "ping 1";
  r.error_context.push_back(send);
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_THAT(out.str(), HasSubstr("  error:    timed out after 10s waiting for stream chat to end\n"
                                   "  last:     5.0ms chat send #1 ping 1\n"));
}

TEST(Console, SomeFailedRunsAreFlaky) {
  std::ostringstream out;
  PrintScenarioResult(out, Failed(), /*runs=*/50, /*failures=*/3);
  EXPECT_THAT(out.str(), StartsWith("FLAKY upload_bad5  0.12s  (3 of 50 runs failed; showing the first)\n"));
}

TEST(Console, AllFailedRunsAreAFailNotFlaky) {
  std::ostringstream out;
  PrintScenarioResult(out, Failed(), 50, 50);
  EXPECT_THAT(out.str(), StartsWith("FAIL upload_bad5  0.12s  (50 of 50 runs failed"));
}

TEST(Console, TotalsEndWithThePlainLine) {
  std::ostringstream out;
  PrintTotals(out, 12, 2, 1);
  EXPECT_EQ(out.str(), "1 flaky (counted as failed)\n12 passed, 2 failed\n");
}

TEST(Index, CountsFlakyAsFailedAndScoresPassedOnly) {
  ScenarioSummary steady{"a", "a.yaml", 2, 50, 0, 1, "a.json"};
  ScenarioSummary flaky{"b", "b.yaml", 1, 50, 3, 1, "b.json"};
  ScenarioSummary broken{"c", "c.yaml", 1, 50, 50, 1, "c.json"};
  EXPECT_FALSE(steady.flaky());
  EXPECT_TRUE(flaky.flaky());
  EXPECT_FALSE(broken.flaky());
  auto index = IndexReport({steady, flaky, broken}, "2026-11-24T12:00:00.000Z", 1);
  EXPECT_EQ(index["passed"], 1);
  EXPECT_EQ(index["failed"], 2);
  EXPECT_EQ(index["flaky"], 1);
  EXPECT_EQ(index["score"], 2);
  EXPECT_EQ(index["max_score"], 4);
  EXPECT_EQ(index["scenarios"][1]["flaky"], true);
}

}  // namespace
}  // namespace brew::lab
