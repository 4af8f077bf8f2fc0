// PrairieLearn's external-grading results (/grade/results/results.json):
//
//   {"gradable": true,
//    "score": 0.75,                      passed points / all points, 0..1
//    "message": "3 passed, 1 failed; score 6/8",
//    "output": "<the console's verdict lines>",
//    "tests": [{"name": "bidi_divergence", "description": "...",
//               "points": 2, "max_points": 2,
//               "message": "passed" | the first failure in one line,
//               "output": the failure text (FailureText, junit.h)}, ...]}
//
// PrairieLearn reads the file only when the grading script exits 0, and
// rejects a file over 1 MiB: the document is kept under kMaxBytes by
// cutting the tests' outputs (longest first), each cut saying so. A SKIP
// (a need the server lacks) is listed with 0 of 0 points.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runner/result/result.h"

namespace brew::lab {

inline constexpr std::size_t kPrairieLearnMaxBytes = 1000 * 1000;  // under PrairieLearn's 1 MiB

// The document, serialized (newline-terminated), at most `max_bytes` long.
std::string PrairieLearnResults(const std::vector<ScenarioSummary>& summaries,
                                const std::vector<ScenarioResult>& results,
                                std::size_t max_bytes = kPrairieLearnMaxBytes);

}  // namespace brew::lab
