#include "runner/run/child_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

extern char** environ;

namespace brew::lab {
namespace {

void CloseFd(int& fd) {
  if (fd >= 0) close(fd);
  fd = -1;
}

// Our environment without the variables named in `unset` (NAME=... lines).
std::vector<std::string> ChildEnvironment(const std::vector<std::string>& unset) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string var = *e;
    const std::string name = var.substr(0, var.find('='));
    if (std::find(unset.begin(), unset.end(), name) == unset.end()) env.push_back(var);
  }
  return env;
}

// A null-terminated array for posix_spawn, which takes char* for history's
// sake and does not write through them.
std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (const std::string& s : strings) out.push_back(const_cast<char*>(s.c_str()));
  out.push_back(nullptr);
  return out;
}

}  // namespace

std::string SignalName(int signo) {
  switch (signo) {
    case SIGSEGV: return "SIGSEGV";
    case SIGABRT: return "SIGABRT";
    case SIGBUS: return "SIGBUS";
    case SIGFPE: return "SIGFPE";
    case SIGILL: return "SIGILL";
    case SIGKILL: return "SIGKILL";
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGPIPE: return "SIGPIPE";
    case SIGTRAP: return "SIGTRAP";
    default: return "signal " + std::to_string(signo);
  }
}

std::string DescribeWaitStatus(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "killed by " + SignalName(WTERMSIG(status));
  return "ended with wait status " + std::to_string(status);
}

std::unique_ptr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv,
                                                  const Options& options, LineHandler on_line,
                                                  std::string* error) {
  const bool fd3 = options.fd3;
  if (argv.empty()) {
    *error = "no program to start";
    return nullptr;
  }
  int out[2] = {-1, -1}, err[2] = {-1, -1}, extra[2] = {-1, -1};
  if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0 ||
      (fd3 && pipe2(extra, O_CLOEXEC) != 0)) {
    *error = std::string("pipe: ") + std::strerror(errno);
    for (int* p : {out, err, extra}) CloseFd(p[0]), CloseFd(p[1]);
    return nullptr;
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err[1], 2);
  if (fd3) posix_spawn_file_actions_adddup2(&actions, extra[1], 3);

  // Its own process group, default signal handling, nothing blocked: a
  // server under test must see our SIGTERM even if we block it ourselves.
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr,
                           POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  const std::vector<std::string> env = ChildEnvironment(options.unset_env);
  const std::vector<char*> args = CStrings(argv);
  const std::vector<char*> envp = CStrings(env);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  CloseFd(out[1]);
  CloseFd(err[1]);
  CloseFd(extra[1]);
  if (rc != 0) {
    *error = "cannot start " + argv[0] + ": " + std::strerror(rc);
    CloseFd(out[0]);
    CloseFd(err[0]);
    CloseFd(extra[0]);
    return nullptr;
  }

  std::unique_ptr<ChildProcess> child(new ChildProcess());
  child->pid_ = pid;
  child->on_line_ = std::move(on_line);
  std::vector<std::pair<int, Pipe>> fds = {{out[0], Pipe::kStdout}, {err[0], Pipe::kStderr}};
  if (fd3) fds.push_back({extra[0], Pipe::kFd3});
  child->reader_ = std::thread([c = child.get(), fds] { c->ReadLoop(fds); });
  return child;
}

void ChildProcess::ReadLoop(std::vector<std::pair<int, Pipe>> fds) {
  std::vector<std::string> partial(fds.size());
  std::vector<pollfd> polls;
  for (const auto& f : fds) polls.push_back({f.first, POLLIN, 0});
  size_t open = fds.size();
  char buf[65536];
  while (open > 0) {
    if (poll(polls.data(), polls.size(), -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (size_t i = 0; i < polls.size(); ++i) {
      if (polls[i].fd < 0 || polls[i].revents == 0) continue;
      const ssize_t n = read(polls[i].fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      const auto now = std::chrono::steady_clock::now();
      if (n <= 0) {  // EOF: hand over a last line without its newline
        if (!partial[i].empty() && on_line_) on_line_(fds[i].second, partial[i], now);
        close(polls[i].fd);
        polls[i].fd = -1;
        --open;
        continue;
      }
      partial[i].append(buf, static_cast<size_t>(n));
      size_t start = 0;
      for (size_t nl; (nl = partial[i].find('\n', start)) != std::string::npos; start = nl + 1) {
        if (on_line_) on_line_(fds[i].second, partial[i].substr(start, nl - start), now);
      }
      partial[i].erase(0, start);
    }
  }
  brew::MutexLock lock(&mu_);
  pipes_closed_ = true;
  cv_.SignalAll();
}

bool ChildProcess::ReapLocked(bool block) {
  if (status_) return true;
  int status = 0;
  const pid_t r = waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    status_ = status;
    return true;
  }
  return false;
}

bool ChildProcess::Running() {
  brew::MutexLock lock(&mu_);
  return !ReapLocked(false);
}

std::optional<int> ChildProcess::Wait(std::chrono::steady_clock::time_point deadline) {
  brew::MutexLock lock(&mu_);
  // waitpid cannot wait with a deadline, so poll it; the pipes' end is
  // signalled by the reader.
  while (!(ReapLocked(false) && pipes_closed_)) {
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    cv_.WaitFor(&mu_, std::chrono::milliseconds(5));
  }
  return status_;
}

int ChildProcess::Stop(Duration grace) {
  {
    brew::MutexLock lock(&mu_);
    if (!ReapLocked(false)) kill(-pid_, SIGTERM);
  }
  if (auto status = Wait(std::chrono::steady_clock::now() + grace)) {
    kill(-pid_, SIGKILL);  // anything the child left behind in its group
    return *status;
  }
  kill(-pid_, SIGKILL);
  // After SIGKILL the exit is certain; the pipes close once every process
  // of the group holding them is gone.
  auto status = Wait(std::chrono::steady_clock::now() + std::chrono::seconds(10));
  return status.value_or(0);
}

ChildProcess::~ChildProcess() {
  {
    brew::MutexLock lock(&mu_);
    if (!ReapLocked(false)) kill(-pid_, SIGKILL);
  }
  kill(-pid_, SIGKILL);
  {
    brew::MutexLock lock(&mu_);
    ReapLocked(true);
  }
  if (reader_.joinable()) reader_.join();
}

}  // namespace brew::lab
