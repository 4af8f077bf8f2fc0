// Subprocess: one of the built programs, run as a real child process with
// its stdout and stderr captured, for the end-to-end tests.
//
// Every wait takes a timeout, and the destructor kills (SIGKILL) and reaps a
// child that is still running, so a failing test leaves no process behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

namespace brew::e2e {

using Timeout = std::chrono::milliseconds;

enum class Stream { kStdout, kStderr };

class Subprocess {
 public:
  // Starts `path` with `args`, stdin from /dev/null, SIGINT/SIGTERM at their
  // defaults and unblocked, and GRPC_VERBOSITY/GRPC_TRACE removed from the
  // environment. Returns null (and sets `error`) if it cannot be started.
  static std::unique_ptr<Subprocess> Start(const std::string& path,
                                           const std::vector<std::string>& args,
                                           std::string* error);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signo);

  // Waits until a line of `stream` matches `re` (std::regex_search); only
  // lines ended by a newline count, until the stream is closed.
  bool WaitForLine(Stream stream, const std::regex& re, Timeout timeout);

  // Waits for the process to exit and for its output to be read to the end.
  // Returns the exit status, 128 + signo if a signal killed it, or nullopt
  // if it is still running at the timeout.
  std::optional<int> WaitExit(Timeout timeout);

  std::string Output(Stream stream);
  // The lines written so far (see SplitLines).
  std::vector<std::string> Lines(Stream stream);

 private:
  Subprocess() = default;
  void ReadLoop(int out_fd, int err_fd);
  bool Reap(bool block);

  pid_t pid_ = -1;
  std::optional<int> exit_status_;  // set once reaped
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::string out_;
  std::string err_;
  bool output_done_ = false;  // both pipes reached EOF
};

// Lines of `text` (without the trailing newlines); a last line without a
// newline counts too.
std::vector<std::string> SplitLines(const std::string& text);

}  // namespace brew::e2e
