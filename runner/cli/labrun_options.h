// labrun's command line as one value.
//
// Every flag is declared once, in a table in labrun_options.cc that names
// its field here, its help text and whether a child run needs it. From
// that table come both ParseLabrunArgs (argv -> LabrunOptions) and ToArgv
// (LabrunOptions -> argv), so a flag is never added twice and the two can
// be tested against each other: ParseLabrunArgs(ToArgv(o)) == o.
//
// Exit codes (labrun_main.cc's header says the same):
//   0 every scenario passed (or --list, --help);
//   1 some scenario failed;
//   2 a usage error or an invalid scenario: nothing ran;
//   3 the run finished, but a report could not be written.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/util/duration.h"
#include "runner/run/executor.h"
#include "runner/run/shard.h"

namespace brew::lab {

inline constexpr int kExitPassed = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitReportNotWritten = 3;

struct LabrunOptions {
  // What to run.
  std::vector<std::string> paths;  // scenario files, or directories of *.yaml
  std::string filter;              // --filter REGEX on scenario names
  std::string shard;               // --shard I/N, as given
  bool list = false;               // --list: print, run nothing
  std::string child_run;           // internal: one isolated run of this file

  // How.
  int jobs = 1;
  int repeat = 1;
  std::optional<Duration> timeout_cap;  // --timeout
  bool in_process = false;

  // Against which server.
  std::string server_cmd;
  std::string target;
  std::string server_log;     // with --target
  std::string target_config;  // with --target: tick=1s,echo_delay=200ms,...
  bool server_extensions = false;
  std::string kafka;  // HOST:PORT of a Kafka cluster

  // Where the reports go (the JSON reports and index.html always go to
  // report_dir; the others only when named).
  std::string report_dir = "build/lab-reports";
  std::string junit;
  std::string results;  // Gradescope's results.json
  std::string prairielearn;
  std::string summary_md;
  std::string html;
  std::string trace;

  bool operator==(const LabrunOptions& o) const;
};

// Parses argv into `options` and checks the flags against each other.
// Returns the exit code when labrun should stop now: kExitPassed after
// --help, kExitUsage with no arguments (the usage printed) or after a usage
// error (one line printed: "labrun: --flag: problem").
std::optional<int> ParseLabrunArgs(int argc, char** argv, LabrunOptions* options);

// The arguments (argv without the program) that ParseLabrunArgs reads back
// as `options`: each flag whose value is not its default, then the paths.
std::vector<std::string> ToArgv(const LabrunOptions& options);

// The argv of the child run of one scenario file: `self` (labrun's own
// path), then what the child needs of `options` (the server, the timeout
// cap), then --child-run FILE FILE.
std::vector<std::string> ToChildArgv(const LabrunOptions& options, const std::string& self,
                                     const std::string& file);

// What the options say about the server and the timeout cap, for the run
// stage. With --target and --server-log but no --target-config, the
// settings are read from the log's start line (target_fit.h).
RunOptions ToRunOptions(const LabrunOptions& options);

// --shard as parsed (ParseLabrunArgs has checked it); nullopt without it.
std::optional<Shard> ShardOf(const LabrunOptions& options);

}  // namespace brew::lab
