// The three client programs against a real streaming-server process.
#include <gtest/gtest.h>

#include <csignal>
#include <string>

#include "tests/cmd/e2e_support.h"

namespace brew::e2e {
namespace {

class ClientsE2E : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(server_.ok()); }

  void TearDown() override {
    server_.proc().Signal(SIGINT);
    EXPECT_EQ(server_.proc().WaitExit(kWait), 0) << server_.proc().Output(Stream::kStderr);
  }

  ServerProcess server_;
};

TEST_F(ClientsE2E, SubscribeEndsWhenServerReachesLimit) {
  const Finished run =
      RunToExit("client-server-stream", {"--addr", server_.addr(), "--limit", "3"});
  ASSERT_EQ(run.status, 0) << Join(run.err);
  ASSERT_EQ(run.out.size(), 4u) << Join(run.out);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(std::regex_match(run.out[i],
                                 std::regex(R"(\[)" + std::to_string(i + 1) +
                                            R"(\] order_id=\S+ customer_id=\S+ amount_cents=\d+)")))
        << run.out[i];
  }
  EXPECT_EQ(run.out[3], "stream closed by server, got 3 events");
  EXPECT_TRUE(run.err.empty()) << Join(run.err);

  EXPECT_TRUE(server_.WaitForLog(Literal(R"(subscribe started customer_id="" limit=3)")));
  EXPECT_TRUE(server_.WaitForLog(Literal("subscribe ended: limit reached sent=3")));
}

TEST_F(ClientsE2E, CtrlCCancelsSubscribe) {
  auto client = Spawn("client-server-stream", {"--addr", server_.addr(), "--limit", "0"});
  ASSERT_NE(client, nullptr);
  ASSERT_TRUE(client->WaitForLine(Stream::kStdout, std::regex(R"(^\[2\] order_id=)"), kWait))
      << client->Output(Stream::kStdout) << client->Output(Stream::kStderr);

  client->Signal(SIGINT);
  ASSERT_EQ(client->WaitExit(kWait), 130) << client->Output(Stream::kStderr);
  const auto out = client->Lines(Stream::kStdout);
  ASSERT_FALSE(out.empty());
  EXPECT_TRUE(std::regex_match(out.back(),
                               std::regex(R"(cancelled by client \(Ctrl\+C\), got \d+ events)")))
      << Join(out);
  EXPECT_TRUE(client->Lines(Stream::kStderr).empty()) << client->Output(Stream::kStderr);

  EXPECT_TRUE(server_.WaitForLog(R"(subscribe ended: client gone sent=\d+ err="context canceled")"))
      << server_.proc().Output(Stream::kStderr);
}

TEST_F(ClientsE2E, SubscribeDeadlineIsOneLineAndExit1) {
  // 350ms: between two 100ms ticks, so the deadline does not race a write.
  const Finished run = RunToExit("client-server-stream",
                                 {"--addr", server_.addr(), "--limit", "0", "--deadline", "350ms"});
  ASSERT_EQ(run.status, 1);
  ASSERT_EQ(run.err.size(), 1u) << Join(run.err);
  EXPECT_NE(run.err[0].find("DEADLINE_EXCEEDED"), std::string::npos) << run.err[0];
  EXPECT_TRUE(std::regex_search(run.err[0], std::regex(R"(got \d+ events$)"))) << run.err[0];
}

TEST_F(ClientsE2E, UploadPrintsTheServersSummary) {
  const Finished run =
      RunToExit("client-upload", {"--addr", server_.addr(), "--count", "20", "--bad", "3"});
  ASSERT_EQ(run.status, 0) << Join(run.err);
  ASSERT_EQ(run.out.size(), 1u) << Join(run.out);
  // Record i carries 100*(i+1) cents; the first 3 are rejected: 21000 - 600.
  EXPECT_EQ(run.out[0], "summary: received=20 accepted=17 rejected=3 total_cents=20400");
  EXPECT_TRUE(server_.WaitForLog(
      Literal("upload ended received=20 accepted=17 rejected=3 total_cents=20400")))
      << server_.proc().Output(Stream::kStderr);
}

TEST_F(ClientsE2E, BidiEchoesEveryPingInOrder) {
  const Finished run =
      RunToExit("client-bidi", {"--addr", server_.addr(), "--count", "5", "--interval", "10ms"});
  ASSERT_EQ(run.status, 0) << Join(run.err);
  // Sends and echoes interleave as the two directions go; within each
  // direction the order is fixed, and no line is broken by the other thread.
  std::vector<std::string> sent;
  std::vector<std::string> echoed;
  for (const std::string& line : run.out) {
    if (line.rfind("> sent: ", 0) == 0) sent.push_back(line.substr(8));
    if (line.rfind("< echo from server: ", 0) == 0) echoed.push_back(line.substr(20));
  }
  ASSERT_EQ(run.out.size(), 11u) << Join(run.out);
  ASSERT_EQ(sent.size(), 5u) << Join(run.out);
  ASSERT_EQ(echoed.size(), 5u) << Join(run.out);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(sent[i], "ping " + std::to_string(i + 1));
    EXPECT_EQ(echoed[i], "echo: ping " + std::to_string(i + 1));
  }
  EXPECT_EQ(run.out.back(), "chat closed by server, got 5 echoes");
  EXPECT_TRUE(server_.WaitForLog(Literal("chat ended: client closed send")))
      << server_.proc().Output(Stream::kStderr);
}

// With nothing listening, each client says so in one line and exits 1
// (after its bounded wait for the server), instead of hanging.
class UnreachableServer : public ::testing::TestWithParam<std::string> {};

TEST_P(UnreachableServer, OneLineAndExit1) {
  const std::string addr = "127.0.0.1:" + std::to_string(FreePort());
  const auto started = std::chrono::steady_clock::now();
  const Finished run = RunToExit(GetParam(), {"--addr", addr});
  const auto took = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(run.status, 1) << Join(run.out) << Join(run.err);
  EXPECT_TRUE(run.out.empty()) << Join(run.out);
  ASSERT_EQ(run.err.size(), 1u) << Join(run.err);
  EXPECT_EQ(run.err[0].rfind(GetParam() + ": cannot reach server at " + addr + ": ", 0), 0u)
      << run.err[0];
  // The promise is "within 5 s"; leave room for a loaded machine.
  EXPECT_LT(took, std::chrono::seconds(8));
}

INSTANTIATE_TEST_SUITE_P(Clients, UnreachableServer,
                         ::testing::Values("client-server-stream", "client-upload", "client-bidi"),
                         [](const auto& info) {
                           std::string name = info.param;
                           for (char& c : name) {
                             if (c == '-') c = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace brew::e2e
