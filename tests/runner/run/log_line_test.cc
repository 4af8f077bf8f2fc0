// Log lines of other servers, normalised to what scenarios match.
#include "runner/run/log_line.h"

#include <gtest/gtest.h>

namespace brew::lab {
namespace {

TEST(LogLine, OursLosesTimeAndKeepsLevel) {
  const LogLine l = NormalizeLogLine(
      "2026-11-24T12:00:00.123Z WARN subscribe send failed sent=2 err=\"write failed\"");
  EXPECT_EQ(l.level, "WARN");
  EXPECT_EQ(l.body, "subscribe send failed sent=2 err=\"write failed\"");
}

TEST(LogLine, SlogTextHandler) {
  const LogLine l = NormalizeLogLine(
      "time=2026-11-24T12:00:00.123+00:00 level=INFO msg=\"subscribe started\" customer_id=\"\" limit=5");
  EXPECT_EQ(l.level, "INFO");
  EXPECT_EQ(l.body, "subscribe started customer_id=\"\" limit=5");
}

TEST(LogLine, SlogTextHandlerUnquotedMessage) {
  const LogLine l = NormalizeLogLine("time=2026-11-24T12:00:00Z level=INFO msg=ready addr=:50052");
  EXPECT_EQ(l.body, "ready addr=:50052");
}

TEST(LogLine, SlogJsonHandler) {
  const LogLine l = NormalizeLogLine(
      R"({"time":"2026-11-24T12:00:00Z","level":"INFO","msg":"upload ended","received":20,"accepted":17,"rejected":3,"who":"a b"})");
  EXPECT_EQ(l.body, "upload ended received=20 accepted=17 rejected=3 who=\"a b\"");
}

TEST(LogLine, GoLogPackage) {
  const LogLine l = NormalizeLogLine("2026/11/24 12:00:00 chat ended: client closed send");
  EXPECT_EQ(l.body, "chat ended: client closed send");
}

TEST(LogLine, AnythingElsePassesThrough) {
  EXPECT_EQ(NormalizeLogLine("listening on :50052").body, "listening on :50052");
  EXPECT_EQ(NormalizeLogLine("{not json").body, "{not json");
  EXPECT_EQ(NormalizeLogLine("").body, "");
}

}  // namespace
}  // namespace brew::lab
