#include "runner/run/suite.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

#include "core/util/logger.h"
#include "core/util/mutex.h"
#include "runner/run/executor.h"
#include "runner/run/isolated_run.h"
#include "runner/run/target_fit.h"

namespace brew::lab {
namespace {

// All runs of one scenario: the run to report is the first failing one
// (the one worth reading), else the last.
struct Tally {
  int runs = 0;
  int failures = 0;
  bool have_shown = false;
  ScenarioResult shown;
};

}  // namespace

SuiteOutcome RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options) {
  const int repeat = std::max(1, options.repeat);
  std::vector<Tally> tallies(scenarios.size());
  SuiteOutcome outcome;
  outcome.scenarios.resize(scenarios.size());
  outcome.results.resize(scenarios.size());
  brew::Mutex mu;  // guards tallies and outcome, and serialises on_finished

  // Work items are (scenario, run); each worker takes the next one.
  const size_t total = scenarios.size() * static_cast<size_t>(repeat);
  std::atomic<size_t> next{0};
  auto finish = [&](size_t index) {
    const Scenario& s = scenarios[index];
    Tally& t = tallies[index];
    ScenarioSummary& summary = outcome.scenarios[index];
    summary.name = s.name;
    summary.file = s.file;
    summary.points = s.points;
    summary.runs = t.runs;
    summary.failures = t.failures;
    summary.duration_ms = t.shown.duration_ms;
    summary.skipped = t.shown.skipped;
    outcome.results[index] = t.shown;
    if (options.on_finished) options.on_finished(summary, t.shown);
  };
  auto worker = [&] {
    for (size_t item = next++; item < total; item = next++) {
      const size_t index = item / static_cast<size_t>(repeat);
      const Scenario& scenario = scenarios[index];
      const std::optional<std::string> skip = SkipReason(scenario, options.run.server);
      if (skip && item % static_cast<size_t>(repeat) != 0) continue;  // said once is enough
      ScenarioResult result;
      if (skip) {
        result = NewResult(scenario, options.run.server);
        result.started_at = FormatTimestamp(std::chrono::system_clock::now());
        result.skipped = *skip;  // and result.passed stays false: a SKIP is not a pass
      } else if (options.child_argv) {
        result = RunIsolated(scenario, options.run, options.child_argv(scenario));
      } else {
        result = RunScenario(scenario, options.run);
      }
      brew::MutexLock lock(&mu);
      Tally& t = tallies[index];
      ++t.runs;
      if (!result.passed && !skip) ++t.failures;
      if (!t.have_shown || (!result.passed && t.failures == 1) || (t.failures == 0)) {
        t.shown = std::move(result);
        t.have_shown = true;
      }
      if (t.runs == repeat || skip) {
        if (skip) t.runs = 0;
        finish(index);
      }
    }
  };
  std::vector<std::thread> workers;
  const int jobs = std::max(1, std::min<int>(options.jobs, static_cast<int>(total)));
  for (int i = 0; i < jobs; ++i) workers.emplace_back(worker);
  for (std::thread& w : workers) w.join();

  for (const ScenarioSummary& s : outcome.scenarios) {
    if (!s.skipped.empty()) {
      ++outcome.skipped;
    } else if (s.passed()) {
      ++outcome.passed;
    } else {
      ++outcome.failed;
    }
    if (s.flaky()) ++outcome.flaky;
  }
  return outcome;
}

}  // namespace brew::lab
