// Runs a list of scenarios: each `repeat` times, up to `jobs` at once (each
// run has its own server and port), printing each scenario's verdict as it
// completes and writing its report.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <functional>

#include "runner/executor.h"
#include "runner/report.h"
#include "runner/scenario.h"

namespace brew::lab {

struct SuiteOptions {
  int jobs = 1;
  int repeat = 1;
  std::string report_dir;  // "" : no reports
  RunOptions run;          // the server and the timeout cap
  // Non-empty: each run happens in a child process started with the argv
  // this returns for the scenario (see isolated_run.h). Empty: in-process.
  std::function<std::vector<std::string>(const Scenario&)> child_argv;
};

struct SuiteOutcome {
  std::vector<ScenarioSummary> scenarios;  // in the input order
  std::vector<ScenarioResult> results;     // the run shown for each, same order
  std::vector<std::string> write_errors;   // reports that could not be written
  int passed = 0;
  int failed = 0;  // including flaky
  int flaky = 0;
};

SuiteOutcome RunSuite(const std::vector<Scenario>& scenarios, const SuiteOptions& options,
                      std::ostream& out);

}  // namespace brew::lab
