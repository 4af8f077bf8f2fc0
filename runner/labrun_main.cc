// labrun: runs brewlab's YAML scenarios against an in-process server and
// says whether each behaved as the lesson says.
//
//   labrun [options] FILE|DIR...
//
// Exit codes: 0 every scenario passed; 1 some failed; 2 usage error or an
// invalid scenario (then nothing runs).
#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <regex>
#include <set>

#include "core/util/grpc_log.h"
#include "core/util/logger.h"
#include "runner/console.h"
#include "runner/scenario_loader.h"
#include "runner/suite.h"

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int Usage(const std::string& message) {
  std::cerr << "labrun: " << message << '\n';
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace brew::lab;
  brew::QuietGrpcLogs();

  CLI::App app{"labrun: run brewlab scenarios (YAML) against an in-process streaming server"};
  std::vector<std::string> paths;
  std::string report_dir = "build/lab-reports";
  std::string filter;
  bool list = false;
  int jobs = 1;
  int repeat = 1;
  app.add_option("paths", paths, "scenario files, or directories of *.yaml")->required();
  app.add_option("--report-dir", report_dir, "where the JSON reports go")->capture_default_str();
  app.add_flag("--list", list, "list the scenarios with their descriptions; run nothing");
  app.add_option("--filter", filter, "run only scenarios whose name matches this regex");
  app.add_option("--jobs,-j", jobs, "scenarios to run at once")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app.add_option("--repeat", repeat, "run each scenario N times; report FLAKY ones")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return Usage(e.what());
  }

  // Every file is loaded and validated before anything runs.
  std::vector<Diagnostic> problems;
  const std::vector<std::string> files = ExpandScenarioPaths(paths, &problems);
  std::vector<Scenario> scenarios;
  for (const std::string& file : files) {
    LoadResult loaded = LoadScenarioFile(file);
    problems.insert(problems.end(), loaded.diagnostics.begin(), loaded.diagnostics.end());
    if (loaded.ok()) scenarios.push_back(std::move(*loaded.scenario));
  }
  std::map<std::string, std::string> names;
  for (const Scenario& s : scenarios) {
    auto [it, fresh] = names.emplace(s.name, s.file);
    if (!fresh) {
      problems.push_back({s.file, 0, 0,
                          "scenario name \"" + s.name + "\" is also used by " + it->second +
                              " (names must be unique in a run)"});
    }
  }
  if (!problems.empty()) {
    for (const Diagnostic& d : problems) std::cerr << d.ToString() << '\n';
    std::cerr << "labrun: " << problems.size() << " problem(s); nothing was run\n";
    return kExitUsage;
  }

  if (!filter.empty()) {
    std::regex re;
    try {
      re = std::regex(filter);
    } catch (const std::regex_error& e) {
      return Usage("--filter: bad regex \"" + filter + "\": " + e.what());
    }
    std::vector<Scenario> kept;
    for (Scenario& s : scenarios) {
      if (std::regex_search(s.name, re)) kept.push_back(std::move(s));
    }
    scenarios = std::move(kept);
    if (scenarios.empty()) return Usage("--filter \"" + filter + "\" matches no scenario");
  }

  if (list) {
    PrintScenarioList(std::cout, scenarios);
    return 0;
  }

  std::error_code ec;
  std::filesystem::create_directories(report_dir, ec);
  if (ec) return Usage("--report-dir: cannot create \"" + report_dir + "\": " + ec.message());

  const auto started = std::chrono::steady_clock::now();
  const std::string started_at = brew::FormatTimestamp(std::chrono::system_clock::now());
  SuiteOptions options;
  options.jobs = jobs;
  options.repeat = repeat;
  options.report_dir = report_dir;
  SuiteOutcome outcome = RunSuite(scenarios, options, std::cout);

  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  std::string error;
  if (!WriteJson(report_dir + "/index.json", IndexReport(outcome.scenarios, started_at, ms),
                 &error)) {
    outcome.write_errors.push_back(error);
  }
  PrintTotals(std::cout, outcome.passed, outcome.failed, outcome.flaky);
  for (const std::string& e : outcome.write_errors) std::cerr << "labrun: " << e << '\n';
  if (!outcome.write_errors.empty()) return kExitUsage;
  return outcome.failed > 0 ? kExitFailed : 0;
}
