// labrun: runs brewlab's YAML scenarios and says whether each behaved as
// the lesson says.
//
//   labrun [options] FILE|DIR...
//
// Each scenario runs in a child process of its own (labrun itself, with
// --child-run), against a fresh server: brewlab's own in-process by
// default, a program per scenario with --server-cmd, or a running one with
// --target. Exit codes: 0 every scenario passed; 1 some failed; 2 a usage
// error or an invalid scenario (then nothing runs).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <regex>

#include "core/cli/flags.h"
#include "core/util/grpc_log.h"
#include "core/util/host_port.h"
#include "core/util/logger.h"
#include "runner/report/console.h"
#include "runner/report/gradescope.h"
#include "runner/report/html_report.h"
#include "runner/report/junit.h"
#include "runner/report/markdown_summary.h"
#include "runner/report/prairielearn.h"
#include "runner/report/report.h"
#include "runner/report/score.h"
#include "runner/report/trace_export.h"
#include "runner/run/isolated_run.h"
#include "runner/run/shard.h"
#include "runner/run/suite.h"
#include "runner/run/target_fit.h"
#include "runner/scenario/regex_check.h"
#include "runner/scenario/scenario_loader.h"

namespace {

using namespace brew::lab;

constexpr int kExitFailed = 1;
constexpr int kExitUsage = brew::cli::kUsageExit;

// The fd an isolated run reports on (see isolated_run.h).
constexpr int kChildReportFd = 3;

std::string SelfExe() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "labrun" : path.string();
}

// Loads every file; all problems are reported, and nothing runs if any.
bool LoadAll(const std::vector<std::string>& paths, std::vector<Scenario>* scenarios) {
  std::vector<Diagnostic> problems;
  for (const std::string& file : ExpandScenarioPaths(paths, &problems)) {
    LoadResult loaded = LoadScenarioFile(file);
    problems.insert(problems.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.ok()) scenarios->push_back(std::move(*loaded.scenario));
  }
  std::map<std::string, std::string> names;
  for (const Scenario& s : *scenarios) {
    auto [it, fresh] = names.emplace(s.name, s.file);
    if (!fresh) {
      problems.push_back({s.file, 0, 0,
                          "scenario name \"" + s.name + "\" is also used by " + it->second +
                              " (names must be unique in a run)"});
    }
  }
  for (const Diagnostic& d : problems) std::cerr << d.ToString() << '\n';
  if (!problems.empty())
    std::cerr << "labrun: " << problems.size() << " problem(s); nothing was run\n";
  return problems.empty();
}

}  // namespace

int main(int argc, char** argv) {
  brew::QuietGrpcLogs();

  brew::cli::FlagSet flags("labrun",
                           "Run brewlab scenarios (YAML) and check them against the lesson.");
  CLI::App& app = flags.app();
  std::vector<std::string> paths;
  std::string report_dir = "build/lab-reports";
  std::string filter, server_cmd, target, server_log, child_run, junit, results, shard_text, kafka;
  std::string html, trace, target_config, prairielearn, summary_md;
  bool list = false, in_process = false, server_extensions = false;
  int jobs = 1, repeat = 1;
  std::optional<brew::Duration> timeout_cap;
  app.add_option("paths", paths, "scenario files, or directories of *.yaml")->required();
  flags.AddString("--report-dir", &report_dir, "where the JSON reports go");
  app.add_flag("--list", list, "list the scenarios with their descriptions; run nothing");
  flags.AddString("--filter", &filter, "run only scenarios whose name matches this regex");
  app.add_option("--jobs,-j", jobs, "scenarios to run at once")->check(CLI::Range(1, 64));
  app.add_option("--repeat", repeat, "run each scenario N times; report FLAKY ones")
      ->check(CLI::Range(1, 10000));
  flags.AddOptionalDuration("--timeout", &timeout_cap,
                            "cap every scenario's timeout at this (Go duration)");
  flags.AddString("--server-cmd", &server_cmd,
                  "start this server program per scenario ({addr} {port} {tick} {echo_delay} "
                  "{read_delay}; {kafka} {kafka_topic} {orders_from} for the Kafka scenarios)");
  flags.AddString("--target", &target, "run against a server already running at HOST:PORT");
  flags.AddString("--server-log", &server_log, "with --target: the server's log file");
  flags.AddString("--target-config", &target_config,
                  "with --target: the settings it runs with, e.g. tick=1s,echo_delay=200ms "
                  "(else read from its start line in --server-log, else the lesson's defaults)");
  app.add_flag("--server-extensions", server_extensions,
               "with --server-cmd or --target: the server has brewlab's extensions "
               "(message_bytes, brewlab's log lines), so scenarios that need them run");
  flags.AddString("--kafka", &kafka,
                  "run the Kafka scenarios against this cluster (HOST:PORT), each on a topic of "
                  "its own, instead of an embedded broker");
  flags.AddString("--junit", &junit, "also write a JUnit XML report to this file");
  flags.AddString("--results", &results, "also write Gradescope's results.json to this file");
  flags.AddString("--prairielearn", &prairielearn,
                  "also write PrairieLearn's external-grading results.json to this file");
  flags.AddString(
      "--summary-md", &summary_md,
      "also append a Markdown summary to this file (default: $GITHUB_STEP_SUMMARY, if set)");
  flags.AddString("--html", &html, "also write the run as one self-contained HTML page");
  flags.AddString("--trace", &trace,
                  "also write the run as a Chrome trace (Perfetto UI, chrome://tracing)");
  flags.AddString("--shard", &shard_text, "run only slice I of N (I/N) of the scenarios");
  app.add_flag("--in-process", in_process,
               "run scenarios inside labrun itself, not in child processes (for debuggers)");
  app.add_option("--child-run", child_run)->group("");  // internal: one isolated run
  if (argc == 1) {                                      // nothing to run: say how
    std::cerr << app.help();
    return kExitUsage;
  }
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;

  if (!server_cmd.empty() && !target.empty()) {
    return flags.UsageError("--target", "cannot be used with --server-cmd");
  }
  if (!server_log.empty() && target.empty()) {
    return flags.UsageError("--server-log", "goes with --target");
  }
  if (!target_config.empty() && target.empty()) {
    return flags.UsageError("--target-config", "goes with --target");
  }
  if (server_extensions && target.empty() && server_cmd.empty()) {
    return flags.UsageError("--server-extensions", "goes with --server-cmd or --target");
  }
  std::optional<Shard> shard;
  if (!shard_text.empty()) {
    std::string error;
    shard = ParseShard(shard_text, &error);
    if (!shard) return flags.UsageError("--shard", error);
  }
  RunOptions run;
  run.timeout_cap = timeout_cap;
  if (!server_cmd.empty()) {
    run.server.kind = ServerSpec::Kind::kCommand;
    run.server.command = server_cmd;
  } else if (!target.empty()) {
    run.server.kind = ServerSpec::Kind::kTarget;
    run.server.target = target;
    run.server.log_file = server_log;
    std::string error;
    if (!target_config.empty()) {
      if (!ParseTargetConfig(target_config, &run.server.target_settings, &error)) {
        return flags.UsageError("--target-config", error);
      }
    } else if (!server_log.empty()) {
      TargetSettingsFromLog(server_log, &run.server.target_settings);
    }
  }
  run.server.extensions = server_extensions;
  if (!kafka.empty()) {
    std::string host, error;
    int port = 0;
    if (!brew::SplitHostPort(kafka, &host, &port, &error) || host.empty() || port == 0) {
      return flags.UsageError("--kafka", "want HOST:PORT of a Kafka broker, got \"" + kafka + "\"");
    }
    run.server.kafka = kafka;
  }

  std::vector<Scenario> scenarios;
  if (!child_run.empty()) {  // labrun --child-run FILE: one isolated run
    if (!LoadAll({child_run}, &scenarios) || scenarios.size() != 1) return kExitUsage;
    return RunAsChild(scenarios.front(), run, kChildReportFd);
  }
  if (!LoadAll(paths, &scenarios)) return kExitUsage;

  if (!filter.empty()) {
    if (const auto why = RegexRefusal(filter)) {
      return flags.UsageError("--filter", "the regex " + *why);
    }
    std::regex re;
    try {
      re = std::regex(filter);
    } catch (const std::regex_error& e) {
      return flags.UsageError("--filter", "bad regex \"" + filter + "\": " + e.what());
    }
    std::vector<Scenario> kept;
    for (Scenario& s : scenarios) {
      if (std::regex_search(s.name, re)) kept.push_back(std::move(s));
    }
    scenarios = std::move(kept);
    if (scenarios.empty())
      return flags.UsageError("--filter", "\"" + filter + "\" matches no scenario");
  }

  if (shard) {
    std::vector<Scenario> kept;
    for (Scenario& s : scenarios) {
      if (InShard(s.name, *shard)) kept.push_back(std::move(s));
    }
    scenarios = std::move(kept);
  }

  if (list) {
    PrintScenarioList(std::cout, scenarios);
    return 0;
  }

  std::error_code ec;
  std::filesystem::create_directories(report_dir, ec);
  if (ec)
    return flags.UsageError("--report-dir",
                            "cannot create \"" + report_dir + "\": " + ec.message());

  SuiteOptions options;
  options.jobs = jobs;
  options.repeat = repeat;
  options.run = run;
  std::vector<std::string> write_errors;
  options.on_finished = [&](ScenarioSummary& summary, const ScenarioResult& shown) {
    PrintScenarioResult(std::cout, shown, summary.runs, summary.failures);
    std::cout.flush();
    summary.report = ReportFileName(summary.name);
    std::string error;
    if (!WriteJson(report_dir + "/" + summary.report, ScenarioReport(shown), &error)) {
      write_errors.push_back(error);
    }
  };
  if (!in_process) {
    // The child gets the same server and cap; the scenario by its file.
    std::vector<std::string> base = {SelfExe()};
    if (timeout_cap) base.insert(base.end(), {"--timeout", brew::FormatDuration(*timeout_cap)});
    if (!server_cmd.empty()) base.insert(base.end(), {"--server-cmd", server_cmd});
    if (!target.empty()) base.insert(base.end(), {"--target", target});
    if (!server_log.empty()) base.insert(base.end(), {"--server-log", server_log});
    if (!target.empty()) {
      const TargetSettings& t = run.server.target_settings;
      base.insert(base.end(),
                  {"--target-config", "tick=" + brew::FormatDuration(t.tick) +
                                          ",echo_delay=" + brew::FormatDuration(t.echo_delay) +
                                          ",read_delay=" + brew::FormatDuration(t.read_delay)});
    }
    if (server_extensions) base.push_back("--server-extensions");
    if (!kafka.empty()) base.insert(base.end(), {"--kafka", kafka});
    options.child_argv = [base](const Scenario& s) {
      std::vector<std::string> argv = base;
      argv.insert(argv.end(), {"--child-run", s.file, s.file});
      return argv;
    };
  }

  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = brew::FormatTimestamp(std::chrono::system_clock::now());
  SuiteOutcome outcome = RunSuite(scenarios, options);

  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string error;
  if (!WriteJson(report_dir + "/index.json", IndexReport(outcome.scenarios, started_at, ms),
                 &error)) {
    write_errors.push_back(error);
  }
  if (!junit.empty() && !WriteText(junit, JUnitXml(outcome.scenarios, outcome.results), &error)) {
    write_errors.push_back(error);
  }
  if (!results.empty() &&
      !WriteJson(results, GradescopeResults(outcome.scenarios, outcome.results), &error)) {
    write_errors.push_back(error);
  }
  // The page beside index.json is always this run's, never a stale one.
  const std::string page = HtmlReport(outcome.scenarios, outcome.results, started_at, ms);
  if (!WriteText(report_dir + "/index.html", page, &error)) write_errors.push_back(error);
  if (!html.empty() && html != report_dir + "/index.html" && !WriteText(html, page, &error)) {
    write_errors.push_back(error);
  }
  if (!prairielearn.empty() &&
      !WriteText(prairielearn, PrairieLearnResults(outcome.scenarios, outcome.results), &error)) {
    write_errors.push_back(error);
  }
  if (summary_md.empty()) {
    if (const char* github = std::getenv("GITHUB_STEP_SUMMARY"); github != nullptr)
      summary_md = github;
  }
  if (!summary_md.empty()) {
    std::ofstream out(summary_md, std::ios::app);
    out << MarkdownSummary(outcome.scenarios, outcome.results) << '\n';
    out.flush();
    if (!out) write_errors.push_back("cannot append the summary to " + summary_md);
  }
  if (!trace.empty() && !WriteJson(trace, TraceJson(outcome.results), &error)) {
    write_errors.push_back(error);
  }
  PrintTotals(std::cout, outcome.passed, outcome.failed, outcome.flaky, outcome.skipped);
  std::cout << ScoreLine(outcome.scenarios) << '\n';
  for (const std::string& e : write_errors) std::cerr << "labrun: " << e << '\n';
  if (!write_errors.empty()) return kExitUsage;
  return outcome.failed > 0 ? kExitFailed : 0;
}
