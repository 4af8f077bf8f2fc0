// Gradescope autograder results (results.json), as documented in
// Gradescope's "Autograder Specifications" (gradescope-autograders.
// readthedocs.io/en/latest/specs/): one test per scenario.
//
//   {"score": 3,                         sum of the points of passed scenarios
//    "max_score": 4,                     sum of all points (see below)
//    "execution_time": 2,                seconds (int): the shown runs' durations, summed
//    "output": "2 passed, 1 failed; score 3/4",
//    "test_output_format": "text",       tests' output is plain text (shown verbatim)
//    "extra_data": {"max_score": 4, "passed": 2, "failed": 1},
//    "tests": [{"name": "bidi_divergence", "number": "1",
//               "score": 1, "max_score": 1, "status": "passed",
//               "output": "<description>\n"}, ...]}
//
// Gradescope documents no top-level "max_score" (an assignment's maximum is
// set on Gradescope, and the tests' max_score fields add up to it); we write
// it anyway, for graders that read the file themselves, and keep it in the
// documented "extra_data" too. A test's "output" is the
// scenario's description on one line, then, for a failed scenario, the same
// failure text as JUnit's <failure> (FailureText in junit.h), then a line
// per skipped expectation (IsSkipped in junit.h). Strings are made valid
// UTF-8 (invalid bytes become U+FFFD), so dump() never throws on them.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "runner/report/report.h"
#include "runner/result/result.h"

namespace brew::lab {

// `summaries[i]` and `results[i]` describe the same scenario (SuiteOutcome's
// scenarios and results); a missing results[i] counts as an empty run.
// Pass/fail and points come from the summary (a FLAKY scenario failed).
nlohmann::json GradescopeResults(const std::vector<ScenarioSummary>& summaries,
                                 const std::vector<ScenarioResult>& results);

}  // namespace brew::lab
