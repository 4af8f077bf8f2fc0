// The same bytes to brewlab's server and to the lesson's Go server: both
// give the same class of answer. Bytes that are no message end the call
// with an error and no summary (Go: INTERNAL, "grpc: failed to unmarshal
// the received message"; brewlab: INVALID_ARGUMENT naming the message);
// bytes that parse are served as any input.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <mutex>

#include "runner/run/child_process.h"
#include "runner/run/server_under_test.h"
#include "tests/support/bad_messages.h"
#include "tests/support/test_server.h"

namespace brew::testing {
namespace {

using namespace std::chrono_literals;

// The lesson's Go server on a free port of 127.0.0.1, stopped at the end.
class GoServer {
 public:
  GoServer() {
    const int port = lab::PickFreePort();
    target_ = "127.0.0.1:" + std::to_string(port);
    std::string error;
    child_ = lab::ChildProcess::Start(
        {BREW_LESSON_SERVER_GO, "-addr", target_, "-tick", "20ms", "-echo-delay", "10ms"}, {},
        [this](lab::ChildProcess::Pipe, const std::string& line, auto) {
          std::lock_guard<std::mutex> lock(mu_);
          if (line.find("streaming-server started") != std::string::npos) started_ = true;
          cv_.notify_all();
        },
        &error);
    EXPECT_NE(child_, nullptr) << error;
    std::unique_lock<std::mutex> lock(mu_);
    // Bounded: a Go server that never starts fails the test, not the suite.
    EXPECT_TRUE(cv_.wait_for(lock, 20s, [this] { return started_; }))
        << "lesson-server-go did not start";
  }
  ~GoServer() {
    if (child_) child_->Stop(2s);
  }
  const std::string& target() const { return target_; }

 private:
  std::string target_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool started_ = false;
  std::unique_ptr<lab::ChildProcess> child_;
};

TEST(BadMessageVsGo, BothServersGiveTheSameClassOfAnswer) {
  GoServer go;
  ServerConfig config;
  config.tick = 20ms;
  config.echo_delay = 10ms;
  TestServer ours(config);
  for (const BadMessageCase& c : BadMessageCases()) {
    SCOPED_TRACE(c.name);
    const RawCallResult theirs = RawCall(go.target(), c.method, c.messages);
    const RawCallResult mine = RawCall(ours.server().target(), c.method, c.messages);
    EXPECT_EQ(theirs.status.ok(), c.parses) << "Go: " << theirs.status.error_message();
    EXPECT_EQ(mine.status.ok(), c.parses) << "ours: " << mine.status.error_message();
    if (!c.parses && std::string(c.method) == kUploadMethod) {
      EXPECT_TRUE(theirs.responses.empty()) << "Go sent a summary";
      EXPECT_TRUE(mine.responses.empty()) << "we sent a summary";
    }
    if (c.parses) {
      EXPECT_EQ(theirs.responses, mine.responses);
    }
  }
}

}  // namespace
}  // namespace brew::testing
