// How labrun words its verdicts: PASS / FAIL / FLAKY lines, the failure
// details, the totals, and the index's counts for --repeat.
#include "runner/report/console.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "runner/report/report.h"
#include "runner/report/score.h"
#include "runner/result/event_query.h"

namespace brew::lab {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
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
  EXPECT_THAT(
      text,
      HasSubstr(
          "  expected: stream import: summary rejected 5  [scenarios/upload_bad5.yaml:9:5]\n"));
  EXPECT_THAT(text, HasSubstr("  got:      stream import: summary.rejected: expected 5, got 3\n"));
  EXPECT_THAT(text, HasSubstr("  around:   12.2ms server log upload ended received=20"));
  EXPECT_THAT(text, Not(HasSubstr("upload started"))) << "passed ones are not listed";
}

TEST(Console, RunErrorIsShownWithTheLastEvents) {
  ScenarioResult r = Failed();
  r.expectations.clear();
  r.error = "timed out after 10s waiting for stream chat to end";
  TimelineEvent send;
  send.t_ms = 5;
  send.source = "client";
  send.stream = "chat";
  send.SetEvent(EventKind::kSend);
  send.n = 1;
  send.text = "ping 1";
  r.error_context.push_back(send);
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_THAT(out.str(),
              HasSubstr("  error:    timed out after 10s waiting for stream chat to end\n"
                        "  last:     5.0ms chat send #1 ping 1\n"));
}

// What a crashed or hung scenario's process printed last follows the run
// error and its last events, one "output:" line per line; without a run
// error there are none.
TEST(Console, RunErrorIsFollowedByTheProcessOutput) {
  ScenarioResult r = Failed();
  r.expectations.clear();
  r.error = "crashed: SIGSEGV";
  r.process_output = {"AddressSanitizer: SEGV on unknown address", "#0 0x1 in Tally"};
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_THAT(out.str(), HasSubstr("  error:    crashed: SIGSEGV\n"
                                   "  output:   AddressSanitizer: SEGV on unknown address\n"
                                   "  output:   #0 0x1 in Tally\n"));

  ScenarioResult no_error = Failed();
  no_error.process_output = {"left over"};
  std::ostringstream quiet;
  PrintScenarioResult(quiet, no_error);
  EXPECT_THAT(quiet.str(), Not(HasSubstr("output:")));
}

// A chat of 20 pings over 400ms and its echoes, then the server's line and
// the stream's end: 42 events, each with its arrival order.
std::vector<TimelineEvent> ChatTimeline() {
  std::vector<TimelineEvent> events;
  auto add = [&](double t, const std::string& source, const std::string& kind, int n,
                 const std::string& text) {
    TimelineEvent e;
    e.t_ms = t;
    e.source = source;
    e.stream = source == "client" ? "chat" : "";
    e.kind = kind;
    if (auto event = EventKindFromName(kind)) e.SetEvent(*event);
    e.n = n;
    e.text = text;
    if (kind == "done") e.status = "OK";
    if (kind == "log") e.level = "INFO";
    e.seq = static_cast<long>(events.size());
    events.push_back(e);
  };
  for (int i = 1; i <= 20; ++i) {
    add(i * 10.0, "client", "send", i, "ping " + std::to_string(i));
    add(i * 10.0 + 200, "client", "recv", i, "echo: ping " + std::to_string(i));
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const TimelineEvent& a, const TimelineEvent& b) { return a.t_ms < b.t_ms; });
  add(500, "server", "log", 0, "chat ended: client closed send");
  add(501, "client", "done", 0, "");
  return events;
}

TEST(Console, FailureTimelineReplacesTheAroundLines) {
  ScenarioResult r;
  r.name = "bidi_divergence";
  r.events = ChatTimeline();
  ExpectationResult e;
  e.expect = "order: chat send #20 < chat recv #1";
  e.source = "scenarios/bidi_divergence.yaml:19:5";
  e.detail = "chat send #20 at 200.0ms, chat recv #1 at 210.0ms";
  for (const TimelineEvent& ev : r.events) {
    if ((ev.event == EventKind::kSend && ev.n == 20) || (ev.event == EventKind::kRecv && ev.n == 1))
      e.context.push_back(ev);
  }
  r.expectations.push_back(e);
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_EQ(
      out.str(),
      "FAIL bidi_divergence  0.00s\n"
      "  expected: order: chat send #20 < chat recv #1  [scenarios/bidi_divergence.yaml:19:5]\n"
      "  got:      chat send #20 at 200.0ms, chat recv #1 at 210.0ms\n"
      "  timeline: 12 of 42 events around the first failure (> marks the ones it concerns)\n"
      "         150.0ms  chat    send #15   ping 15\n"
      "         160.0ms  chat    send #16   ping 16\n"
      "         170.0ms  chat    send #17   ping 17\n"
      "         180.0ms  chat    send #18   ping 18\n"
      "         190.0ms  chat    send #19   ping 19\n"
      "  >      200.0ms  chat    send #20   ping 20\n"
      "  >      210.0ms  chat    recv #1    echo: ping 1\n"
      "         220.0ms  chat    recv #2    echo: ping 2\n"
      "         230.0ms  chat    recv #3    echo: ping 3\n"
      "         240.0ms  chat    recv #4    echo: ping 4\n"
      "         250.0ms  chat    recv #5    echo: ping 5\n"
      "         260.0ms  chat    recv #6    echo: ping 6\n");
}

TEST(Console, RunErrorTimelineEndsAtTheLastEventAndLaterFailuresKeepTheirLines) {
  ScenarioResult r;
  r.name = "chat";
  r.events = ChatTimeline();
  r.error = "timed out after 1s waiting for stream chat to end";
  r.error_context = LastEvents(r.events);
  ExpectationResult e;
  e.expect = "stream chat: sent 21";
  e.source = "x.yaml:1:1";
  e.detail = "stream chat: sent: expected 21, got 20";
  e.context = {r.events[0], r.events.back()};  // ping 1 is outside the window
  r.expectations.push_back(e);
  std::ostringstream out;
  PrintScenarioResult(out, r);
  const std::string text = out.str();
  EXPECT_THAT(text, HasSubstr("  error:    timed out after 1s waiting for stream chat to end\n"
                              "  expected: stream chat: sent 21  [x.yaml:1:1]\n"
                              "  got:      stream chat: sent: expected 21, got 20\n"
                              "  around:   10.0ms chat send #1 ping 1\n"
                              "  timeline: 12 of 42 events around the first failure"));
  EXPECT_THAT(text, Not(HasSubstr("last:"))) << "the timeline shows the last events";
  EXPECT_THAT(text, Not(HasSubstr("around:   501.0ms"))) << "no event twice";
  EXPECT_THAT(text,
              HasSubstr("  >      500.0ms  server  log        chat ended: client closed send\n"
                        "  >      501.0ms  chat    done OK\n"));
  EXPECT_THAT(text, ::testing::EndsWith("  >      501.0ms  chat    done OK\n"));
  EXPECT_THAT(text, HasSubstr("         310.0ms  chat    recv #11   echo: ping 11\n"
                              "         320.0ms  chat    recv #12   echo: ping 12\n"))
      << "12 events back from the end";
  EXPECT_THAT(text, HasSubstr("  >      370.0ms  chat    recv #17   echo: ping 17\n"))
      << "the last 6, the error's context, are marked";
  EXPECT_THAT(text, Not(HasSubstr("300.0ms")));
}

TEST(Console, SomeFailedRunsAreFlaky) {
  std::ostringstream out;
  PrintScenarioResult(out, Failed(), /*runs=*/50, /*failures=*/3);
  EXPECT_THAT(out.str(),
              StartsWith("FLAKY upload_bad5  0.12s  (3 of 50 runs failed; showing the first)\n"));
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
  ScenarioSummary steady{"a", "a.yaml", 2, 50, 0, 1, "a.json", ""};
  ScenarioSummary flaky{"b", "b.yaml", 1, 50, 3, 1, "b.json", ""};
  ScenarioSummary broken{"c", "c.yaml", 1, 50, 50, 1, "c.json", ""};
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

TEST(Index, ASkipIsNeitherPassedNorFailedAndOutOfTheMaximum) {
  ScenarioSummary ran{"a", "a.yaml", 2, 1, 0, 1, "a.json", ""};
  ScenarioSummary skip{"b", "b.yaml", 3, 0, 0, 0, "b.json", "needs brewlab's read_delay"};
  EXPECT_FALSE(skip.passed());
  auto index = IndexReport({ran, skip}, "2026-11-24T12:00:00.000Z", 1);
  EXPECT_EQ(index["passed"], 1);
  EXPECT_EQ(index["failed"], 0);
  EXPECT_EQ(index["skipped"], 1);
  EXPECT_EQ(index["max_score"], 2);
  EXPECT_EQ(index["scenarios"][1]["skipped"], "needs brewlab's read_delay");
  EXPECT_EQ(ScoreLine({ran, skip}), "score: 2/2");
}

TEST(Console, ASkipIsOneLineWithItsReason) {
  ScenarioResult r;
  r.name = "upload_slow_reader";
  r.skipped = "needs brewlab's read_delay (a server read_delay of 25ms)";
  std::ostringstream out;
  PrintScenarioResult(out, r);
  EXPECT_EQ(out.str(),
            "SKIP upload_slow_reader  needs brewlab's read_delay (a server read_delay of 25ms)\n");
  std::ostringstream totals;
  PrintTotals(totals, 16, 0, 0, 2);
  EXPECT_EQ(totals.str(), "16 passed, 0 failed, 2 skipped\n");
}

}  // namespace
}  // namespace brew::lab
