// labrun --html FILE: the run as one self-contained HTML page (inline CSS
// and script, no network): the scenarios with pass/fail, points and
// duration; each one's description, expectations (failed first) and its
// timeline drawn as SVG. The run's data is embedded as JSON (each scenario's
// report, docs/report-format.md) and a small inline script draws it.
// Page: docs/timeline-views.md.
#pragma once

#include <string>
#include <vector>

#include "runner/report/report.h"
#include "runner/result/result.h"

namespace brew::lab {

// `summaries` and `results` are in the same order (SuiteOutcome's).
std::string HtmlReport(const std::vector<ScenarioSummary>& summaries,
                       const std::vector<ScenarioResult>& results, const std::string& started_at,
                       double duration_ms);

// The JSON the page embeds (for tests): {"started_at", "duration_ms",
// "scenarios": [{"runs", "failures", "flaky", "report": <scenario report>}]}.
nlohmann::json HtmlData(const std::vector<ScenarioSummary>& summaries,
                        const std::vector<ScenarioResult>& results, const std::string& started_at,
                        double duration_ms);

}  // namespace brew::lab
