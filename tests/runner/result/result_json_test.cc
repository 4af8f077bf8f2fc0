// An isolated run's result crosses a pipe as JSON: nothing may be lost.
#include "runner/result/result_json.h"

#include <gtest/gtest.h>

namespace brew::lab {
namespace {

TEST(ResultJson, RoundTripsEverything) {
  ScenarioResult r;
  r.name = "upload_bad5";
  r.file = "scenarios/upload_bad5.yaml";
  r.description = "five bad";
  r.points = 3;
  r.passed = false;
  r.error = "timed out";
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
  s.status = "OK";
  s.sent = 20;
  s.summary = StreamOutcome::Summary{20, 15, 5, 19500};
  r.streams.push_back(s);
  TimelineEvent e;
  e.t_ms = 1.25;
  e.source = "client";
  e.stream = "import";
  e.kind = "send";
  e.n = 1;
  e.text = "customer_id=cust-import amount_cents=0";
  r.events.push_back(e);
  r.error_context.push_back(e);
  ExpectationResult x;
  x.expect = "stream import: summary rejected 5";
  x.source = "f.yaml:3:5";
  x.detail = "d";
  x.context.push_back(e);
  r.expectations.push_back(x);

  const ScenarioResult back = ResultFromJson(ResultToJson(r));
  EXPECT_EQ(ResultToJson(back), ResultToJson(r));
  EXPECT_EQ(back.tick, r.tick);
  ASSERT_TRUE(back.streams.at(0).summary.has_value());
  EXPECT_EQ(back.streams[0].summary->total_cents, 19500);
  EXPECT_EQ(back.streams[0].kind, StreamKind::kUpload);
  EXPECT_EQ(back.expectations.at(0).context.at(0).text, e.text);
  EXPECT_EQ(back.process_output, r.process_output);
}

TEST(ResultJson, MalformedDocumentThrows) {
  EXPECT_THROW(ResultFromJson(nlohmann::json::object()), nlohmann::json::exception);
}

}  // namespace
}  // namespace brew::lab
