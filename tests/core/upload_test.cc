#include <gtest/gtest.h>

#include <future>

#include "core/client/upload_client.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::EventLog;
using testing::TestServer;

TEST(Upload, LenientModeCountsBadRecordsAndGoesOn) {
  TestServer ts;
  UploadOptions options;
  options.count = 20;
  options.bad = 3;
  EventLog events;
  UploadResult result = RunUpload(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.sent, 20);
  EXPECT_EQ(result.summary.received(), 20);
  EXPECT_EQ(result.summary.accepted(), 17);
  EXPECT_EQ(result.summary.rejected(), 3);
  EXPECT_EQ(result.summary.total_cents(), ExpectedUploadTotalCents(20, 3));
  EXPECT_EQ(result.summary.total_cents(), 20400);
  EXPECT_EQ(events.OfKind(EventKind::kSend).size(), 20u);
  EXPECT_TRUE(
      ts.logs().WaitFor("^upload ended received=20 accepted=17 rejected=3 total_cents=20400$", 5s));
}

TEST(Upload, FiveBadRecords) {
  TestServer ts;
  UploadOptions options;
  options.bad = 5;
  UploadResult result = RunUpload(ts.stub(), options, nullptr);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.summary.accepted(), 15);
  EXPECT_EQ(result.summary.rejected(), 5);
  EXPECT_EQ(result.summary.total_cents(), 19500);
}

TEST(Upload, EmptyCustomerIdIsRejected) {
  TestServer ts;
  UploadOptions options;
  options.count = 4;
  options.customer_id = "";
  UploadResult result = RunUpload(ts.stub(), options, nullptr);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.summary.received(), 4);
  EXPECT_EQ(result.summary.rejected(), 4);
  EXPECT_EQ(result.summary.total_cents(), 0);
}

TEST(Upload, EmptyUploadIsAllZerosOk) {
  TestServer ts;
  UploadOptions options;
  options.count = 0;
  UploadResult result = RunUpload(ts.stub(), options, nullptr);
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.summary.received(), 0);
  EXPECT_EQ(result.summary.accepted(), 0);
  EXPECT_EQ(result.summary.rejected(), 0);
  EXPECT_EQ(result.summary.total_cents(), 0);
  EXPECT_TRUE(
      ts.logs().WaitFor("^upload ended received=0 accepted=0 rejected=0 total_cents=0$", 5s));
}

TEST(Upload, CancelBeforeFirstRecordIsClientGone) {
  TestServer ts;
  UploadOptions options;
  options.count = 0;
  options.close_send = false;  // hold the stream open until cancelled
  CallControl control;
  auto done = std::async(std::launch::async,
                         [&] { return RunUpload(ts.stub(), options, nullptr, &control); });
  ASSERT_TRUE(ts.logs().WaitFor("^upload started$", 5s));
  control.Cancel();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(done.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(
      ts.logs().WaitFor("^upload ended: client gone received=0 err=\"context canceled\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
  EXPECT_EQ(ts.logs().Count("^upload ended received="), 0);
}

TEST(Upload, CancelMidStreamIsClientGone) {
  TestServer ts;
  UploadOptions options;
  options.count = 100;
  options.pause = 20ms;
  CallControl control;
  EventLog events;
  auto done = std::async(std::launch::async, [&] {
    return RunUpload(ts.stub(), options, events.Observer(), &control);
  });
  ASSERT_TRUE(events.WaitForCount(EventKind::kSend, 3, 5s));
  control.Cancel();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(done.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(ts.logs().WaitFor("^upload ended: client gone received=\\d+", 5s));
}

// An upload held open past its deadline: the client gets DEADLINE_EXCEEDED
// and the server names the deadline, not a cancel.
TEST(Upload, DeadlineWhileHeldOpenIsClientGone) {
  TestServer ts;
  UploadOptions options;
  options.count = 2;
  options.close_send = false;
  options.deadline = 200ms;
  CallControl control;  // never told to CloseSend: the upload stays open
  const UploadResult result = RunUpload(ts.stub(), options, nullptr, &control);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(ts.logs().WaitFor(
      "^upload ended: client gone received=2 err=\"context deadline exceeded\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
}

}  // namespace
}  // namespace brew

namespace brew {
namespace {

// A server that reads slowly (read_delay) still counts every record, and
// padded records (message_bytes) are tallied like any other.
TEST(UploadReadDelay, SlowReaderCountsEveryPaddedRecord) {
  ServerConfig config;
  config.read_delay = 2ms;
  TestServer ts(config);
  EventLog events;
  UploadOptions options;
  options.count = 50;
  options.bad = 2;
  options.message_bytes = 1000;
  UploadResult result = RunUpload(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.summary.received(), 50);
  EXPECT_EQ(result.summary.rejected(), 2);
  EXPECT_EQ(result.summary.total_cents(), ExpectedUploadTotalCents(50, 2));
  auto sends = events.OfKind(EventKind::kSend);
  ASSERT_EQ(sends.size(), 50u);
  EXPECT_NE(sends[0].text.find(" bytes=1000"), std::string::npos) << sends[0].text;
}

}  // namespace
}  // namespace brew
