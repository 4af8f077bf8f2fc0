// Subscribe through the real stack: a real server on 127.0.0.1:0 and the
// real client function.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <future>
#include <regex>
#include <set>
#include <thread>

#include "core/client/subscribe_client.h"
#include "core/util/padding.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::EventLog;
using testing::TestServer;

ServerConfig Tick(Duration tick) {
  ServerConfig config;
  config.tick = tick;
  return config;
}

TEST(Subscribe, SendsLimitEventsThenEndsOk) {
  TestServer ts(Tick(20ms));
  EventLog events;
  SubscribeOptions options;
  options.limit = 5;
  SubscribeResult result = RunSubscribe(ts.stub(), options, events.Observer());

  EXPECT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.received, 5);
  EXPECT_EQ(events.OfKind(EventKind::kRecv).size(), 5u);
  ASSERT_TRUE(ts.logs().WaitFor("^subscribe ended: limit reached sent=5$", 5s));
  EXPECT_EQ(ts.logs().Count("^subscribe started customer_id=\"\" limit=5$"), 1);
}

TEST(Subscribe, EventsCarryTheCustomerAndUniqueIds) {
  TestServer ts(Tick(10ms));
  std::vector<std::string> texts;
  std::mutex mu;
  SubscribeOptions options;
  options.limit = 4;
  options.customer_id = "cust-42";
  auto result = RunSubscribe(ts.stub(), options, [&](const ClientEvent& ev) {
    std::lock_guard<std::mutex> lock(mu);
    if (ev.kind == EventKind::kRecv) texts.push_back(ev.text);
  });
  ASSERT_TRUE(result.status.ok());
  ASSERT_EQ(texts.size(), 4u);
  std::set<std::string> ids;
  const std::regex re(R"(^order_id=(\S+) customer_id=cust-42 amount_cents=([1-9]\d*)$)");
  for (const std::string& text : texts) {
    std::smatch m;
    ASSERT_TRUE(std::regex_match(text, m, re)) << text;
    ids.insert(m[1]);
  }
  EXPECT_EQ(ids.size(), 4u) << "order ids must be unique";
  EXPECT_EQ(ts.logs().Count("^subscribe started customer_id=cust-42 limit=4$"), 1);
}

TEST(Subscribe, EmptyCustomerGetsMockCustomersAndTickTimes) {
  TestServer ts(Tick(10ms));
  grpc::ClientContext ctx;
  orders::v1::SubscribeRequest request;
  request.set_limit(3);
  auto reader = ts.stub().Subscribe(&ctx, request);
  orders::v1::OrderEvent ev;
  int64_t last_created = 0;
  int n = 0;
  while (reader->Read(&ev)) {
    ++n;
    EXPECT_FALSE(ev.customer_id().empty());
    EXPECT_GT(ev.amount_cents(), 0);
    const int64_t created = ev.created_at().seconds() * 1000000000LL + ev.created_at().nanos();
    EXPECT_GT(created, last_created) << "created_at is the tick's time, increasing";
    last_created = created;
  }
  EXPECT_TRUE(reader->Finish().ok());
  EXPECT_EQ(n, 3);
}

// The lesson's point about watching the context: with a 5 s tick, a cancel
// ends the handler at once, long before the next tick would.
TEST(Subscribe, CancelEndsHandlerPromptlyNotAtNextTick) {
  TestServer ts(Tick(5s));
  EventLog events;
  CallControl control;
  SubscribeOptions options;
  options.limit = 0;
  auto done = std::async(std::launch::async, [&] {
    return RunSubscribe(ts.stub(), options, events.Observer(), &control);
  });
  ASSERT_TRUE(ts.logs().WaitFor("^subscribe started", 5s));
  control.Cancel();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  SubscribeResult result = done.get();
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::CANCELLED);
  // sent=0: the handler ended before its first tick (due 5 s after start),
  // because it saw the cancel, not a failed send.
  EXPECT_TRUE(
      ts.logs().WaitFor("^subscribe ended: client gone sent=0 err=\"context canceled\"$", 3s))
      << ::testing::PrintToString(ts.logs().Bodies());
  EXPECT_EQ(events.OfKind(EventKind::kCancel).size(), 1u);
}

TEST(Subscribe, ClientCancelEndsHandler) {
  TestServer ts(Tick(20ms));
  {
    auto stub = ts.NewStub();
    grpc::ClientContext ctx;
    orders::v1::SubscribeRequest request;
    auto reader = stub->Subscribe(&ctx, request);
    orders::v1::OrderEvent ev;
    ASSERT_TRUE(reader->Read(&ev));
    ctx.TryCancel();
    reader->Finish();
  }
  EXPECT_TRUE(ts.logs().WaitFor("^subscribe ended: client gone sent=\\d+ err=", 5s));
}

TEST(Subscribe, DeadlineEndsWithDeadlineExceeded) {
  TestServer ts(Tick(20ms));
  SubscribeOptions options;
  options.limit = 0;
  options.deadline = 150ms;
  auto result = RunSubscribe(ts.stub(), options, nullptr);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(
      ts.logs().WaitFor("^subscribe ended: client gone .*err=\"context deadline exceeded\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
}

// A deadline ends the handler when it passes, not at the next tick: with a
// 30 s tick, the end line is logged within the 5 s the test waits (a hang
// guard: the tick would come 25 s later).
TEST(Subscribe, DeadlineEndsHandlerPromptlyNotAtNextTick) {
  TestServer ts(Tick(30s));
  SubscribeOptions options;
  options.limit = 0;
  options.deadline = 200ms;
  auto result = RunSubscribe(ts.stub(), options, nullptr);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_TRUE(ts.logs().WaitFor(
      "^subscribe ended: client gone sent=0 err=\"context deadline exceeded\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
}

TEST(Subscribe, UnreachableServerFailsFastWithUnavailable) {
  int port;
  {
    TestServer ts;  // take a port, then free it: nothing listens there now
    port = ts.server().port();
  }
  auto channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  auto stub = orders::v1::StreamingService::NewStub(channel);
  SubscribeOptions options;
  options.deadline = 10s;  // a bound for the test; the failure must come first
  auto result = RunSubscribe(*stub, options, nullptr);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::UNAVAILABLE);
}

}  // namespace
}  // namespace brew

namespace brew {
namespace {

// Not in the lesson: a client may ask for events of a given size; the
// server pads each one (the backpressure exercises fill windows with them).
TEST(SubscribeMessageBytes, EachEventHasTheAskedSize) {
  TestServer ts(Tick(10ms));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + 10s);
  orders::v1::SubscribeRequest request;
  request.set_limit(3);
  request.set_message_bytes(4096);
  auto stream = ts.stub().Subscribe(&ctx, request);
  orders::v1::OrderEvent event;
  int received = 0;
  while (stream->Read(&event)) {
    ++received;
    EXPECT_EQ(event.ByteSizeLong(), 4096u);
    EXPECT_FALSE(event.order_id().empty());
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(received, 3);
}

TEST(SubscribeMessageBytes, AboveTheLimitIsInvalidArgument) {
  TestServer ts(Tick(10ms));
  SubscribeOptions options;
  options.message_bytes = kMaxMessageBytes + 1;
  SubscribeResult result = RunSubscribe(ts.stub(), options, nullptr);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(result.received, 0);
  EXPECT_TRUE(ts.logs().WaitFor("^subscribe rejected message_bytes=16777217$", 5s));
  EXPECT_EQ(ts.logs().Count("^subscribe started"), 0);
}

// A slow reader still gets every event, in order: the server's writes wait
// for it (none is lost), and the stream ends at the limit as usual.
TEST(SubscribeReadDelay, SlowReaderGetsEveryEventInOrder) {
  TestServer ts(Tick(1ms));
  EventLog events;
  SubscribeOptions options;
  options.limit = 10;
  options.read_delay = 10ms;
  SubscribeResult result = RunSubscribe(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  auto got = events.OfKind(EventKind::kRecv);
  ASSERT_EQ(got.size(), 10u);
  // In the server's order: each event's order_id (the server numbers its
  // events as it makes them) is the one after the previous event's.
  const std::regex id("order_id=ord-([0-9]+)");
  long previous = -1;
  for (const ClientEvent& ev : got) {
    std::smatch m;
    ASSERT_TRUE(std::regex_search(ev.text, m, id)) << ev.text;
    const long order = std::stol(m[1]);
    if (previous >= 0) {
      EXPECT_EQ(order, previous + 1) << ev.text;
    }
    previous = order;
  }
  EXPECT_TRUE(ts.logs().WaitFor("^subscribe ended: limit reached sent=10$", 5s));
}

}  // namespace
}  // namespace brew
