// Runs a list of scenarios (each SKIP, target_fit.h, once and without a
// run): each `repeat` times, up to `jobs` at once (each
// run has its own server and port), and hands each scenario's tally and the
// run worth showing to the caller as soon as its last run ends. The run stage
// prints and writes nothing: labrun's main passes what the report stage does.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "runner/result/result.h"
#include "runner/run/executor.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

struct SuiteOptions {
  int jobs = 1;
  int repeat = 1;
  RunOptions run;  // the server and the timeout cap
  // Non-empty: each run happens in a child process started with the argv
  // this returns for the scenario (see isolated_run.h). Empty: in-process.
  std::function<std::vector<std::string>(const Scenario&)> child_argv;
  // Called once per scenario, as soon as its last run ends, with its tally
  // and the run to show (the first failing one, else the last). Calls are
  // serialised (never two at once), so it may print and write files; it may
  // fill in `summary.report`.
  std::function<void(ScenarioSummary& summary, const ScenarioResult& shown)> on_finished;
};

struct SuiteOutcome {
  std::vector<ScenarioSummary> scenarios;  // in the input order
  std::vector<ScenarioResult> results;     // the run shown for each, same order
  int passed = 0;
  int failed = 0;  // including flaky
  int flaky = 0;
  int skipped = 0;  // needs the server lacks (target_fit.h); never run
};

SuiteOutcome RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options);

}  // namespace brew::lab
