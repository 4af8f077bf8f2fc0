// What one run of a scenario produced: the timeline, each stream's outcome,
// each expectation's verdict, and why the run failed if it did.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/timeline/timeline.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// How a client stream ended, as its client function reported it.
struct StreamOutcome {
  std::string id;
  StreamKind kind = StreamKind::kSubscribe;
  bool done = false;                    // the client function returned
  StatusCode status = StatusCode::kOk;  // how it ended (when done)
  std::string message;                  // the status message (when done)
  int sent = 0;
  int received = 0;
  struct Summary {
    int64_t received = 0, accepted = 0, rejected = 0, total_cents = 0;
  };
  std::optional<Summary> summary;  // upload streams that ended OK
};

struct ExpectationResult {
  std::string expect;  // the expectation in one line (Expectation::Describe)
  std::string source;  // "FILE:LINE:COLUMN" of the expectation
  bool passed = false;
  // It could not be checked (e.g. a log expectation against a --target
  // without --server-log): neither a pass nor a failure, and out of no
  // total. `detail` says why.
  bool skipped = false;
  std::string detail;  // what was expected and what happened, in words
  // The events around the failure (empty when it passed), for the console.
  std::vector<TimelineEvent> context;
};

// Whether a result is a skipped check: never a failure, and never reported
// as a pass it did not earn.
inline bool IsSkipped(const ExpectationResult& result) { return result.skipped; }

struct ScenarioResult {
  std::string name;
  std::string file;
  std::string description;
  int points = 1;
  bool passed = false;
  // Why the run itself failed, if it did: the server did not start, a wait
  // timed out, the scenario's timeout passed. Empty otherwise.
  std::string error;
  std::vector<TimelineEvent> error_context;  // the last events before `error`
  // An isolated run that crashed or hung: the last lines its process wrote
  // (a sanitizer report, an abort message), for the student.
  std::vector<std::string> process_output;

  // Why the scenario was not run against this server (target_fit.h: it
  // needs what the server lacks), e.g. "needs brewlab's read_delay (...)";
  // empty when it ran. A skipped scenario neither passes nor fails.
  std::string skipped;

  std::string started_at;  // RFC 3339 UTC
  double duration_ms = 0;
  std::string server_addr;
  Duration tick{}, echo_delay{};

  std::vector<StreamOutcome> streams;  // in step order
  std::vector<TimelineEvent> events;   // the whole timeline, in time order
  std::vector<ExpectationResult> expectations;
};

// One scenario's tally over its runs (several with --repeat): a line of
// the index report and of every grading format.
struct ScenarioSummary {
  std::string name;
  std::string file;
  int points = 1;
  int runs = 0;
  int failures = 0;
  double duration_ms = 0;  // of the reported run
  std::string report;      // the report's file name, relative to the index
  std::string skipped;     // why it was a SKIP (ScenarioResult::skipped); runs 0
  bool passed() const { return failures == 0 && skipped.empty(); }
  bool flaky() const { return failures > 0 && failures < runs; }
};

}  // namespace brew::lab
