// Checks a scenario's expectations against what happened: the timeline and
// the streams' outcomes. Each verdict carries a detail in words a student
// can act on -- what was expected, what happened, and when.
#pragma once

#include <vector>

#include "runner/result.h"
#include "runner/scenario.h"

namespace brew::lab {

std::vector<ExpectationResult> CheckExpectations(const Scenario& scenario,
                                                 const std::vector<TimelineEvent>& events,
                                                 const std::vector<StreamOutcome>& streams);

}  // namespace brew::lab
