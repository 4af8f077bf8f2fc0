// Checks a scenario's expectations against what happened: the timeline and
// the streams' outcomes. Each verdict carries a detail in words a student
// can act on -- what was expected, what happened, and when.
#pragma once

#include <vector>

#include "runner/result/result.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// Without `server_log` (a --target with no --server-log), every expectation
// that needs the server's log lines passes as skipped: its detail starts
// with "skipped: " (never reported as a pass it did not earn).
std::vector<ExpectationResult> CheckExpectations(const Scenario& scenario,
                                                 const std::vector<TimelineEvent>& events,
                                                 const std::vector<StreamOutcome>& streams,
                                                 bool server_log = true);

}  // namespace brew::lab
