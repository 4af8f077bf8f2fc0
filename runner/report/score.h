// The grade in one line, for the end of labrun's output.
#pragma once

#include <string>
#include <vector>

#include "runner/report/report.h"

namespace brew::lab {

// A run's totals, as every report counts them: a scenario passed
// (ScenarioSummary::passed(), so a FLAKY one failed) or failed; a SKIP is
// neither, and out of the points. score is the passed scenarios' points,
// max_score all the points but the SKIPs'.
struct RunTotals {
  int passed = 0;
  int failed = 0;
  int skipped = 0;
  long score = 0;
  long max_score = 0;
};
RunTotals CountTotals(const std::vector<ScenarioSummary>& summaries);

// "16 passed, 1 failed, 2 skipped; score 18/20" (", N skipped" only when
// N > 0): Gradescope's output and PrairieLearn's message.
std::string TotalsLine(const RunTotals& totals);

// "score: 17/20": the end of labrun's output.
std::string ScoreLine(const std::vector<ScenarioSummary>& summaries);

}  // namespace brew::lab
