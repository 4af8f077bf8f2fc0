#include "runner/cli/labrun_options.h"

#include <iostream>
#include <regex>

#include "core/cli/flags.h"
#include "core/util/host_port.h"
#include "runner/run/target_fit.h"
#include "runner/scenario/regex_check.h"

namespace brew::lab {
namespace {

// The flags, once. `child`: a child run (one scenario in a process of its
// own) is given this flag too, so that it runs against the same server.
struct StringFlag {
  const char* name;
  std::string LabrunOptions::*field;
  const char* help;
  bool child;
};
struct BoolFlag {
  const char* name;
  bool LabrunOptions::*field;
  const char* help;
  bool child;
};
struct IntFlag {
  const char* name;
  const char* alias;  // a short name too, or nullptr
  int LabrunOptions::*field;
  const char* help;
  int min;
  int max;
};

const StringFlag kStringFlags[] = {
    {"--report-dir", &LabrunOptions::report_dir, "where the JSON reports go", false},
    {"--filter", &LabrunOptions::filter, "run only scenarios whose name matches this regex", false},
    {"--server-cmd", &LabrunOptions::server_cmd,
     "start this server program per scenario ({addr} {port} {tick} {echo_delay} {read_delay}; "
     "{kafka} {kafka_topic} {orders_from} for the Kafka scenarios)",
     true},
    {"--target", &LabrunOptions::target, "run against a server already running at HOST:PORT", true},
    {"--server-log", &LabrunOptions::server_log, "with --target: the server's log file", true},
    {"--target-config", &LabrunOptions::target_config,
     "with --target: the settings it runs with, e.g. tick=1s,echo_delay=200ms (else read from "
     "its start line in --server-log, else the lesson's defaults)",
     true},
    {"--kafka", &LabrunOptions::kafka,
     "run the Kafka scenarios against this cluster (HOST:PORT), each on a topic of its own, "
     "instead of an embedded broker",
     true},
    {"--junit", &LabrunOptions::junit, "also write a JUnit XML report to this file", false},
    {"--results", &LabrunOptions::results, "also write Gradescope's results.json to this file",
     false},
    {"--prairielearn", &LabrunOptions::prairielearn,
     "also write PrairieLearn's external-grading results.json to this file", false},
    {"--summary-md", &LabrunOptions::summary_md,
     "also append a Markdown summary to this file (default: $GITHUB_STEP_SUMMARY, if set)", false},
    {"--html", &LabrunOptions::html, "also write the run as one self-contained HTML page", false},
    {"--trace", &LabrunOptions::trace,
     "also write the run as a Chrome trace (Perfetto UI, chrome://tracing)", false},
    {"--shard", &LabrunOptions::shard, "run only slice I of N (I/N) of the scenarios", false},
};

const BoolFlag kBoolFlags[] = {
    {"--list", &LabrunOptions::list, "list the scenarios with their descriptions; run nothing",
     false},
    {"--server-extensions", &LabrunOptions::server_extensions,
     "with --server-cmd or --target: the server has brewlab's extensions (message_bytes, "
     "brewlab's log lines), so scenarios that need them run",
     true},
    {"--in-process", &LabrunOptions::in_process,
     "run scenarios inside labrun itself, not in child processes (for debuggers)", false},
};

const IntFlag kIntFlags[] = {
    {"--jobs", "-j", &LabrunOptions::jobs, "scenarios to run at once", 1, 64},
    {"--repeat", nullptr, &LabrunOptions::repeat, "run each scenario N times; report FLAKY ones", 1,
     10000},
};

constexpr const char* kTimeoutFlag = "--timeout";
constexpr const char* kChildRunFlag = "--child-run";

std::string FormatTargetConfig(const TargetSettings& t) {
  return "tick=" + FormatDuration(t.tick) + ",echo_delay=" + FormatDuration(t.echo_delay) +
         ",read_delay=" + FormatDuration(t.read_delay);
}

// The checks that need more than one flag, or more than CLI11 knows.
std::optional<int> CheckTogether(const cli::FlagSet& flags, const LabrunOptions& o) {
  if (!o.server_cmd.empty() && !o.target.empty()) {
    return flags.UsageError("--target", "cannot be used with --server-cmd");
  }
  if (!o.server_log.empty() && o.target.empty()) {
    return flags.UsageError("--server-log", "goes with --target");
  }
  if (!o.target_config.empty() && o.target.empty()) {
    return flags.UsageError("--target-config", "goes with --target");
  }
  if (o.server_extensions && o.target.empty() && o.server_cmd.empty()) {
    return flags.UsageError("--server-extensions", "goes with --server-cmd or --target");
  }
  std::string error;
  if (!o.shard.empty() && !ParseShard(o.shard, &error)) return flags.UsageError("--shard", error);
  TargetSettings settings;
  if (!o.target_config.empty() && !ParseTargetConfig(o.target_config, &settings, &error)) {
    return flags.UsageError("--target-config", error);
  }
  if (!o.kafka.empty()) {
    std::string host;
    int port = 0;
    if (!SplitHostPort(o.kafka, &host, &port, &error) || host.empty() || port == 0) {
      return flags.UsageError("--kafka",
                              "want HOST:PORT of a Kafka broker, got \"" + o.kafka + "\"");
    }
  }
  if (!o.filter.empty()) {
    if (const auto why = RegexRefusal(o.filter)) {
      return flags.UsageError("--filter", "the regex " + *why);
    }
    try {
      std::regex re(o.filter);
    } catch (const std::regex_error& e) {
      return flags.UsageError("--filter", "bad regex \"" + o.filter + "\": " + e.what());
    }
  }
  return std::nullopt;
}

}  // namespace

bool LabrunOptions::operator==(const LabrunOptions& o) const {
  for (const StringFlag& f : kStringFlags) {
    if (this->*f.field != o.*f.field) return false;
  }
  for (const BoolFlag& f : kBoolFlags) {
    if (this->*f.field != o.*f.field) return false;
  }
  for (const IntFlag& f : kIntFlags) {
    if (this->*f.field != o.*f.field) return false;
  }
  return paths == o.paths && timeout_cap == o.timeout_cap && child_run == o.child_run;
}

std::optional<int> ParseLabrunArgs(int argc, char** argv, LabrunOptions* options) {
  cli::FlagSet flags("labrun", "Run brewlab scenarios (YAML) and check them against the lesson.");
  CLI::App& app = flags.app();
  LabrunOptions& o = *options;
  app.add_option("paths", o.paths, "scenario files, or directories of *.yaml")->required();
  for (const StringFlag& f : kStringFlags) flags.AddString(f.name, &(o.*f.field), f.help);
  for (const BoolFlag& f : kBoolFlags) app.add_flag(f.name, o.*f.field, f.help);
  for (const IntFlag& f : kIntFlags) {
    const std::string names = std::string(f.name) + (f.alias ? std::string(",") + f.alias : "");
    app.add_option(names, o.*f.field, f.help)->check(CLI::Range(f.min, f.max));
  }
  flags.AddOptionalDuration(kTimeoutFlag, &o.timeout_cap,
                            "cap every scenario's timeout at this (Go duration)");
  app.add_option(kChildRunFlag, o.child_run)->group("");  // internal: one isolated run
  if (argc == 1) {                                        // nothing to run: say how
    std::cerr << app.help();
    return kExitUsage;
  }
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  return CheckTogether(flags, o);
}

std::vector<std::string> ToArgv(const LabrunOptions& o) {
  const LabrunOptions defaults;
  std::vector<std::string> argv;
  for (const StringFlag& f : kStringFlags) {
    if (o.*f.field != defaults.*f.field) argv.insert(argv.end(), {f.name, o.*f.field});
  }
  for (const BoolFlag& f : kBoolFlags) {
    if (o.*f.field) argv.push_back(f.name);
  }
  for (const IntFlag& f : kIntFlags) {
    if (o.*f.field != defaults.*f.field) {
      argv.insert(argv.end(), {f.name, std::to_string(o.*f.field)});
    }
  }
  if (o.timeout_cap) argv.insert(argv.end(), {kTimeoutFlag, FormatDuration(*o.timeout_cap)});
  if (!o.child_run.empty()) argv.insert(argv.end(), {kChildRunFlag, o.child_run});
  // "--" first if a path could read as a flag.
  for (const std::string& path : o.paths) {
    if (!path.empty() && path[0] == '-') {
      argv.push_back("--");
      break;
    }
  }
  argv.insert(argv.end(), o.paths.begin(), o.paths.end());
  return argv;
}

std::vector<std::string> ToChildArgv(const LabrunOptions& o, const std::string& self,
                                     const std::string& file) {
  LabrunOptions child;
  for (const StringFlag& f : kStringFlags) {
    if (f.child) child.*f.field = o.*f.field;
  }
  for (const BoolFlag& f : kBoolFlags) {
    if (f.child) child.*f.field = o.*f.field;
  }
  child.timeout_cap = o.timeout_cap;
  // The settings the parent found (in --server-log, or the lesson's
  // defaults), so that the child does not look again.
  if (!o.target.empty()) {
    child.target_config = FormatTargetConfig(ToRunOptions(o).server.target_settings);
  }
  child.child_run = file;
  child.paths = {file};
  std::vector<std::string> argv = {self};
  for (std::string& arg : ToArgv(child)) argv.push_back(std::move(arg));
  return argv;
}

RunOptions ToRunOptions(const LabrunOptions& o) {
  RunOptions run;
  run.timeout_cap = o.timeout_cap;
  if (!o.server_cmd.empty()) {
    run.server.kind = ServerSpec::Kind::kCommand;
    run.server.command = o.server_cmd;
  } else if (!o.target.empty()) {
    run.server.kind = ServerSpec::Kind::kTarget;
    run.server.target = o.target;
    run.server.log_file = o.server_log;
    std::string error;  // ParseLabrunArgs has checked it
    if (!o.target_config.empty()) {
      ParseTargetConfig(o.target_config, &run.server.target_settings, &error);
    } else if (!o.server_log.empty()) {
      TargetSettingsFromLog(o.server_log, &run.server.target_settings);
    }
  }
  run.server.extensions = o.server_extensions;
  run.server.kafka = o.kafka;
  return run;
}

std::optional<Shard> ShardOf(const LabrunOptions& o) {
  if (o.shard.empty()) return std::nullopt;
  std::string error;
  return ParseShard(o.shard, &error);
}

}  // namespace brew::lab
