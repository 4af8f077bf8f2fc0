#include "tests/cmd/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

extern char** environ;

namespace brew::e2e {
namespace {

// The child's environment: ours, without the variables that would let gRPC
// print its own log lines (the tests check the programs print exactly one).
std::vector<std::string> ChildEnvironment() {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var = *e;
    if (var.rfind("GRPC_VERBOSITY=", 0) == 0 || var.rfind("GRPC_TRACE=", 0) == 0) continue;
    env.push_back(var);
  }
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

// True when `text` (the stream so far) has a line matching `re`; a last line
// without its newline counts only when `closed`.
bool HasLine(const std::string& text, const std::regex& re, bool closed) {
  size_t start = 0;
  while (start < text.size()) {
    const size_t nl = text.find('\n', start);
    if (nl == std::string::npos && !closed) return false;
    const size_t end = nl == std::string::npos ? text.size() : nl;
    if (std::regex_search(text.begin() + start, text.begin() + end, re)) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

std::unique_ptr<Subprocess> Subprocess::Start(const std::string& path,
                                              const std::vector<std::string>& args,
                                              std::string* error) {
  int out_pipe[2];
  int err_pipe[2];
  // O_CLOEXEC: no other child inherits our ends (it would hold EOF back).
  if (pipe2(out_pipe, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return nullptr;
  }
  if (pipe2(err_pipe, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    close(out_pipe[0]);
    close(out_pipe[1]);
    return nullptr;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);  // dup2 clears O_CLOEXEC
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);

  // The test runner's signal mask and dispositions are not the child's
  // business: start it as a shell would.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none;
  sigemptyset(&none);
  sigset_t defaults;
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGINT);
  sigaddset(&defaults, SIGTERM);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &defaults);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  std::vector<std::string> argv_strings{path};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<std::string> env_strings = ChildEnvironment();
  std::vector<char*> argv = CStrings(argv_strings);
  std::vector<char*> envp = CStrings(env_strings);

  pid_t pid = -1;
  const int rc = posix_spawn(&pid, path.c_str(), &actions, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  close(out_pipe[1]);
  close(err_pipe[1]);
  if (rc != 0) {
    *error = "posix_spawn " + path + ": " + std::strerror(rc);
    close(out_pipe[0]);
    close(err_pipe[0]);
    return nullptr;
  }

  std::unique_ptr<Subprocess> proc(new Subprocess());
  proc->pid_ = pid;
  proc->reader_ = std::thread([p = proc.get(), o = out_pipe[0], e = err_pipe[0]] {
    p->ReadLoop(o, e);
  });
  return proc;
}

// Drains both pipes until both are closed (the child exited).
void Subprocess::ReadLoop(int out_fd, int err_fd) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* buffers[2] = {&out_, &err_};
  int open_count = 2;
  char buf[4096];
  while (open_count > 0) {
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll ignores negative fds
        --open_count;
        continue;
      }
      std::lock_guard<std::mutex> lock(mu_);
      buffers[i]->append(buf, static_cast<size_t>(n));
      cv_.notify_all();
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  std::lock_guard<std::mutex> lock(mu_);
  output_done_ = true;
  cv_.notify_all();
}

void Subprocess::Signal(int signo) {
  // Once reaped, the pid may belong to someone else.
  if (!exit_status_) kill(pid_, signo);
}

bool Subprocess::Reap(bool block) {
  if (exit_status_) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r != pid_) return false;
  exit_status_ = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  return true;
}

bool Subprocess::WaitForLine(Stream stream, const std::regex& re, Timeout timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  const std::string& text = stream == Stream::kStdout ? out_ : err_;
  return cv_.wait_for(lock, timeout, [&] { return HasLine(text, re, output_done_); });
}

std::optional<int> Subprocess::WaitExit(Timeout timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!Reap(false)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The pipes close with the process; wait for the last bytes.
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline + std::chrono::seconds(1), [this] { return output_done_; });
  return exit_status_;
}

std::string Subprocess::Output(Stream stream) {
  std::lock_guard<std::mutex> lock(mu_);
  return stream == Stream::kStdout ? out_ : err_;
}

std::vector<std::string> Subprocess::Lines(Stream stream) { return SplitLines(Output(stream)); }

Subprocess::~Subprocess() {
  if (!exit_status_) {
    kill(pid_, SIGKILL);
    Reap(true);
  }
  if (reader_.joinable()) reader_.join();
}

}  // namespace brew::e2e
