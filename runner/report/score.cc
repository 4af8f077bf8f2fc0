#include "runner/report/score.h"

namespace brew::lab {

std::string ScoreLine(const std::vector<ScenarioSummary>& summaries) {
  long score = 0, max_score = 0;
  for (const ScenarioSummary& s : summaries) {
    if (!s.skipped.empty()) continue;  // a SKIP is out of the maximum
    score += s.passed() ? s.points : 0;
    max_score += s.points;
  }
  return "score: " + std::to_string(score) + "/" + std::to_string(max_score);
}

}  // namespace brew::lab
