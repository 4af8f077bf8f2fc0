#include "runner/report/gradescope.h"

#include <cmath>
#include <sstream>
#include <string>

#include "runner/report/junit.h"
#include "runner/report/score.h"
#include "runner/report/utf8.h"
#include "runner/result/result.h"

namespace brew::lab {
namespace {

// Whitespace runs (line breaks included) as single spaces, trimmed.
std::string OneLineWords(const std::string& text) {
  std::istringstream words(text);
  std::string out;
  for (std::string word; words >> word;) out += (out.empty() ? "" : " ") + word;
  return out;
}

}  // namespace

nlohmann::json GradescopeResults(const std::vector<ScenarioSummary>& summaries,
                                 const std::vector<ScenarioResult>& results) {
  static const ScenarioResult kNoRun;
  const RunTotals totals = CountTotals(summaries);
  double ms = 0;
  nlohmann::json tests = nlohmann::json::array();
  for (size_t i = 0; i < summaries.size(); ++i) {
    const ScenarioSummary& s = summaries[i];
    const ScenarioResult& r = i < results.size() ? results[i] : kNoRun;
    if (!s.skipped.empty()) {
      // Out of the maximum, and neither passed nor failed: no status.
      tests.push_back({{"name", ValidUtf8(s.name)},
                       {"number", std::to_string(i + 1)},
                       {"score", 0},
                       {"max_score", 0},
                       {"output", ValidUtf8("SKIP: " + s.skipped + "\n")}});
      continue;
    }
    const bool ok = s.passed();
    ms += s.duration_ms > 0 ? s.duration_ms : 0;

    std::string output = OneLineWords(r.description);
    if (!output.empty()) output += "\n";
    if (!ok) output += (output.empty() ? "" : "\n") + FailureText(r, s.runs, s.failures);
    for (const ExpectationResult& e : r.expectations) {
      if (!IsSkipped(e)) continue;
      output += "not checked: " + OneLineWords(e.expect);
      if (!e.source.empty()) output += "  [" + e.source + "]";
      output += ": " + OneLineWords(e.detail) + "\n";
    }
    tests.push_back({{"name", ValidUtf8(s.name)},
                     {"number", std::to_string(i + 1)},
                     {"score", ok ? s.points : 0},
                     {"max_score", s.points},
                     {"status", ok ? "passed" : "failed"},
                     {"output", ValidUtf8(output)}});
  }
  return {{"score", totals.score},
          {"max_score", totals.max_score},
          {"execution_time", std::llround(ms / 1000.0)},
          {"output", TotalsLine(totals)},
          {"test_output_format", "text"},
          {"extra_data",
           {{"max_score", totals.max_score},
            {"passed", totals.passed},
            {"failed", totals.failed},
            {"skipped", totals.skipped}}},
          {"tests", std::move(tests)}};
}

}  // namespace brew::lab
