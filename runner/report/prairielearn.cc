#include "runner/report/prairielearn.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "runner/report/junit.h"
#include "runner/report/score.h"
#include "runner/report/utf8.h"

namespace brew::lab {
namespace {

constexpr const char* kCutNote = "\n[... cut: the whole text is in labrun's JSON report]\n";
constexpr std::size_t kMaxMessage = 2000;  // a test's one-line message

std::string Capped(const std::string& text) {
  if (text.size() <= kMaxMessage) return ValidUtf8(text);
  return ValidUtf8(text.substr(0, kMaxMessage)) + " [... cut]";
}

}  // namespace

std::string PrairieLearnResults(const std::vector<ScenarioSummary>& summaries,
                                const std::vector<ScenarioResult>& results, std::size_t max_bytes) {
  static const ScenarioResult kNoRun;
  const RunTotals totals = CountTotals(summaries);
  nlohmann::json tests = nlohmann::json::array();
  std::string verdicts;
  for (size_t i = 0; i < summaries.size(); ++i) {
    const ScenarioSummary& s = summaries[i];
    const ScenarioResult& r = i < results.size() ? results[i] : kNoRun;
    nlohmann::json t = {{"name", ValidUtf8(s.name)}, {"description", ValidUtf8(r.description)}};
    if (!s.skipped.empty()) {
      t["points"] = 0;
      t["max_points"] = 0;
      t["message"] = Capped("SKIP: " + s.skipped);
      t["output"] = "";
      verdicts += "SKIP " + s.name + "\n";
    } else {
      const bool ok = s.passed();
      t["points"] = ok ? s.points : 0;
      t["max_points"] = s.points;
      t["message"] = ok ? std::string("passed") : Capped(FailureMessage(r));
      t["output"] = ok ? std::string() : ValidUtf8(FailureText(r, s.runs, s.failures));
      verdicts += std::string(ok ? "PASS " : "FAIL ") + s.name + "\n";
    }
    tests.push_back(std::move(t));
  }
  const double fraction =
      totals.max_score > 0 ? static_cast<double>(totals.score) / totals.max_score : 0.0;
  nlohmann::json doc = {{"gradable", true},
                        {"score", fraction},
                        {"message", TotalsLine(totals)},
                        {"output", ValidUtf8(verdicts)},
                        {"tests", tests}};
  std::string text = doc.dump() + "\n";
  // Too big: cut the longest outputs until it fits (each cut says so).
  while (text.size() > max_bytes) {
    nlohmann::json* longest = nullptr;
    for (auto& t : doc["tests"]) {
      if (longest == nullptr || t["output"].get_ref<const std::string&>().size() >
                                    (*longest)["output"].get_ref<const std::string&>().size()) {
        longest = &t;
      }
    }
    if (longest == nullptr) break;
    std::string out = (*longest)["output"].get<std::string>();
    if (out.size() <= std::string(kCutNote).size()) break;  // nothing left to cut
    const size_t excess = text.size() - max_bytes;
    const size_t keep = out.size() > excess + 2 * std::string(kCutNote).size()
                            ? out.size() - excess - std::string(kCutNote).size()
                            : 0;
    out = ValidUtf8(out.substr(0, std::min(keep, out.size() / 2))) + kCutNote;
    (*longest)["output"] = out;
    text = doc.dump() + "\n";
  }
  return text;
}

}  // namespace brew::lab
