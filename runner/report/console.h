// What labrun prints while it runs: a line per scenario as it finishes,
// and for a failure, each failed expectation as expected / got / around
// (the events near the failure), then a compact timeline of the events
// around the first failure, so a student in a CI log can act on it.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runner/result/result.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// "PASS bidi_divergence  0.41s", or "FAIL ..." followed by the details.
// `runs`/`failures` describe --repeat (runs > 1): "FLAKY x  2 of 50 runs
// failed"; `result` is then the run to show (the first failing one).
void PrintScenarioResult(std::ostream& out, const ScenarioResult& result, int runs = 1,
                         int failures = 0);

// How many events the failure timeline shows.
inline constexpr size_t kFailureTimelineEvents = 12;

// The `max` consecutive events of `events` (the whole timeline) centred on
// `context` (events copied from it, e.g. an expectation's context), and in
// `marked` which of them are in `context`. Empty when `context` is empty or
// none of it is in `events`. Used for the timeline printed on failure.
std::vector<TimelineEvent> FailureTimeline(const std::vector<TimelineEvent>& events,
                                           const std::vector<TimelineEvent>& context, size_t max,
                                           std::vector<bool>* marked);

// `labrun --list`: each scenario's name, file and points, and its
// description wrapped to the terminal's usual 80 columns.
void PrintScenarioList(std::ostream& out, const std::vector<Scenario>& scenarios);

// "12 passed, 1 failed" (and a "N flaky" line before it when N > 0), then
// ", 2 skipped" when scenarios were SKIPs. "SKIP name  reason" is a
// scenario's line when it was not run (PrintScenarioResult).
void PrintTotals(std::ostream& out, int passed, int failed, int flaky, int skipped = 0);

}  // namespace brew::lab
