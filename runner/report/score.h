// The grade in one line, for the end of labrun's output.
#pragma once

#include <string>
#include <vector>

#include "runner/report/report.h"

namespace brew::lab {

// "score: 17/20": the points of the passed scenarios (ScenarioSummary::
// passed(), so a FLAKY scenario scores nothing) over all their points; a
// SKIP counts in neither.
std::string ScoreLine(const std::vector<ScenarioSummary>& summaries);

}  // namespace brew::lab
