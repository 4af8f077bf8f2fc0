// An isolated run's result crosses a pipe as JSON: nothing may be lost.
#include "runner/result/result_json.h"

#include <gtest/gtest.h>

namespace brew::lab {
namespace {

// Field by field, against the original: a field that the JSON lost both ways
// would still compare equal as JSON.
void ExpectSameEvent(const TimelineEvent& got, const TimelineEvent& want) {
  EXPECT_EQ(got.t_ms, want.t_ms);
  EXPECT_EQ(got.source, want.source);
  EXPECT_EQ(got.stream, want.stream);
  EXPECT_EQ(got.kind, want.kind);
  EXPECT_EQ(got.n, want.n);
  EXPECT_EQ(got.text, want.text);
  EXPECT_EQ(got.status, want.status);
  EXPECT_EQ(got.level, want.level);
}

TEST(ResultJson, RoundTripsEverything) {
  ScenarioResult r;
  r.name = "upload_bad5";
  r.file = "scenarios/upload_bad5.yaml";
  r.description = "five bad";
  r.points = 3;
  r.passed = false;
  r.error = "timed out";
  r.skipped = "needs brewlab's read_delay";
  r.process_output = {"AddressSanitizer: heap-use-after-free", "#0 0x1"};
  r.started_at = "2026-11-24T12:00:00.000Z";
  r.duration_ms = 12.5;
  r.server_addr = "127.0.0.1:4000";
  r.tick = std::chrono::milliseconds(100);
  r.echo_delay = std::chrono::milliseconds(7);
  StreamOutcome s;
  s.id = "import";
  s.kind = StreamKind::kUpload;
  s.done = true;
  s.status = StatusCode::kOk;
  s.sent = 20;
  s.summary = StreamOutcome::Summary{20, 15, 5, 19500};
  r.streams.push_back(s);
  TimelineEvent e;
  e.t_ms = 1.25;
  e.source = "client";
  e.stream = "import";
  e.SetEvent(EventKind::kSend);
  e.n = 1;
  e.text = "customer_id=cust-import amount_cents=0";
  r.events.push_back(e);
  TimelineEvent done;
  done.t_ms = 9.5;
  done.source = "client";
  done.stream = "import";
  done.SetEvent(EventKind::kDone);
  done.status = "CANCELLED";
  done.code = StatusCode::kCancelled;
  r.events.push_back(done);
  TimelineEvent log;
  log.t_ms = 10;
  log.source = "server";
  log.kind = "log";
  log.level = "WARN";
  log.text = "upload ended: bad record received=1";
  r.events.push_back(log);
  r.error_context.push_back(e);
  ExpectationResult x;
  x.expect = "stream import: summary rejected 5";
  x.source = "f.yaml:3:5";
  x.passed = true;
  x.detail = "d";
  x.context.push_back(e);
  r.expectations.push_back(x);

  s.message = "m";
  s.received = 0;
  r.streams[0].message = "m";

  const ScenarioResult back = ResultFromJson(ResultToJson(r));
  EXPECT_EQ(back.name, r.name);
  EXPECT_EQ(back.file, r.file);
  EXPECT_EQ(back.description, r.description);
  EXPECT_EQ(back.points, r.points);
  EXPECT_EQ(back.passed, r.passed);
  EXPECT_EQ(back.error, r.error);
  EXPECT_EQ(back.skipped, r.skipped);
  EXPECT_EQ(back.process_output, r.process_output);
  EXPECT_EQ(back.started_at, r.started_at);
  EXPECT_EQ(back.duration_ms, r.duration_ms);
  EXPECT_EQ(back.server_addr, r.server_addr);
  EXPECT_EQ(back.tick, r.tick);
  EXPECT_EQ(back.echo_delay, r.echo_delay);
  ASSERT_EQ(back.streams.size(), 1u);
  const StreamOutcome& bs = back.streams[0];
  EXPECT_EQ(bs.id, "import");
  EXPECT_EQ(bs.kind, StreamKind::kUpload);
  EXPECT_EQ(bs.done, true);
  EXPECT_EQ(bs.status, StatusCode::kOk);
  EXPECT_EQ(bs.message, "m");
  EXPECT_EQ(bs.sent, 20);
  EXPECT_EQ(bs.received, 0);
  ASSERT_TRUE(bs.summary.has_value());
  EXPECT_EQ(bs.summary->received, 20);
  EXPECT_EQ(bs.summary->accepted, 15);
  EXPECT_EQ(bs.summary->rejected, 5);
  EXPECT_EQ(bs.summary->total_cents, 19500);
  ASSERT_EQ(back.events.size(), r.events.size());
  for (size_t i = 0; i < r.events.size(); ++i) ExpectSameEvent(back.events[i], r.events[i]);
  ASSERT_EQ(back.error_context.size(), 1u);
  ExpectSameEvent(back.error_context[0], e);
  ASSERT_EQ(back.expectations.size(), 1u);
  EXPECT_EQ(back.expectations[0].expect, x.expect);
  EXPECT_EQ(back.expectations[0].source, x.source);
  EXPECT_EQ(back.expectations[0].passed, true);
  EXPECT_EQ(back.expectations[0].detail, x.detail);
  ASSERT_EQ(back.expectations[0].context.size(), 1u);
  ExpectSameEvent(back.expectations[0].context[0], e);
}

TEST(ResultJson, MalformedDocumentThrows) {
  EXPECT_THROW(ResultFromJson(nlohmann::json::object()), nlohmann::json::exception);
}

}  // namespace
}  // namespace brew::lab
