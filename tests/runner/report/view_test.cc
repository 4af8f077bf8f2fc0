// The pictures of a run: the Chrome trace (--trace) against the Trace Event
// Format (fields, units, ordering, every flow start has its finish) and
// the HTML page (--html) as a document (self-contained, data embedded and
// safe inside <script>). The page in a real browser: html_browser_test.sh.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "runner/report/html_report.h"
#include "runner/report/trace_export.h"

namespace brew::lab {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

TimelineEvent Client(double t_ms, const std::string& stream, const std::string& kind, int n,
                     const std::string& text) {
  TimelineEvent e;
  e.t_ms = t_ms;
  e.source = "client";
  e.stream = stream;
  e.SetEvent(*EventKindFromName(kind));
  e.n = n;
  e.text = text;
  if (kind == "done") e.status = text.empty() ? "OK" : "CANCELLED";
  return e;
}

TimelineEvent Log(double t_ms, const std::string& text) {
  TimelineEvent e;
  e.t_ms = t_ms;
  e.source = "server";
  e.kind = "log";
  e.level = "INFO";
  e.text = text;
  return e;
}

// A chat of three pings (the third never echoed, then a cancel) and an
// upload, with server lines: the shapes a trace must handle.
ScenarioResult Chat() {
  ScenarioResult r;
  r.name = "chat_cancel";
  r.file = "scenarios/chat_cancel.yaml";
  r.description = "three pings, <b>two</b> echoes </script>";
  r.passed = false;
  r.points = 2;
  StreamOutcome chat;
  chat.id = "chat";
  chat.kind = StreamKind::kChat;
  r.streams.push_back(chat);
  StreamOutcome up;
  up.id = "import";
  up.kind = StreamKind::kUpload;
  r.streams.push_back(up);
  r.events = {
      Log(0.5, "streaming-server started"),
      Client(1.0, "chat", "start", 0, ""),
      Client(1.2, "import", "start", 0, ""),
      Client(2.0, "chat", "send", 1, "ping 1"),
      Client(2.004, "chat", "send", 2, "ping 2"),  // 4us later: a shorter slice
      Client(2.5, "import", "send", 1, "customer_id=c1 amount_cents=100"),
      Client(202.0, "chat", "recv", 1, "echo: ping 1"),
      Client(203.0, "chat", "send", 3, "ping 3"),
      Client(402.0, "chat", "recv", 2, "echo: ping 2"),
      Client(403.0, "chat", "cancel", 0, ""),
      Log(405.0, "chat ended: client cancelled"),
      Client(405.5, "chat", "done", 0, "context canceled"),
      Client(406.0, "import", "done", 0, ""),
  };
  ExpectationResult bad;
  bad.expect = "stream chat: received 3";
  bad.source = "scenarios/chat_cancel.yaml:9:5";
  bad.detail = "stream chat: received: expected 3, got 2";
  r.expectations.push_back(bad);
  ExpectationResult ok;
  ok.expect = "order: chat send #1 < chat recv #1";
  ok.source = "scenarios/chat_cancel.yaml:12:5";
  ok.passed = true;
  r.expectations.push_back(ok);
  return r;
}

ScenarioResult Empty() {
  ScenarioResult r;
  r.name = "empty";
  r.passed = true;
  return r;
}

TEST(Trace, IsTraceEventFormat) {
  const json doc = TraceJson({Chat(), Empty()});
  ASSERT_TRUE(doc.contains("traceEvents"));
  ASSERT_TRUE(doc["traceEvents"].is_array());
  for (const json& e : doc["traceEvents"]) {
    SCOPED_TRACE(e.dump());
    ASSERT_TRUE(e.contains("ph") && e["ph"].is_string());
    ASSERT_TRUE(e.contains("pid") && e["pid"].is_number_integer());
    ASSERT_TRUE(e.contains("tid") && e["tid"].is_number_integer());
    ASSERT_TRUE(e.contains("name") && e["name"].is_string());
    const std::string ph = e["ph"];
    EXPECT_THAT(std::string("MXisf"), HasSubstr(ph));
    if (ph != "M") {
      ASSERT_TRUE(e.contains("ts") && e["ts"].is_number());
    }
    if (ph == "X") {
      ASSERT_TRUE(e.contains("dur") && e["dur"].is_number());
      EXPECT_GT(e["dur"].get<double>(), 0);
      EXPECT_LE(e["dur"].get<double>(), 10) << "a short slice, in microseconds";
    }
    if (ph == "i") {
      EXPECT_EQ(e["s"], "t");
    }
    if (ph == "s" || ph == "f") {
      ASSERT_TRUE(e.contains("id") && e.contains("cat"));
    }
    if (ph == "f") {
      EXPECT_EQ(e["bp"], "e");
    }
  }
}

TEST(Trace, ProcessPerScenarioTrackPerStreamAndServer) {
  const json doc = TraceJson({Chat(), Empty()});
  std::map<std::pair<int, int>, std::string> threads;
  std::map<int, std::string> processes;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] != "M") continue;
    if (e["name"] == "process_name") processes[e["pid"]] = e["args"]["name"];
    if (e["name"] == "thread_name") threads[{e["pid"], e["tid"]}] = e["args"]["name"];
  }
  EXPECT_EQ(processes[1], "chat_cancel (FAIL)");
  EXPECT_EQ(processes[2], "empty (PASS)");
  EXPECT_EQ(threads[std::make_pair(1, 0)], "server");
  EXPECT_EQ(threads[std::make_pair(1, 1)], "stream chat (chat)");
  EXPECT_EQ(threads[std::make_pair(1, 2)], "stream import (upload)");
  EXPECT_EQ(threads[std::make_pair(2, 0)], "server");
  // Every non-metadata event is on a named track.
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "M") continue;
    EXPECT_TRUE(threads.count({e["pid"], e["tid"]})) << e.dump();
  }
}

TEST(Trace, EveryEventOnceInMicrosecondsInTimeOrder) {
  const ScenarioResult r = Chat();
  const json doc = TraceJson({r});
  std::vector<json> shown;  // slices and instants, in document order
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "X" || e["ph"] == "i") shown.push_back(e);
  }
  ASSERT_EQ(shown.size(), r.events.size());
  for (size_t i = 0; i < shown.size(); ++i) {
    SCOPED_TRACE(shown[i].dump());
    EXPECT_DOUBLE_EQ(shown[i]["ts"].get<double>(), r.events[i].t_ms * 1000) << "microseconds";
    if (i > 0) {
      EXPECT_GE(shown[i]["ts"].get<double>(), shown[i - 1]["ts"].get<double>());
    }
    EXPECT_EQ(shown[i]["ph"], r.events[i].source == "server" ? "i" : "X");
    EXPECT_EQ(shown[i]["tid"],
              r.events[i].source == "server" ? 0 : (r.events[i].stream == "chat" ? 1 : 2));
  }
  EXPECT_EQ(shown[0]["name"], "streaming-server started");
  EXPECT_EQ(shown[3]["name"], "send #1");
  EXPECT_EQ(shown[3]["args"]["text"], "ping 1");
  EXPECT_DOUBLE_EQ(shown[3]["dur"].get<double>(), 4) << "cut short by the next send, 4us later";
  EXPECT_EQ(shown[9]["name"], "cancel");
  EXPECT_EQ(shown[11]["name"], "done CANCELLED");
  EXPECT_EQ(shown[11]["args"]["status"], "CANCELLED");
  EXPECT_EQ(shown[12]["name"], "done OK");
  // Slices on one track never overlap.
  std::map<int, double> track_end;
  for (const json& e : shown) {
    if (e["ph"] != "X") continue;
    const int tid = e["tid"];
    EXPECT_GE(e["ts"].get<double>(), track_end[tid]) << e.dump();
    track_end[tid] = e["ts"].get<double>() + e["dur"].get<double>();
  }
}

TEST(Trace, FlowsGoFromEachPingToItsEchoAndEveryStartHasItsFinish) {
  const json doc = TraceJson({Chat(), Chat()});
  std::map<long, json> starts, finishes;
  for (const json& e : doc["traceEvents"]) {
    if (e["ph"] == "s") {
      EXPECT_TRUE(starts.emplace(e["id"].get<long>(), e).second) << "ids unique";
    }
    if (e["ph"] == "f") {
      EXPECT_TRUE(finishes.emplace(e["id"].get<long>(), e).second);
    }
  }
  EXPECT_EQ(starts.size(), 4u) << "ping 1 and 2 in each of the two scenarios; ping 3 had no echo";
  ASSERT_EQ(starts.size(), finishes.size());
  for (const auto& [id, s] : starts) {
    ASSERT_TRUE(finishes.count(id)) << "flow " << id << " has no finish";
    const json& f = finishes[id];
    EXPECT_EQ(s["pid"], f["pid"]);
    EXPECT_EQ(s["cat"], f["cat"]);
    EXPECT_LT(s["ts"].get<double>(), f["ts"].get<double>());
    // Each end sits on a slice of its track: send #n and recv #n.
    int send_n = 0, recv_n = 0;
    for (const json& e : doc["traceEvents"]) {
      if (e["ph"] != "X" || e["pid"] != s["pid"] || e["tid"] != s["tid"]) continue;
      if (e["ts"] == s["ts"] && e["cat"] == "send") send_n = e["args"]["n"];
      if (e["ts"] == f["ts"] && e["cat"] == "recv") recv_n = e["args"]["n"];
    }
    EXPECT_GT(send_n, 0);
    EXPECT_EQ(send_n, recv_n) << "ping n flows to echo n";
  }
}

TEST(Html, IsOneSelfContainedPage) {
  const std::string page = HtmlReport({}, {Chat(), Empty()}, "2026-11-24T12:00:00.000Z", 512);
  EXPECT_THAT(page, ::testing::StartsWith("<!DOCTYPE html>"));
  EXPECT_THAT(page, HasSubstr("</html>"));
  for (const char* external : {"http://", "https://", "<link", "src=", "@import", "url("}) {
    std::string without_svgns = page;
    const std::string svgns = "http://www.w3.org/2000/svg";
    for (size_t at; (at = without_svgns.find(svgns)) != std::string::npos;)
      without_svgns.erase(at, svgns.size());
    EXPECT_THAT(without_svgns, Not(HasSubstr(external))) << "no network: " << external;
  }
  EXPECT_THAT(page, Not(HasSubstr("LABRUN_DATA"))) << "the data replaced the marker";
}

TEST(Html, EmbedsTheRunAsJsonThatCannotEndTheScript) {
  const std::string page = HtmlReport({}, {Chat(), Empty()}, "2026-11-24T12:00:00.000Z", 512);
  // Exactly one </script> per <script>: the description's "</script>" is escaped.
  size_t opens = 0, closes = 0;
  for (size_t at = 0; (at = page.find("<script", at)) != std::string::npos; ++at) ++opens;
  for (size_t at = 0; (at = page.find("</script>", at)) != std::string::npos; ++at) ++closes;
  EXPECT_EQ(opens, 2u);
  EXPECT_EQ(closes, 2u);
  const std::string open = "<script id=\"labrun-data\" type=\"application/json\">";
  const size_t from = page.find(open) + open.size();
  const json data = json::parse(page.substr(from, page.find("</script>", from) - from));
  ASSERT_EQ(data["scenarios"].size(), 2u);
  EXPECT_EQ(data["duration_ms"], 512);
  const json& chat = data["scenarios"][0]["report"];
  EXPECT_EQ(chat["scenario"], "chat_cancel");
  EXPECT_EQ(chat["description"], "three pings, <b>two</b> echoes </script>");
  EXPECT_EQ(chat["events"].size(), Chat().events.size());
  EXPECT_EQ(chat["expectations"][0]["detail"], "stream chat: received: expected 3, got 2");
  EXPECT_EQ(data["scenarios"][0]["failures"], 1);
}

TEST(Html, SummariesGiveRunsAndFlakiness) {
  ScenarioSummary s;
  s.name = "chat_cancel";
  s.runs = 5;
  s.failures = 2;
  const json data = HtmlData({s}, {Chat()}, "", 1);
  EXPECT_EQ(data["scenarios"][0]["runs"], 5);
  EXPECT_EQ(data["scenarios"][0]["flaky"], true);
}

}  // namespace
}  // namespace brew::lab
