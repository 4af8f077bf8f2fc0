// A message that does not parse is an error, never a clean end of the
// stream: raw bytes, through the real gRPC stack, at a real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/bad_messages.h"
#include "tests/support/test_server.h"

namespace brew::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono_literals;

ServerConfig Fast() {
  ServerConfig config;
  config.tick = 20ms;
  config.echo_delay = 10ms;
  return config;
}

std::string Dump(TestServer& ts) { return ::testing::PrintToString(ts.logs().Bodies()); }

// After each case the server still serves a normal upload, and no handler
// is left running.
void ExpectStillServes(TestServer& ts) {
  const RawCallResult ok =
      RawCall(ts.server().target(), kUploadMethod, {RecordBytes("cust-after", 250)});
  EXPECT_TRUE(ok.status.ok()) << ok.status.error_message();
  orders::v1::UploadSummary summary;
  ASSERT_EQ(ok.responses.size(), 1u);
  ASSERT_TRUE(summary.ParseFromString(ok.responses[0]));
  EXPECT_EQ(summary.accepted(), 1);
  EXPECT_TRUE(ts.server().WaitIdle(10s));
}

class BadMessage : public ::testing::TestWithParam<BadMessageCase> {};

TEST_P(BadMessage, IsAnErrorThatNamesItNeverAnEndOfInput) {
  const BadMessageCase& c = GetParam();
  TestServer ts(Fast());
  const RawCallResult r = RawCall(ts.server().target(), c.method, c.messages);
  if (c.parses) {
    EXPECT_TRUE(r.status.ok()) << r.status.error_message();
    ExpectStillServes(ts);
    return;
  }
  EXPECT_EQ(r.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << r.status.error_message();
  const std::string n = std::to_string(c.bad_index);
  if (std::string(c.method) == kUploadMethod) {
    EXPECT_EQ(r.status.error_message(), "record " + n + " does not parse as OrderInput");
    EXPECT_TRUE(r.responses.empty()) << "an upload with a bad record sends no summary";
    EXPECT_TRUE(
        ts.logs().WaitFor("^upload ended: bad record received=" + std::to_string(c.bad_index - 1) +
                              " err=\"record " + n + " does not parse as OrderInput\"$",
                          5s))
        << Dump(ts);
    EXPECT_EQ(ts.logs().Count("^upload ended received="), 0) << Dump(ts);
  } else if (std::string(c.method) == kChatMethod) {
    EXPECT_EQ(r.status.error_message(), "message " + n + " does not parse as ChatMessage");
    for (const std::string& bytes : r.responses) {
      orders::v1::ChatMessage echo;
      ASSERT_TRUE(echo.ParseFromString(bytes));
      EXPECT_THAT(echo.text(), Not(HasSubstr("pong"))) << "nothing after the bad message is read";
    }
    EXPECT_TRUE(
        ts.logs().WaitFor("^chat ended: bad message received=" + std::to_string(c.bad_index - 1) +
                              " err=\"message " + n + " does not parse as ChatMessage\"$",
                          5s))
        << Dump(ts);
    EXPECT_EQ(ts.logs().Count("client closed send"), 0) << Dump(ts);
  } else {
    EXPECT_EQ(r.status.error_message(), "the request does not parse as SubscribeRequest");
    EXPECT_TRUE(r.responses.empty());
    EXPECT_TRUE(ts.logs().WaitFor(
        "^subscribe rejected: bad request err=\"the request does not parse as SubscribeRequest\"$",
        5s))
        << Dump(ts);
  }
  ExpectStillServes(ts);
}

INSTANTIATE_TEST_SUITE_P(Raw, BadMessage, ::testing::ValuesIn(BadMessageCases()),
                         [](const auto& info) { return info.param.name; });

// A field of the wrong wire type parses (protobuf keeps it as unknown), so
// the record is merely invalid: counted as rejected, as the lesson's lenient
// upload counts any invalid record.
TEST(BadMessage, AWrongWireTypeIsAnInvalidRecordNotABadOne) {
  TestServer ts(Fast());
  const auto cases = BadMessageCases();
  const auto& c = *std::find_if(cases.begin(), cases.end(),
                                [](const auto& x) { return x.name == "upload_wrong_wire_type"; });
  const RawCallResult r = RawCall(ts.server().target(), c.method, c.messages);
  ASSERT_TRUE(r.status.ok()) << r.status.error_message();
  orders::v1::UploadSummary summary;
  ASSERT_EQ(r.responses.size(), 1u);
  ASSERT_TRUE(summary.ParseFromString(r.responses[0]));
  EXPECT_EQ(summary.received(), 2);
  EXPECT_EQ(summary.rejected(), 1);
  EXPECT_EQ(summary.accepted(), 1);
}

}  // namespace
}  // namespace brew::testing
