#include "runner/report/score.h"

namespace brew::lab {

RunTotals CountTotals(const std::vector<ScenarioSummary>& summaries) {
  RunTotals t;
  for (const ScenarioSummary& s : summaries) {
    if (!s.skipped.empty()) {
      ++t.skipped;  // a SKIP is out of the maximum
      continue;
    }
    (s.passed() ? t.passed : t.failed) += 1;
    t.score += s.passed() ? s.points : 0;
    t.max_score += s.points;
  }
  return t;
}

std::string TotalsLine(const RunTotals& t) {
  return std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed" +
         (t.skipped > 0 ? ", " + std::to_string(t.skipped) + " skipped" : std::string()) +
         "; score " + std::to_string(t.score) + "/" + std::to_string(t.max_score);
}

std::string ScoreLine(const std::vector<ScenarioSummary>& summaries) {
  const RunTotals t = CountTotals(summaries);
  return "score: " + std::to_string(t.score) + "/" + std::to_string(t.max_score);
}

}  // namespace brew::lab
