#include <gtest/gtest.h>

#include <future>

#include "core/client/chat_client.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::EventLog;
using testing::TestServer;

ServerConfig EchoDelay(Duration d) {
  ServerConfig config;
  config.echo_delay = d;
  return config;
}

TEST(Chat, EchoesEveryPingInOrder) {
  TestServer ts(EchoDelay(10ms));
  EventLog events;
  ChatOptions options;
  options.count = 5;
  options.interval = 5ms;
  ChatResult result = RunChat(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.sent, 5);
  EXPECT_EQ(result.received, 5);
  auto echoes = events.OfKind(EventKind::kRecv);
  ASSERT_EQ(echoes.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(echoes[i].text, "echo: ping " + std::to_string(i + 1));
    EXPECT_EQ(echoes[i].n, i + 1);
  }
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client closed send$", 5s));
}

// The lesson's divergence: 20 pings at 10 ms against a 200 ms echo delay.
// Every send completes before the first echo arrives, because the server
// keeps reading while its echoes wait. Checked by order, not by clock.
TEST(Chat, SendsDivergeFromEchoes) {
  TestServer ts(EchoDelay(200ms));
  EventLog events;
  ChatOptions options;
  options.count = 20;
  options.interval = 1ms;  // 20 sends in ~20ms: 180ms to spare before the first echo
  ChatResult result = RunChat(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok());
  EXPECT_EQ(result.received, 20);

  auto all = events.Events();
  int sends_before_first_echo = 0;
  bool seen_echo = false;
  for (const ClientEvent& ev : all) {
    if (ev.kind == EventKind::kRecv) seen_echo = true;
    if (ev.kind == EventKind::kSend && !seen_echo) ++sends_before_first_echo;
  }
  EXPECT_EQ(sends_before_first_echo, 20);
  // And the 20th send really is earlier on the clock than the first echo.
  auto sends = events.OfKind(EventKind::kSend);
  auto echoes = events.OfKind(EventKind::kRecv);
  EXPECT_LT(sends.back().time, echoes.front().time);
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client closed send$", 5s));
}

// Each echo waits echo_delay after the previous one, so the echoes are
// spread out even though the pings arrived together: the last echo comes
// at least (n-1) delays after the first.
TEST(Chat, EchoesAreThrottled) {
  TestServer ts(EchoDelay(50ms));
  EventLog events;
  ChatOptions options;
  options.count = 4;
  options.interval = Duration::zero();
  ASSERT_TRUE(RunChat(ts.stub(), options, events.Observer()).status.ok());
  auto echoes = events.OfKind(EventKind::kRecv);
  ASSERT_EQ(echoes.size(), 4u);
  EXPECT_GE(echoes.back().time - echoes.front().time, 3 * 50ms - 5ms);
}

TEST(Chat, NoMessagesEndsOkWithNoEchoes) {
  TestServer ts;
  ChatOptions options;
  options.count = 0;
  ChatResult result = RunChat(ts.stub(), options, nullptr);
  EXPECT_TRUE(result.status.ok());
  EXPECT_EQ(result.received, 0);
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client closed send$", 5s));
}

TEST(Chat, ForgottenCloseSendEndsOnlyAtDeadline) {
  TestServer ts(EchoDelay(10ms));
  ChatOptions options;
  options.count = 2;
  options.interval = 1ms;
  options.close_send = false;
  options.deadline = 500ms;
  CallControl control;  // never told to CloseSend
  ChatResult result = RunChat(ts.stub(), options, nullptr, &control);
  EXPECT_EQ(result.status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(result.received, 2) << "the echoes still come; only the end never does";
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client gone err=\"context deadline exceeded\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
  EXPECT_EQ(ts.logs().Count("client closed send"), 0);
}

TEST(Chat, LateCloseSendEndsOk) {
  TestServer ts(EchoDelay(10ms));
  ChatOptions options;
  options.count = 2;
  options.close_send = false;
  CallControl control;
  EventLog events;
  auto done = std::async(std::launch::async,
                         [&] { return RunChat(ts.stub(), options, events.Observer(), &control); });
  ASSERT_TRUE(events.WaitForCount(EventKind::kRecv, 2, 5s));
  control.CloseSend();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_TRUE(done.get().status.ok());
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client closed send$", 5s));
}

TEST(Chat, CancelAfterFirstEchoIsClientGone) {
  TestServer ts(EchoDelay(50ms));
  ChatOptions options;
  options.count = 10;
  options.interval = 10ms;
  CallControl control;
  EventLog events;
  auto done = std::async(std::launch::async,
                         [&] { return RunChat(ts.stub(), options, events.Observer(), &control); });
  ASSERT_TRUE(events.WaitForCount(EventKind::kRecv, 1, 5s));
  control.Cancel();
  ASSERT_EQ(done.wait_for(5s), std::future_status::ready);
  EXPECT_EQ(done.get().status.error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client gone err=\"context canceled\"$", 5s))
      << ::testing::PrintToString(ts.logs().Bodies());
  EXPECT_EQ(ts.logs().Count("client closed send"), 0);
}

}  // namespace
}  // namespace brew

namespace brew {
namespace {

// The lesson's application-level backpressure: with ack_batch 4 the sender
// starts ping 4k+1 only after echo 4k, the last acknowledgement of the
// batch before. Checked by the order of events, not by the clock.
TEST(ChatAckBatch, EachBatchWaitsForThePreviousBatchsEchoes) {
  TestServer ts(EchoDelay(20ms));
  EventLog events;
  ChatOptions options;
  options.count = 12;
  options.interval = 0ms;
  options.ack_batch = 4;
  ChatResult result = RunChat(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.sent, 12);
  EXPECT_EQ(result.received, 12);

  int echoes_seen = 0;
  for (const ClientEvent& ev : events.Events()) {
    if (ev.kind == EventKind::kRecv) ++echoes_seen;
    if (ev.kind == EventKind::kSend) {
      const int batch_start = ((ev.n - 1) / 4) * 4;  // pings before this batch
      EXPECT_GE(echoes_seen, batch_start) << "ping " << ev.n << " went out too early";
    }
  }
}

// A server that reads slowly (read_delay) still echoes every ping in order.
TEST(ChatReadDelay, SlowReaderEchoesEveryPingInOrder) {
  ServerConfig config = EchoDelay(0ms);
  config.read_delay = 5ms;
  TestServer ts(config);
  EventLog events;
  ChatOptions options;
  options.count = 10;
  options.interval = 0ms;
  options.message_bytes = 2048;
  ChatResult result = RunChat(ts.stub(), options, events.Observer());
  ASSERT_TRUE(result.status.ok()) << result.status.error_message();
  auto echoes = events.OfKind(EventKind::kRecv);
  ASSERT_EQ(echoes.size(), 10u);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(echoes[i].text, "echo: ping " + std::to_string(i + 1));
  EXPECT_TRUE(ts.logs().WaitFor("^chat ended: client closed send$", 5s));
}

}  // namespace
}  // namespace brew
