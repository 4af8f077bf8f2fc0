// Checks a scenario's expectations against what happened: the timeline and
// the streams' outcomes. Each verdict carries a detail in words a student
// can act on -- what was expected, what happened, and when.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runner/result/result.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// What a consumer group had committed when the run ended, for `committed`
// expectations: the sum of its offsets, or why it could not be read.
struct GroupCommitted {
  std::optional<int64_t> total;
  std::string error;
};
using CommittedByGroup = std::map<std::string, GroupCommitted>;

// Without `server_log` (a --target with no --server-log), every expectation
// that needs the server's log lines passes as skipped: its detail starts
// with "skipped: " (never reported as a pass it did not earn). `committed`
// holds every group a `committed` expectation names.
std::vector<ExpectationResult> CheckExpectations(const Scenario& scenario,
                                                 const std::vector<TimelineEvent>& events,
                                                 const std::vector<StreamOutcome>& streams,
                                                 bool server_log = true,
                                                 const CommittedByGroup& committed = {});

}  // namespace brew::lab
