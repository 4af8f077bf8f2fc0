// labrun --trace FILE: the run in the Chrome Trace Event Format
// ({"traceEvents": [...]}), which Perfetto UI and chrome://tracing open.
// A process per scenario (pid = 1 + its index in the run), a thread (track)
// per client stream and one (tid 0) for the server; every event of the
// timeline is there, sends and receives as short complete events with flow
// arrows where the pairing is known. Format and pairing: docs/timeline-views.md.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "runner/result/result.h"

namespace brew::lab {

// Pure: the same results give the same document. Timestamps are in
// microseconds from each scenario's start.
nlohmann::json TraceJson(const std::vector<ScenarioResult>& results);

}  // namespace brew::lab
