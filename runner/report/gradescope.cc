#include "runner/report/gradescope.h"

#include <cmath>
#include <sstream>
#include <string>

#include "runner/report/junit.h"
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
  long score = 0, max_score = 0;
  int passed = 0, failed = 0, skipped = 0;
  double ms = 0;
  nlohmann::json tests = nlohmann::json::array();
  for (size_t i = 0; i < summaries.size(); ++i) {
    const ScenarioSummary& s = summaries[i];
    const ScenarioResult& r = i < results.size() ? results[i] : kNoRun;
    if (!s.skipped.empty()) {
      // Out of the maximum, and neither passed nor failed: no status.
      ++skipped;
      tests.push_back({{"name", ValidUtf8(s.name)},
                       {"number", std::to_string(i + 1)},
                       {"score", 0},
                       {"max_score", 0},
                       {"output", ValidUtf8("SKIP: " + s.skipped + "\n")}});
      continue;
    }
    const bool ok = s.passed();
    (ok ? passed : failed) += 1;
    score += ok ? s.points : 0;
    max_score += s.points;
    ms += s.duration_ms > 0 ? s.duration_ms : 0;

    std::string output = OneLineWords(r.description);
    if (!output.empty()) output += "\n";
    if (!ok) output += (output.empty() ? "" : "\n") + FailureText(r, s.runs, s.failures);
    for (const ExpectationResult& e : r.expectations) {
      if (!IsSkipped(e)) continue;
      output += "not checked: " + OneLineWords(e.expect);
      if (!e.source.empty()) output += "  [" + e.source + "]";
      output +=
          ": " + OneLineWords(e.detail.substr(std::string_view(kSkippedPrefix).size())) + "\n";
    }
    tests.push_back({{"name", ValidUtf8(s.name)},
                     {"number", std::to_string(i + 1)},
                     {"score", ok ? s.points : 0},
                     {"max_score", s.points},
                     {"status", ok ? "passed" : "failed"},
                     {"output", ValidUtf8(output)}});
  }
  const std::string summary_line =
      std::to_string(passed) + " passed, " + std::to_string(failed) + " failed" +
      (skipped > 0 ? ", " + std::to_string(skipped) + " skipped" : std::string()) + "; score " +
      std::to_string(score) + "/" + std::to_string(max_score);
  return {
      {"score", score},
      {"max_score", max_score},
      {"execution_time", std::llround(ms / 1000.0)},
      {"output", summary_line},
      {"test_output_format", "text"},
      {"extra_data",
       {{"max_score", max_score}, {"passed", passed}, {"failed", failed}, {"skipped", skipped}}},
      {"tests", std::move(tests)}};
}

}  // namespace brew::lab
