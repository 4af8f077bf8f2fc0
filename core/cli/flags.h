// FlagSet: the lesson's Go `flag` package, on top of CLI11.
//
// What it adds to a bare CLI::App, so the programs in cmd/ behave alike:
//   - long flags take Go's one dash as well as two (-limit=0, --limit=0),
//     and an unknown flag is one line naming the closest known one
//     ("unknown flag -limt; did you mean --limit?");
//   - flags given twice keep the last value, as Go's flag does, so
//     `make run-subscribe ARGS=--limit=0` overrides the Makefile's --limit=5;
//   - durations are Go durations ("200ms", "1.5s") parsed by ParseDuration;
//   - every usage error is ONE line on stderr, "program: --flag: problem",
//     and exit status 2 (CLI11's own exit() adds a "Run with --help" line).
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/util/duration.h"

namespace brew::cli {

// The exit status for a usage error, as Go's flag package uses.
constexpr int kUsageExit = 2;

class FlagSet {
 public:
  FlagSet(std::string program, std::string description);

  const std::string& program() const { return program_; }
  CLI::App& app() { return app_; }

  // --addr: host:port; ":50052" means every interface (server) or this
  // machine (client).
  void AddAddr(std::string* addr, const std::string& help);
  void AddString(const std::string& name, std::string* value, const std::string& help);
  // An int that must be >= 0.
  void AddCount(const std::string& name, int* value, const std::string& help);
  // --message-bytes: a message size, 0..kMaxMessageBytes (core/util/
  // padding.h; 0: no padding).
  void AddMessageBytes(int* value, const std::string& help);
  void AddDuration(const std::string& name, Duration* value, const std::string& help);
  // A duration that must be > 0 (a zero tick would spin).
  void AddPositiveDuration(const std::string& name, Duration* value, const std::string& help);
  // A duration with no default: unset unless given.
  void AddOptionalDuration(const std::string& name, std::optional<Duration>* value,
                           const std::string& help);

  // Parses argv. Returns the exit status when the program should stop now:
  // 0 after --help, kUsageExit after a usage error (already printed).
  std::optional<int> Parse(int argc, char** argv);

  // For checks across flags after Parse: prints "program: flag: problem"
  // and returns kUsageExit.
  int UsageError(const std::string& flag, const std::string& problem) const;

 private:
  // Rewrites Go's one-dash long flags to two dashes; an unknown flag is
  // reported (with the closest known one) and returns kUsageExit.
  std::optional<int> CheckAndNormalize(std::vector<std::string>* args) const;
  void AddGoDuration(const std::string& name, Duration* value, const std::string& help,
                     bool positive);

  std::string program_;
  CLI::App app_;
};

// The address a client dials for `addr`: ":50052" becomes "127.0.0.1:50052".
std::string DialTarget(const std::string& addr);

}  // namespace brew::cli
