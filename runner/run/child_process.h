// ChildProcess: a program labrun starts and must be able to stop, whatever
// it does -- a server under test (--server-cmd), or one scenario run in its
// own process (so a handler that crashes or hangs takes only its scenario
// down).
//
// The child runs in its own process group, so Stop() reaches everything it
// started. Its stdout and stderr (and, if asked, one more pipe on fd 3) are
// read by one thread and handed over line by line, as they arrive, stamped
// with the monotonic clock. Every wait has a deadline; the destructor
// kills and reaps a child still running, and joins the reader.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/util/duration.h"
#include "core/util/mutex.h"

namespace brew::lab {

class ChildProcess {
 public:
  enum class Pipe { kStdout, kStderr, kFd3 };
  using LineHandler = std::function<void(Pipe pipe, const std::string& line,
                                         std::chrono::steady_clock::time_point)>;

  struct Options {
    bool fd3 = false;                    // also give the child a pipe on fd 3
    std::vector<std::string> unset_env;  // leave these out of its environment
  };

  // Starts argv[0] (found on PATH if it has no '/') with stdin from
  // /dev/null and our environment (less `options.unset_env`). Returns null
  // and sets `error` if it cannot be started.
  static std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& argv,
                                             const Options& options, LineHandler on_line,
                                             std::string* error);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const { return pid_; }

  // Waits until the child has exited and its pipes are read to the end.
  // Returns its wait status (see waitpid), or nullopt at the deadline.
  std::optional<int> Wait(std::chrono::steady_clock::time_point deadline);

  // SIGTERM to the group, up to `grace` to exit, then SIGKILL; reaps.
  // Returns the wait status.
  int Stop(Duration grace);

  // True if it has not exited yet.
  bool Running();

 private:
  ChildProcess() = default;
  void ReadLoop(std::vector<std::pair<int, Pipe>> fds);
  bool ReapLocked(bool block) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  pid_t pid_ = -1;
  LineHandler on_line_;
  std::thread reader_;
  brew::Mutex mu_;
  brew::CondVar cv_;  // the pipes closed
  std::optional<int> status_ ABSL_GUARDED_BY(mu_);
  bool pipes_closed_ ABSL_GUARDED_BY(mu_) = false;
};

// "exited with code 3", "killed by SIGSEGV", for a wait status.
std::string DescribeWaitStatus(int status);

// "SIGSEGV" for SIGSEGV ("signal 42" for one without a name).
std::string SignalName(int signo);

}  // namespace brew::lab
