// What the end-to-end tests of the four programs share: where the built
// programs are, a free port, a running streaming-server, and regexes for
// the server's log lines.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "tests/cmd/subprocess.h"

namespace brew::e2e {

// Generous bounds: a wait that should take milliseconds may take this long
// on a loaded machine before the test calls it a failure.
constexpr Timeout kWait = std::chrono::seconds(10);

// The path of a built program, e.g. Program("client-upload").
std::string Program(const std::string& name);

// A port nothing listens on right now: bound to 127.0.0.1:0, then closed.
int FreePort();

// Starts a program; a failure to start fails the current test.
std::unique_ptr<Subprocess> Spawn(const std::string& name, const std::vector<std::string>& args);

// A program run to its end (killed after `timeout`): status and output.
struct Finished {
  std::optional<int> status;  // nullopt: still running at the timeout
  std::vector<std::string> out;
  std::vector<std::string> err;
};
Finished RunToExit(const std::string& name, const std::vector<std::string>& args,
                   Timeout timeout = kWait);

// A streaming-server on a free port of 127.0.0.1 with fast test timings
// (--tick 100ms --echo-delay 50ms), up and logging.
class ServerProcess {
 public:
  // Starts it and waits for "streaming-server started"; check ok().
  // `extra_args` follow the test timings (e.g. {"--kafka", "embedded"}).
  explicit ServerProcess(const std::vector<std::string>& extra_args = {});
  bool ok() const { return proc_ != nullptr && started_; }
  const std::string& addr() const { return addr_; }
  int port() const { return port_; }
  Subprocess& proc() { return *proc_; }
  // Waits for a log line matching LogLine(body_regex).
  bool WaitForLog(const std::string& body_regex, Timeout timeout = kWait);

 private:
  int port_ = 0;
  std::string addr_;
  std::unique_ptr<Subprocess> proc_;
  bool started_ = false;
};

// `text` with the regex specials escaped, to match it literally.
std::string Literal(const std::string& text);

// A whole server log line "2026-11-24T12:00:00.123Z INFO <body>", where
// `body_regex` is a regex for the message and its attributes.
std::regex LogLine(const std::string& body_regex, const std::string& level = "INFO");

// How many of `lines` match `re` in full.
int CountMatching(const std::vector<std::string>& lines, const std::regex& re);

// The lines, one per line, for failure messages.
std::string Join(const std::vector<std::string>& lines);

}  // namespace brew::e2e
