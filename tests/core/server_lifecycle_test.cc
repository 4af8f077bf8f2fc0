// The server as a whole: ports, shutdown under live streams, thread bound.

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <future>
#include <thread>

#include "core/client/chat_client.h"
#include "core/client/subscribe_client.h"
#include "core/client/upload_client.h"
#include "tests/support/process_stats.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using testing::LogCapture;
using testing::TestServer;
using testing::ThreadCount;

TEST(Server, LogsStartWithTheBoundAddress) {
  TestServer ts;
  const std::string expected =
      "^streaming-server started addr=127.0.0.1:" + std::to_string(ts.server().port()) +
      " tick=1s echo_delay=200ms$";
  EXPECT_TRUE(ts.logs().WaitFor(expected, 1s)) << ::testing::PrintToString(ts.logs().Bodies());
}

TEST(Server, PortInUseIsAnError) {
  TestServer first;
  ServerOptions options;
  options.addr = "127.0.0.1:" + std::to_string(first.server().port());
  LogCapture logs;
  options.log_sink = logs.Sink();
  std::string error;
  auto second = StreamingServer::Start(options, &error);
  EXPECT_EQ(second, nullptr);
  EXPECT_NE(error.find("cannot listen on " + options.addr), std::string::npos) << error;
}

TEST(Server, BadAddressIsAnError) {
  ServerOptions options;
  std::string error;
  for (const char* addr : {"localhost", "127.0.0.1:http", "127.0.0.1:70000"}) {
    options.addr = addr;
    EXPECT_EQ(StreamingServer::Start(options, &error), nullptr) << addr;
    EXPECT_NE(error.find(addr), std::string::npos) << error;
  }
}

// Shutdown ends every kind of live stream within the grace and returns; the
// clients see the stream fail and the log says the server stopped them.
TEST(Server, ShutdownEndsLiveStreams) {
  TestServer ts;
  auto stub = ts.NewStub();
  CallControl sub_control, up_control, chat_control;
  SubscribeOptions sub;
  sub.limit = 0;
  UploadOptions up;
  up.count = 0;
  up.close_send = false;
  ChatOptions chat;
  chat.count = 0;
  chat.close_send = false;
  auto s = std::async(std::launch::async,
                      [&] { return RunSubscribe(*stub, sub, nullptr, &sub_control); });
  auto u =
      std::async(std::launch::async, [&] { return RunUpload(*stub, up, nullptr, &up_control); });
  auto c =
      std::async(std::launch::async, [&] { return RunChat(*stub, chat, nullptr, &chat_control); });
  ASSERT_TRUE(ts.logs().WaitFor("^subscribe started", 5s));
  ASSERT_TRUE(ts.logs().WaitFor("^upload started", 5s));
  ASSERT_TRUE(ts.logs().WaitFor("^chat started", 5s));

  auto stopped = std::async(std::launch::async, [&] { ts.server().Shutdown(100ms); });
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "Shutdown hung";
  // The clients end too (a bound only, so a failure cannot hang the test).
  // The upload held open learns of the end only when it closes its side:
  // a client-stream client hears from the server only at the end.
  up_control.CloseSend();
  ASSERT_EQ(s.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(u.wait_for(10s), std::future_status::ready);
  ASSERT_EQ(c.wait_for(10s), std::future_status::ready);
  EXPECT_FALSE(s.get().status.ok());
  EXPECT_FALSE(u.get().status.ok());
  EXPECT_FALSE(c.get().status.ok());
  EXPECT_EQ(ts.logs().Count("^subscribe ended: server stopping"), 1);
  EXPECT_EQ(ts.logs().Count("^upload ended: server stopping"), 1);
  EXPECT_EQ(ts.logs().Count("^chat ended: server stopping"), 1);
  EXPECT_EQ(ts.logs().Count("^streaming-server stopped$"), 1);
}

// The grace: a stream that ends on its own within it ends as usual (the
// lesson's "limit reached", OK), and calls that come after Shutdown began
// are refused.
TEST(Server, ShutdownLetsAStreamEndOnItsOwnWithinTheGrace) {
  ServerConfig config;
  config.tick = 100ms;
  TestServer ts(config);
  auto stub = ts.NewStub();
  SubscribeOptions sub;
  sub.limit = 3;  // ends by itself about 300ms in, well within a 5s grace
  auto s = std::async(std::launch::async, [&] { return RunSubscribe(*stub, sub, nullptr); });
  ASSERT_TRUE(ts.logs().WaitFor("^subscribe started", 5s));
  auto stopped = std::async(std::launch::async, [&] { ts.server().Shutdown(5s); });
  ASSERT_EQ(s.wait_for(10s), std::future_status::ready) << "the stream did not end";
  const SubscribeResult result = s.get();
  EXPECT_TRUE(result.status.ok()) << result.status.error_message();
  EXPECT_EQ(result.received, 3);
  EXPECT_EQ(ts.logs().Count("^subscribe ended: limit reached sent=3$"), 1);
  EXPECT_EQ(ts.logs().Count("^subscribe ended: server stopping"), 0);
  ASSERT_EQ(stopped.wait_for(10s), std::future_status::ready) << "Shutdown hung";
  // A new call after Shutdown: refused, never served.
  SubscribeOptions late;
  late.limit = 1;
  late.deadline = 2s;
  const SubscribeResult refused = RunSubscribe(*stub, late, nullptr);
  EXPECT_FALSE(refused.status.ok());
  EXPECT_EQ(ts.logs().Count("^subscribe started"), 1);
}

// The default grace (StreamingServer::kDefaultGrace, 500 ms; labrun's
// stop_server default): a stream still open at Shutdown() is left alone for
// the grace, then cancelled. Its end comes no sooner than the grace after
// Shutdown began (less 50 ms for the clocks' rounding), as "server
// stopping", before "streaming-server stopped".
TEST(Server, ShutdownGivesOpenStreamsTheDefaultGraceThenCancelsThem) {
  ServerConfig config;
  config.tick = 100ms;
  TestServer ts(config);
  auto stub = ts.NewStub();
  SubscribeOptions sub;
  sub.limit = 0;  // never ends on its own
  auto s = std::async(std::launch::async, [&] { return RunSubscribe(*stub, sub, nullptr); });
  ASSERT_TRUE(ts.logs().WaitFor("^subscribe started", 5s));

  const auto began = std::chrono::steady_clock::now();
  auto stopped = std::async(std::launch::async, [&] { ts.server().Shutdown(); });
  // Hang guards: the grace plus Shutdown's own 5 s bound, twice over.
  ASSERT_EQ(stopped.wait_for(15s), std::future_status::ready) << "Shutdown hung";
  ASSERT_EQ(s.wait_for(15s), std::future_status::ready) << "the stream did not end";
  EXPECT_FALSE(s.get().status.ok());

  const std::vector<LogRecord> records = ts.logs().Records();
  auto find = [&](const std::string& message) {
    return std::find_if(records.begin(), records.end(),
                        [&](const LogRecord& r) { return r.message == message; });
  };
  const auto ended = find("subscribe ended: server stopping");
  const auto server_stopped = find("streaming-server stopped");
  ASSERT_NE(ended, records.end()) << ::testing::PrintToString(ts.logs().Bodies());
  ASSERT_NE(server_stopped, records.end()) << ::testing::PrintToString(ts.logs().Bodies());
  EXPECT_LT(ended, server_stopped);
  EXPECT_GE(ended->mono_time - began, StreamingServer::kDefaultGrace - 50ms)
      << "the stream was cancelled before the grace was over";
  // Generous, ten times the grace: a shutdown that waited for much longer
  // than its grace (or for the stream to end on its own) fails here.
  EXPECT_LT(ended->mono_time - began, 10 * StreamingServer::kDefaultGrace);
  EXPECT_EQ(ts.logs().Count("^subscribe ended"), 1);
}

// A Subscribe client on the async (reactor) API, so a thousand streams
// need no client thread each either.
class CountingReader final : public grpc::ClientReadReactor<orders::v1::OrderEvent> {
 public:
  CountingReader(orders::v1::StreamingService::Stub& stub, std::atomic<int>& events,
                 std::atomic<int>& finished)
      : events_(events), finished_(finished) {
    request_.set_limit(0);
    stub.async()->Subscribe(&ctx_, &request_, this);
    StartRead(&event_);
    StartCall();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    ++events_;
    StartRead(&event_);
  }
  void OnDone(const grpc::Status& status) override {
    status_ = status;
    ++finished_;
  }
  void Cancel() { ctx_.TryCancel(); }
  const grpc::Status& status() const { return status_; }

 private:
  grpc::ClientContext ctx_;
  orders::v1::SubscribeRequest request_;
  orders::v1::OrderEvent event_;
  std::atomic<int>& events_;
  std::atomic<int>& finished_;
  grpc::Status status_;
};

TEST(Server, ThousandSubscribersUseBoundedThreads) {
  ServerConfig config;
  config.tick = 1s;
  TestServer ts(config);
  constexpr int kStreams = 1000;
  std::atomic<int> events{0}, finished{0};
  std::vector<std::unique_ptr<CountingReader>> readers;
  for (int i = 0; i < kStreams; ++i) {
    readers.push_back(std::make_unique<CountingReader>(ts.stub(), events, finished));
  }
  // Wait (bounded) until every stream has had at least one tick.
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (events < kStreams && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
  }
  ASSERT_GE(events.load(), kStreams);
  EXPECT_EQ(ts.logs().Count("^subscribe started"), kStreams);
  const int threads = ThreadCount();
  EXPECT_LT(threads, 64) << "server and client threads together, for 1000 open streams";

  for (auto& reader : readers) reader->Cancel();
  while (finished < kStreams && std::chrono::steady_clock::now() < deadline + 30s) {
    std::this_thread::sleep_for(20ms);
  }
  ASSERT_EQ(finished.load(), kStreams);
  for (auto& reader : readers)
    EXPECT_EQ(reader->status().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(ts.logs().WaitFor("client gone", 5s));
  // Every handler ended: a "client gone" line per stream.
  const auto wait_end = std::chrono::steady_clock::now() + 10s;
  while (ts.logs().Count("^subscribe ended: client gone") < kStreams &&
         std::chrono::steady_clock::now() < wait_end) {
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(ts.logs().Count("^subscribe ended: client gone"), kStreams);
}

}  // namespace
}  // namespace brew
