// Issue #6: streaming memory is flat. Uploading 1,000,000 records in one
// stream raises neither the client's nor the server's peak RSS by more than
// 5 MB over uploading 10,000.
//
// Client and server are separate processes, so each RSS is its own: the
// built streaming-server (a fresh one per size) and the built client-upload.
// The client's peak RSS is wait4()'s ru_maxrss; the server's is VmHWM of
// /proc/PID/status once the upload is over. The figures are printed (the
// docs cite them). The 1,000,000-record upload takes a few seconds (about
// 5 s on a loaded 2-core machine); label e2e.
//
// This test found that the claim did not hold at first: client-upload's
// peak grew 4-6 MB from 10k to 1M records, gRPC 1.51's retry support
// keeping state per message; our clients now dial with retries off
// (core/client/client_channel.h), and the growth is 0.2-3 MB. One early
// run on a heavily loaded machine saw the server grow by 8.5 MB, which
// later runs (also under load: two busy loops on both cores) did not
// reproduce (0-1 MB); if it fails, the printed table says which side grew.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/cmd/e2e_support.h"

namespace brew::e2e {
namespace {

constexpr long kBoundKb = 5 * 1024;  // the 5 MB
constexpr int kSmall = 10000;
constexpr int kLarge = 1000000;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "VmHWM:  17404 kB" of /proc/PID/status, in kB; -1 if not found.
long VmHwmKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return -1;
}

// A program run to its end with its resource usage (Subprocess reaps its
// children itself and keeps no rusage, hence this).
struct Measured {
  int status = -1;     // exit status, 128 + signo if killed, -1 if not run
  long maxrss_kb = 0;  // ru_maxrss: the child's peak RSS
  double seconds = 0;
  std::string out;
  std::string err;
};

Measured RunMeasured(const std::string& path, const std::vector<std::string>& args,
                     Timeout timeout) {
  Measured m;
  char out_path[] = "/tmp/brew-memflat-out-XXXXXX";
  char err_path[] = "/tmp/brew-memflat-err-XXXXXX";
  const int out_fd = mkstemp(out_path);
  const int err_fd = mkstemp(err_path);
  if (out_fd < 0 || err_fd < 0) {
    ADD_FAILURE() << "mkstemp failed";
    return m;
  }
  std::vector<std::string> argv_s = {path};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    const int in_fd = open("/dev/null", O_RDONLY);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    unsetenv("GRPC_VERBOSITY");
    unsetenv("GRPC_TRACE");
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_fd);
  close(err_fd);
  if (pid < 0) {
    ADD_FAILURE() << "fork failed";
    return m;
  }
  int wstatus = 0;
  rusage ru{};
  const auto deadline = start + timeout;
  for (;;) {
    const pid_t r = wait4(pid, &wstatus, WNOHANG, &ru);
    if (r == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      wait4(pid, &wstatus, 0, &ru);
      ADD_FAILURE() << path << " still running after " << timeout.count() << " ms: killed";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  m.maxrss_kb = ru.ru_maxrss;  // kB on Linux
  m.out = ReadFile(out_path);
  m.err = ReadFile(err_path);
  unlink(out_path);
  unlink(err_path);
  return m;
}

struct Peak {
  long client_kb = 0;
  long server_kb = 0;
  double seconds = 0;
};

// One upload of `count` records to a fresh streaming-server.
Peak Upload(int count) {
  Peak peak;
  ServerProcess server;
  if (!server.ok()) {
    ADD_FAILURE() << "no server";
    return peak;
  }
  const Measured client =
      RunMeasured(Program("client-upload"),
                  {"--addr", server.addr(), "--count", std::to_string(count), "--deadline", "300s"},
                  std::chrono::seconds(300));
  const std::string summary = "summary: received=" + std::to_string(count) +
                              " accepted=" + std::to_string(count) + " rejected=0";
  EXPECT_EQ(client.status, 0) << client.err;
  EXPECT_NE(client.out.find(summary), std::string::npos)
      << "client-upload --count=" << count << " printed:\n"
      << client.out << client.err;
  // The server has logged the end of the upload before its reply went out,
  // so its peak is in by now.
  EXPECT_TRUE(server.WaitForLog("upload ended received=" + std::to_string(count) + " .*"))
      << server.proc().Output(Stream::kStderr);
  peak.client_kb = client.maxrss_kb;
  peak.server_kb = VmHwmKb(server.proc().pid());
  peak.seconds = client.seconds;
  return peak;
}

TEST(MemoryFlat, MillionRecordUploadRaisesPeakRssByUnder5MB) {
  const Peak small = Upload(kSmall);
  const Peak large = Upload(kLarge);
  const long client_delta = large.client_kb - small.client_kb;
  const long server_delta = large.server_kb - small.server_kb;
  std::printf(
      "peak RSS, one upload stream (kB):\n"
      "  records    client (ru_maxrss)   server (VmHWM)   upload time\n"
      "  %9d  %18ld  %15ld  %10.2f s\n"
      "  %9d  %18ld  %15ld  %10.2f s\n"
      "  delta      %18ld  %15ld   (bound %ld)\n",
      kSmall, small.client_kb, small.server_kb, small.seconds, kLarge, large.client_kb,
      large.server_kb, large.seconds, client_delta, server_delta, kBoundKb);
  std::fflush(stdout);
  RecordProperty("client_rss_kb_10k", static_cast<int>(small.client_kb));
  RecordProperty("client_rss_kb_1m", static_cast<int>(large.client_kb));
  RecordProperty("server_rss_kb_10k", static_cast<int>(small.server_kb));
  RecordProperty("server_rss_kb_1m", static_cast<int>(large.server_kb));

  // Every figure was measured: a peak left at 0 or -1 (VmHWM not read)
  // makes its delta meaningless, and a 1M peak of -1 passes the bounds.
  EXPECT_GT(small.seconds, 0);
  EXPECT_GT(large.seconds, 0);
  ASSERT_GT(small.client_kb, 0);
  ASSERT_GT(small.server_kb, 0);
  ASSERT_GT(large.client_kb, 0);
  ASSERT_GT(large.server_kb, 0);
  EXPECT_LT(client_delta, kBoundKb) << "client-upload's peak RSS grows with the stream's length";
  EXPECT_LT(server_delta, kBoundKb) << "streaming-server's peak RSS grows with the stream's length";
}

}  // namespace
}  // namespace brew::e2e
