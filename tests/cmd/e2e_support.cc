#include "tests/cmd/e2e_support.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace brew::e2e {

std::string Program(const std::string& name) {
  // BREW_BIN_DIR: set by tests/cmd/CMakeLists.txt to the programs' directory.
  return std::string(BREW_BIN_DIR) + "/" + name;
}

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return 0;
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = 0;
  socklen_t len = sizeof sa;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len) == 0) {
    port = ntohs(sa.sin_port);
  }
  close(fd);
  return port;
}

std::unique_ptr<Subprocess> Spawn(const std::string& name, const std::vector<std::string>& args) {
  std::string error;
  auto proc = Subprocess::Start(Program(name), args, &error);
  EXPECT_NE(proc, nullptr) << error;
  return proc;
}

Finished RunToExit(const std::string& name, const std::vector<std::string>& args, Timeout timeout) {
  Finished f;
  auto proc = Spawn(name, args);
  if (!proc) return f;
  f.status = proc->WaitExit(timeout);
  f.out = proc->Lines(Stream::kStdout);
  f.err = proc->Lines(Stream::kStderr);
  return f;  // a process still running is killed by ~Subprocess
}

ServerProcess::ServerProcess(const std::vector<std::string>& extra_args)
    : port_(FreePort()), addr_("127.0.0.1:" + std::to_string(port_)) {
  std::vector<std::string> args = {"--addr", addr_, "--tick", "100ms", "--echo-delay", "50ms"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());
  proc_ = Spawn("streaming-server", args);
  if (!proc_) return;
  started_ = WaitForLog("streaming-server started addr=" + Literal(addr_) + " tick=100ms" +
                        " echo_delay=50ms");
  EXPECT_TRUE(started_) << "streaming-server did not start; stderr:\n"
                        << proc_->Output(Stream::kStderr);
}

bool ServerProcess::WaitForLog(const std::string& body_regex, Timeout timeout) {
  return proc_->WaitForLine(Stream::kStderr, LogLine(body_regex), timeout);
}

std::string Literal(const std::string& text) {
  static const std::string kSpecial = R"(\^$.|?*+()[]{})";
  std::string out;
  for (char c : text) {
    if (kSpecial.find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

std::regex LogLine(const std::string& body_regex, const std::string& level) {
  return std::regex(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z )" + level + " " + body_regex +
                    "$");
}

int CountMatching(const std::vector<std::string>& lines, const std::regex& re) {
  int n = 0;
  for (const std::string& line : lines) {
    if (std::regex_match(line, re)) ++n;
  }
  return n;
}

std::string Join(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

}  // namespace brew::e2e
