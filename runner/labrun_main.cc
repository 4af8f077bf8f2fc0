// labrun: runs brewlab's YAML scenarios and says whether each behaved as
// the lesson says.
//
//   labrun [options] FILE|DIR...
//
// Each scenario runs in a child process of its own (labrun itself, with
// --child-run), against a fresh server: brewlab's own in-process by
// default, a program per scenario with --server-cmd, or a running one with
// --target. Exit codes: 0 every scenario passed; 1 some failed; 2 a usage
// error or an invalid scenario (then nothing runs); 3 the run finished but
// a report could not be written (runner/cli/labrun_options.h).
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <regex>

#include "core/util/grpc_log.h"
#include "runner/cli/labrun_options.h"
#include "runner/cli/report_files.h"
#include "runner/report/console.h"
#include "runner/report/report.h"
#include "runner/report/score.h"
#include "runner/run/isolated_run.h"
#include "runner/run/suite.h"
#include "runner/scenario/scenario_loader.h"

namespace {

using namespace brew::lab;

// The fd an isolated run reports on (see isolated_run.h).
constexpr int kChildReportFd = 3;

std::string SelfExe() {
  std::error_code ec;
  const auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? "labrun" : path.string();
}

int UsageError(const std::string& flag, const std::string& problem) {
  std::cerr << "labrun: " << flag << ": " << problem << '\n';
  return kExitUsage;
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

// The scenarios `keep` says yes to, in file order.
template <typename Keep>
std::vector<Scenario> Kept(std::vector<Scenario> scenarios, Keep keep) {
  std::vector<Scenario> kept;
  for (Scenario& s : scenarios) {
    if (keep(s)) kept.push_back(std::move(s));
  }
  return kept;
}

}  // namespace

int main(int argc, char** argv) {
  brew::QuietGrpcLogs();
  LabrunOptions options;
  if (const auto exit_code = ParseLabrunArgs(argc, argv, &options)) return *exit_code;
  const RunOptions run = ToRunOptions(options);

  std::vector<Scenario> scenarios;
  if (!options.child_run.empty()) {  // labrun --child-run FILE: one isolated run
    if (!LoadAll({options.child_run}, &scenarios) || scenarios.size() != 1) return kExitUsage;
    return RunAsChild(scenarios.front(), run, kChildReportFd);
  }
  if (!LoadAll(options.paths, &scenarios)) return kExitUsage;
  if (!options.filter.empty()) {
    const std::regex filter(options.filter);  // checked by ParseLabrunArgs
    scenarios = Kept(std::move(scenarios),
                     [&](const Scenario& s) { return std::regex_search(s.name, filter); });
    if (scenarios.empty()) {
      return UsageError("--filter", "\"" + options.filter + "\" matches no scenario");
    }
  }
  if (const std::optional<Shard> shard = ShardOf(options)) {
    scenarios =
        Kept(std::move(scenarios), [&](const Scenario& s) { return InShard(s.name, *shard); });
  }
  if (options.list) {
    PrintScenarioList(std::cout, scenarios);
    return kExitPassed;
  }

  std::error_code ec;
  std::filesystem::create_directories(options.report_dir, ec);
  if (ec) {
    return UsageError("--report-dir",
                      "cannot create \"" + options.report_dir + "\": " + ec.message());
  }

  SuiteOptions suite;
  suite.jobs = options.jobs;
  suite.repeat = options.repeat;
  suite.run = run;
  std::vector<std::string> write_errors;
  suite.on_finished = [&](ScenarioSummary& summary, const ScenarioResult& shown) {
    PrintScenarioResult(std::cout, shown, summary.runs, summary.failures);
    std::cout.flush();
    summary.report = ReportFileName(summary.name);
    std::string error;
    if (!WriteJson(options.report_dir + "/" + summary.report, ScenarioReport(shown), &error)) {
      write_errors.push_back(error);
    }
  };
  if (!options.in_process) {
    suite.child_argv = [&options, self = SelfExe()](const Scenario& s) {
      return ToChildArgv(options, self, s.file);
    };
  }

  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = brew::FormatTimestamp(std::chrono::system_clock::now());
  const SuiteOutcome outcome = RunSuite(scenarios, suite);
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  for (std::string& e : WriteRunReports(options, outcome, started_at, ms)) {
    write_errors.push_back(std::move(e));
  }

  PrintTotals(std::cout, outcome.passed, outcome.failed, outcome.flaky, outcome.skipped);
  std::cout << ScoreLine(outcome.scenarios) << '\n';
  for (const std::string& e : write_errors) std::cerr << "labrun: " << e << '\n';
  if (!write_errors.empty()) return kExitReportNotWritten;
  return outcome.failed > 0 ? kExitFailed : kExitPassed;
}
