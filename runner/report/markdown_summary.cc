#include "runner/report/markdown_summary.h"

#include "runner/report/junit.h"
#include "runner/report/score.h"
#include "runner/report/utf8.h"

namespace brew::lab {
namespace {

// One table cell: one line, '|' escaped, at most 300 bytes.
std::string Cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == '|') out += '\\';
    out += c;
    if (out.size() >= 300) {
      out += "...";
      break;
    }
  }
  return ValidUtf8(out);
}

}  // namespace

std::string MarkdownSummary(const std::vector<ScenarioSummary>& summaries,
                            const std::vector<ScenarioResult>& results, std::size_t max_bytes) {
  static const ScenarioResult kNoRun;
  const RunTotals t = CountTotals(summaries);
  std::string out =
      "### labrun: score " + std::to_string(t.score) + "/" + std::to_string(t.max_score) + "\n\n" +
      std::to_string(t.passed) + " passed, " + std::to_string(t.failed) + " failed, " +
      std::to_string(t.skipped) +
      " skipped\n\n| | scenario | points | first failed expectation |\n|---|---|---|---|\n";
  for (size_t i = 0; i < summaries.size(); ++i) {
    const ScenarioSummary& s = summaries[i];
    const ScenarioResult& r = i < results.size() ? results[i] : kNoRun;
    std::string row;
    if (!s.skipped.empty()) {
      row = "| ⏭️ | " + Cell(s.name) + " | – | " + Cell("SKIP: " + s.skipped) + " |\n";
    } else if (s.passed()) {
      row = "| ✅ | " + Cell(s.name) + " | " + std::to_string(s.points) + "/" +
            std::to_string(s.points) + " | |\n";
    } else {
      row = "| ❌ | " + Cell(s.name) + " | 0/" + std::to_string(s.points) + " | " +
            Cell(FailureMessage(r)) + " |\n";
    }
    const std::string rest = "\n(" + std::to_string(summaries.size() - i) +
                             " more scenarios left out: the summary's size limit)\n";
    if (out.size() + row.size() + rest.size() > max_bytes) {
      out += rest;
      break;
    }
    out += row;
  }
  return out;
}

}  // namespace brew::lab
