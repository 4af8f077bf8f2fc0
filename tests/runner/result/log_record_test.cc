// Server log lines as records, from real lines of each logger a student's
// server may use; and both forms of log pattern against them.
#include "runner/result/log_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

namespace brew::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

TEST(LogRecord, BrewlabsOwnLine) {
  const auto r = ParseLogLine(
      "2026-11-24T12:00:00.123Z WARN subscribe send failed sent=2 err=\"write failed\"");
  EXPECT_EQ(r.level, "WARN");
  EXPECT_EQ(r.message, "subscribe send failed");
  EXPECT_THAT(r.attrs, ElementsAre(Pair("sent", "2"), Pair("err", "write failed")));
  EXPECT_EQ(r.Canonical(), "subscribe send failed sent=2 err=\"write failed\"");
}

TEST(LogRecord, SlogTextHandler) {
  const auto r = ParseLogLine(
      "time=2026-11-24T12:00:00.123+00:00 level=INFO msg=\"subscribe started\" customer_id=\"\" "
      "limit=5");
  EXPECT_EQ(r.message, "subscribe started");
  EXPECT_THAT(r.attrs, ElementsAre(Pair("customer_id", ""), Pair("limit", "5")));
  EXPECT_EQ(r.Canonical(), "subscribe started customer_id=\"\" limit=5");
}

TEST(LogRecord, OlderSlogWritesAnEmptyStringBare) {
  // golang.org/x/exp/slog as Debian 12 ships it (the lesson's Go server).
  const auto r = ParseLogLine(
      "time=2026-11-30T16:07:31.569Z level=INFO msg=\"subscribe started\" customer_id= limit=2");
  EXPECT_THAT(r.attrs, ElementsAre(Pair("customer_id", ""), Pair("limit", "2")));
  EXPECT_EQ(r.Canonical(), "subscribe started customer_id=\"\" limit=2");
}

TEST(LogRecord, SlogTextHandlerUnquotedMessage) {
  const auto r = ParseLogLine("time=2026-11-24T12:00:00Z level=WARN msg=ready addr=:50052");
  EXPECT_EQ(r.level, "WARN");
  EXPECT_EQ(r.Canonical(), "ready addr=:50052");
}

TEST(LogRecord, Logfmt) {
  const auto r = ParseLogLine("ts=1732449600 lvl=info message=\"upload ended\" received=20");
  EXPECT_EQ(r.Canonical(), "upload ended received=20");
}

TEST(LogRecord, SlogJsonHandler) {
  const auto r = ParseLogLine(
      R"({"time":"2026-11-24T12:00:00Z","level":"INFO","msg":"upload ended","received":20,"accepted":17,"rejected":3,"who":"a b"})");
  EXPECT_EQ(r.Canonical(), "upload ended received=20 accepted=17 rejected=3 who=\"a b\"");
}

TEST(LogRecord, ZapAndZerologJson) {
  const auto zap = ParseLogLine(
      R"({"level":"warn","ts":1732449600.123,"caller":"server/chat.go:40","msg":"chat ended: client closed send"})");
  EXPECT_EQ(zap.level, "WARN");
  EXPECT_EQ(zap.message, "chat ended: client closed send");
  const auto zerolog = ParseLogLine(
      R"({"level":"info","sent":3,"err":"context canceled","time":"2026-11-24T12:00:00Z","message":"subscribe ended: client gone"})");
  EXPECT_EQ(zerolog.Canonical(), "subscribe ended: client gone sent=3 err=\"context canceled\"");
}

TEST(LogRecord, GoLogPrintfWithQuotedAndBareValues) {
  // log.Printf("subscribe ended: client gone sent=%d err=%v", ...): an
  // unquoted value runs to the next " key=".
  const auto r =
      ParseLogLine("2026/11/24 12:00:00 subscribe ended: client gone sent=3 err=context canceled");
  EXPECT_EQ(r.message, "subscribe ended: client gone");
  EXPECT_THAT(r.attrs, ElementsAre(Pair("sent", "3"), Pair("err", "context canceled")));
  EXPECT_EQ(r.Canonical(), "subscribe ended: client gone sent=3 err=\"context canceled\"");
  const auto grpc_err = ParseLogLine(
      "2026/11/24 12:00:00.123456 WARN subscribe send failed sent=1 err=rpc error: code = "
      "Canceled desc = context canceled");
  EXPECT_EQ(grpc_err.level, "WARN");
  EXPECT_THAT(grpc_err.attrs,
              ElementsAre(Pair("sent", "1"),
                          Pair("err", "rpc error: code = Canceled desc = context canceled")));
  const auto quoted =
      ParseLogLine("2026/11/24 12:00:00 subscribe started customer_id=\"\" limit=5");
  EXPECT_EQ(quoted.Canonical(), "subscribe started customer_id=\"\" limit=5");
}

TEST(LogRecord, AnythingElseIsItsOwnMessage) {
  EXPECT_EQ(ParseLogLine("listening on :50052").Canonical(), "listening on :50052");
  EXPECT_EQ(ParseLogLine("{not json").Canonical(), "{not json");
  EXPECT_EQ(ParseLogLine("").Canonical(), "");
}

TEST(LogRecord, TheCanonicalTextParsesBackToTheSameRecord) {
  const auto r =
      ParseLogLine(R"({"msg":"x y","a":"","b":"with space","c":"q\"uote","d":"k=v","e":7})");
  const auto back = ParseLogBody(r.Canonical());
  EXPECT_EQ(back.message, r.message);
  EXPECT_EQ(back.attrs, r.attrs);
}

LogPattern::Value Text(std::string text) { return {std::move(text), std::nullopt}; }
LogPattern::Value Re(const std::string& re) { return {"", Regex{re, std::regex(re)}}; }

TEST(LogPattern, TheRecordFormComparesByValueInAnyOrderIgnoringOthers) {
  LogPattern p;
  p.msg = Text("subscribe ended: client gone");
  p.attrs = {{"err", Re("context (canceled|deadline exceeded)")}, {"sent", Text("3")}};
  EXPECT_TRUE(
      MatchesLogPattern(p, "subscribe ended: client gone sent=3 err=\"context canceled\" extra=1"));
  EXPECT_TRUE(MatchesLogPattern(
      p, "subscribe ended: client gone err=\"context deadline exceeded\" sent=3"));
  EXPECT_FALSE(
      MatchesLogPattern(p, "subscribe ended: client gone sent=30 err=\"context canceled\""));
  EXPECT_FALSE(MatchesLogPattern(p, "subscribe ended: client gone sent=3"));
  EXPECT_FALSE(MatchesLogPattern(p, "subscribe ended: client gone now sent=3 err=canceled"));
}

TEST(LogPattern, TheRegexFormSearchesTheCanonicalText) {
  LogPattern p;
  p.line = Regex{"customer_id=\"\" limit=5", std::regex("customer_id=\"\" limit=5")};
  const auto slog_old = ParseLogLine(
      "time=2026-11-30T16:07:31.569Z level=INFO msg=\"subscribe started\" customer_id= limit=5");
  EXPECT_TRUE(MatchesLogPattern(p, slog_old.Canonical()));
  EXPECT_FALSE(MatchesLogPattern(p, "subscribe started customer_id=cust-ana limit=5"));
}

}  // namespace
}  // namespace brew::lab
