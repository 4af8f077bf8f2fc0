// streaming-load against real streaming-server processes on 127.0.0.1:
// every measurement reports sane figures (never how fast: tests do not
// assert speed), two servers come side by side, a dead address is one
// line and exit 1 within seconds, an echo delay left on is flagged.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "tests/cmd/e2e_support.h"
#include "tests/cmd/subprocess.h"

namespace brew::e2e {
namespace {

using nlohmann::json;

constexpr Timeout kLoadRun = std::chrono::seconds(60);

// A streaming-server on a port of its choosing; addr() once it is up.
class Server {
 public:
  Server(const std::string& tick, const std::string& echo_delay) {
    proc_ = Spawn("streaming-server",
                  {"--addr", "127.0.0.1:0", "--tick", tick, "--echo-delay", echo_delay});
    if (!proc_) return;
    const std::regex started(R"(streaming-server started addr=(127\.0\.0\.1:\d+))");
    if (!proc_->WaitForLine(Stream::kStderr, started, kWait)) {
      ADD_FAILURE() << "streaming-server did not start:\n" << proc_->Output(Stream::kStderr);
      return;
    }
    std::smatch match;
    const std::string err = proc_->Output(Stream::kStderr);
    if (std::regex_search(err, match, started)) addr_ = match[1];
  }
  const std::string& addr() const { return addr_; }
  int pid() const { return proc_ ? proc_->pid() : -1; }

 private:
  std::unique_ptr<Subprocess> proc_;
  std::string addr_;
};

std::string TempPath(const std::string& name) {
  const char* dir = std::getenv("TMPDIR");
  return std::string(dir != nullptr ? dir : "/tmp") + "/" + name + "-" +
         std::to_string(::getpid()) + ".json";
}

json ReadJson(const std::string& path) {
  std::ifstream in(path);
  return json::parse(in, nullptr, /*allow_exceptions=*/false);
}

bool HasLineStarting(const std::vector<std::string>& lines, const std::string& prefix) {
  for (const std::string& line : lines) {
    if (line.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

// What every measurement must have, whatever the server's speed.
void ExpectSaneMeasurement(const json& m, const std::string& name, bool local) {
  SCOPED_TRACE(name + ": " + m.dump());
  ASSERT_TRUE(m.is_object());
  EXPECT_TRUE(m["error"].is_null());
  EXPECT_GT(m["count"].get<int64_t>(), 0);
  EXPECT_GT(m["seconds"].get<double>(), 0);
  EXPECT_GT(m["per_second"].get<double>(), 0);
  EXPECT_GE(m["client_cpu_s"].get<double>(), 0);
  if (local) {
    ASSERT_TRUE(m["server_cpu_s"].is_number());
    EXPECT_GE(m["server_cpu_s"].get<double>(), 0);
    EXPECT_GE(m["server_cpu_us_per_item"].get<double>(), 0);
  }
}

void ExpectOrderedLatency(const json& l, const std::string& what) {
  SCOPED_TRACE(what + ": " + l.dump());
  ASSERT_TRUE(l.is_object());
  EXPECT_GT(l["count"].get<int64_t>(), 0);
  EXPECT_GE(l["min"].get<double>(), 0);
  EXPECT_LE(l["min"].get<double>(), l["p50"].get<double>());
  EXPECT_LE(l["p50"].get<double>(), l["p99"].get<double>());
  EXPECT_LE(l["p99"].get<double>(), l["p99_9"].get<double>());
  EXPECT_LE(l["p99_9"].get<double>(), l["max"].get<double>());
}

TEST(LoadE2E, MeasuresEveryShapeOfOurServer) {
  Server server("5ms", "0s");
  ASSERT_FALSE(server.addr().empty());
  const std::string json_path = TempPath("load-every-shape");
  const Finished f = RunToExit("streaming-load",
                               {"--addr", server.addr(), "--duration", "1s", "--streams", "2",
                                "--subscribers", "3", "--json", json_path},
                               kLoadRun);
  ASSERT_EQ(f.status, 0) << "stderr:\n" << Join(f.err) << "stdout:\n" << Join(f.out);

  const json report = ReadJson(json_path);
  std::remove(json_path.c_str());
  ASSERT_FALSE(report.is_discarded());
  EXPECT_EQ(report["tool"], "streaming-load");
  ASSERT_EQ(report["servers"].size(), 1u);
  const json& s = report["servers"][0];
  EXPECT_EQ(s["addr"], server.addr());
  EXPECT_EQ(s["server_pid"], server.pid()) << "found by its port: " << s["server_pid_note"];
  const json& ms = s["measurements"];
  for (const char* name : {"upload_1", "upload_n", "chat", "subscribe"}) {
    ExpectSaneMeasurement(ms[name], name, /*local=*/true);
  }
  EXPECT_EQ(ms["upload_1"]["streams"], 1);
  EXPECT_EQ(ms["upload_n"]["streams"], 2);
  EXPECT_EQ(ms["subscribe"]["streams"], 3);
  ExpectOrderedLatency(ms["chat"]["rtt_us"], "chat rtt_us");
  EXPECT_EQ(ms["chat"]["rtt_us"]["count"], ms["chat"]["count"]);
  ExpectOrderedLatency(ms["subscribe"]["lag_ms"], "subscribe lag_ms");
  EXPECT_GT(ms["subscribe"]["tick_ms"].get<double>(), 0);
  EXPECT_GE(ms["subscribe"]["skipped_ticks"].get<int64_t>(), 0);
  // The server's footprint with its 3 screens: gRPC's threads and ours, and
  // some memory (read from /proc, like its CPU time).
  ASSERT_TRUE(ms["subscribe"]["server_threads"].is_number()) << ms["subscribe"];
  EXPECT_GT(ms["subscribe"]["server_threads"].get<int>(), 1);
  ASSERT_TRUE(ms["subscribe"]["server_rss_mib"].is_number()) << ms["subscribe"];
  EXPECT_GT(ms["subscribe"]["server_rss_mib"].get<double>(), 1.0);

  // The table: a header naming the server, a row per measurement.
  ASSERT_FALSE(f.out.empty());
  EXPECT_NE(f.out[0].find(server.addr()), std::string::npos) << Join(f.out);
  for (const char* row :
       {"upload, 1 stream", "upload, 2 streams", "chat ping-pong", "subscribe, 3 subscribers"}) {
    EXPECT_TRUE(HasLineStarting(f.out, row)) << row << "\n" << Join(f.out);
  }
  EXPECT_TRUE(
      HasLineStarting(f.out, server.addr() + ": server pid " + std::to_string(server.pid())))
      << Join(f.out);
}

// Told the tick, streaming-load counts skipped ticks against it: told half
// the server's real tick, every gap between two events skips one.
TEST(LoadE2E, SkippedTicksAreCountedAgainstTheGivenTick) {
  Server server("10ms", "0s");
  ASSERT_FALSE(server.addr().empty());
  const Finished f = RunToExit("streaming-load",
                               // 2 s, not less: under TSan on a busy machine the
                               // streams' start has taken a whole 500 ms window.
                               {"--addr", server.addr(), "--duration", "2s", "--subscribers", "2",
                                "--only", "subscribe", "--tick", "5ms", "--json", "-"},
                               kLoadRun);
  ASSERT_EQ(f.status, 0) << "stderr:\n" << Join(f.err);
  const json report = json::parse(Join(f.out), nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << Join(f.out);
  const json& m = report["servers"][0]["measurements"]["subscribe"];
  const int64_t events = m["count"].get<int64_t>();
  ASSERT_GT(events, 4) << m;
  // Each stream's events are at least 10 ms apart: one 5 ms tick skipped
  // between every two of them, or more.
  EXPECT_GE(m["skipped_ticks"].get<int64_t>(), events - 2) << m;
  EXPECT_NEAR(m["tick_ms"].get<double>(), 10.0, 0.5) << "the median gap, as measured: " << m;
}

TEST(LoadE2E, TwoServersSideBySideWithJsonOnStdout) {
  Server a("5ms", "0s");
  Server b("5ms", "0s");
  ASSERT_FALSE(a.addr().empty());
  ASSERT_FALSE(b.addr().empty());
  const Finished f = RunToExit("streaming-load",
                               {"--addr", a.addr(), "--addr", b.addr(), "--duration", "1s",
                                "--subscribers", "2", "--only", "chat,subscribe", "--json", "-"},
                               kLoadRun);
  ASSERT_EQ(f.status, 0) << "stderr:\n" << Join(f.err);

  // stdout is the JSON alone; the table went to stderr.
  const json report = json::parse(Join(f.out), nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << Join(f.out);
  ASSERT_EQ(report["servers"].size(), 2u);
  EXPECT_EQ(report["servers"][0]["addr"], a.addr());
  EXPECT_EQ(report["servers"][1]["addr"], b.addr());
  for (const json& s : report["servers"]) {
    EXPECT_FALSE(s["measurements"].contains("upload_1"));
    ExpectSaneMeasurement(s["measurements"]["chat"], "chat", true);
    ExpectSaneMeasurement(s["measurements"]["subscribe"], "subscribe", true);
  }
  bool header = false;
  for (const std::string& line : f.err) {
    header = header ||
             (line.find(a.addr()) != std::string::npos && line.find(b.addr()) != std::string::npos);
  }
  EXPECT_TRUE(header) << Join(f.err);
  EXPECT_FALSE(HasLineStarting(f.err, "upload")) << Join(f.err);
}

TEST(LoadE2E, DeadAddressIsOneClearLineAndExit1) {
  const std::string addr = "127.0.0.1:" + std::to_string(FreePort());
  const auto start = std::chrono::steady_clock::now();
  const Finished f = RunToExit("streaming-load", {"--addr", addr}, kWait);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(f.status, 1);
  EXPECT_LT(took, std::chrono::seconds(8));
  ASSERT_EQ(f.err.size(), 1u) << Join(f.err);
  EXPECT_EQ(f.err[0].rfind("streaming-load: cannot reach server at " + addr, 0), 0u) << f.err[0];
  EXPECT_TRUE(f.out.empty()) << Join(f.out);
}

TEST(LoadE2E, EchoDelayLeftOnIsFlagged) {
  Server server("1s", "60ms");
  ASSERT_FALSE(server.addr().empty());
  const std::string json_path = TempPath("load-echo-delay");
  const Finished f = RunToExit(
      "streaming-load",
      {"--addr", server.addr(), "--only", "chat", "--duration", "400ms", "--json", json_path},
      kLoadRun);
  ASSERT_EQ(f.status, 0) << Join(f.err);
  const json report = ReadJson(json_path);
  std::remove(json_path.c_str());
  ASSERT_FALSE(report.is_discarded());
  const json& warnings = report["servers"][0]["warnings"];
  ASSERT_EQ(warnings.size(), 1u) << warnings.dump();
  EXPECT_NE(warnings[0].get<std::string>().find("echo delay"), std::string::npos);
  EXPECT_TRUE(HasLineStarting(f.out, server.addr() + ": warning: chat round trip p50"))
      << Join(f.out);
}

TEST(LoadE2E, UsageErrorsExit2) {
  for (const std::vector<std::string>& args : {std::vector<std::string>{"--streams", "0"},
                                               {"--only", "nap"},
                                               {"--duration", "10"},
                                               {"--addr", "nohostport"}}) {
    const Finished f = RunToExit("streaming-load", args, kWait);
    EXPECT_EQ(f.status, 2) << args[0] << " " << args[1];
    EXPECT_EQ(f.err.size(), 1u) << Join(f.err);
  }
}

}  // namespace
}  // namespace brew::e2e
