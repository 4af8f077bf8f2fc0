// Subprocess: one of the built programs, run as a real child process with
// its stdout and stderr captured, for the end-to-end tests.
//
// It is labrun's ChildProcess (runner/run/child_process.h: its own process
// group, default signal handling, a reader thread, deadlines on every wait)
// with the output kept for the test to read. The destructor kills (SIGKILL)
// and reaps a child that is still running, so a failing test leaves no
// process behind.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "runner/run/child_process.h"

namespace brew::e2e {

using Timeout = std::chrono::milliseconds;

enum class Stream { kStdout, kStderr };

class Subprocess {
 public:
  // Starts `path` with `args`, stdin from /dev/null, and GRPC_VERBOSITY and
  // GRPC_TRACE removed from the environment (the tests count the programs'
  // own lines). Returns null (and sets `error`) if it cannot be started.
  static std::unique_ptr<Subprocess> Start(const std::string& path,
                                           const std::vector<std::string>& args,
                                           std::string* error);
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  int pid() const { return child_->pid(); }
  // Sends `signo` to the program, unless it has exited and been reaped.
  void Signal(int signo);

  // Waits until a line of `stream` matches `re` (std::regex_search); a last
  // line without its newline counts once the stream is closed.
  bool WaitForLine(Stream stream, const std::regex& re, Timeout timeout);

  // Waits for the process to exit and for its output to be read to the end.
  // Returns the exit status, 128 + signo if a signal killed it, or nullopt
  // if it is still running at the timeout.
  std::optional<int> WaitExit(Timeout timeout);

  // The stream so far, each line ended by a newline.
  std::string Output(Stream stream);
  std::vector<std::string> Lines(Stream stream);

 private:
  Subprocess() = default;
  void OnLine(lab::ChildProcess::Pipe pipe, const std::string& line);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::string> out_;
  std::vector<std::string> err_;
  // Declared last, so it is destroyed (killed, reaped, reader joined)
  // before the lines its reader appends to.
  std::unique_ptr<lab::ChildProcess> child_;
};

}  // namespace brew::e2e
