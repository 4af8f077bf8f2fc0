#include "core/util/logger.h"

#include <gtest/gtest.h>

#include <regex>

namespace brew {
namespace {

using namespace std::chrono_literals;

std::vector<LogRecord> Capture(const std::function<void(Logger&)>& body) {
  std::vector<LogRecord> records;
  Logger logger([&](const LogRecord& r) { records.push_back(r); });
  body(logger);
  return records;
}

TEST(Logger, WritesTheLessonsLines) {
  auto records = Capture([](Logger& log) {
    log.Info("subscribe started", {{"customer_id", ""}, {"limit", 5}});
    log.Info(
        "streaming-server started",
        {{"addr", "127.0.0.1:50052"}, {"tick", Duration(1s)}, {"echo_delay", Duration(200ms)}});
    log.Info("upload ended", {{"received", 20}, {"accepted", 17}, {"rejected", 3}});
  });
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].FormatBody(), "subscribe started customer_id=\"\" limit=5");
  EXPECT_EQ(records[1].FormatBody(),
            "streaming-server started addr=127.0.0.1:50052 tick=1s echo_delay=200ms");
  EXPECT_EQ(records[2].FormatBody(), "upload ended received=20 accepted=17 rejected=3");
}

TEST(Logger, LineHasRfc3339UtcMillisAndLevel) {
  auto records = Capture([](Logger& log) { log.Warn("subscribe send failed", {{"sent", 2}}); });
  ASSERT_EQ(records.size(), 1u);
  const std::regex line(
      R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z WARN subscribe send failed sent=2$)");
  EXPECT_TRUE(std::regex_match(records[0].Format(), line)) << records[0].Format();
}

TEST(Logger, FormatsAKnownInstant) {
  const auto t = std::chrono::system_clock::time_point(std::chrono::milliseconds(1795521600123));
  EXPECT_EQ(FormatTimestamp(t), "2026-11-24T12:00:00.123Z");
}

TEST(Logger, QuotesLikeSlog) {
  EXPECT_EQ(SlogValue("plain"), "plain");
  EXPECT_EQ(SlogValue(""), "\"\"");
  EXPECT_EQ(SlogValue("context canceled"), "\"context canceled\"");
  EXPECT_EQ(SlogValue("a=b"), "\"a=b\"");
  EXPECT_EQ(SlogValue("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(SlogValue("line\nbreak"), "\"line\\nbreak\"");
  EXPECT_EQ(SlogValue("rpc:error"), "rpc:error");
}

}  // namespace
}  // namespace brew
