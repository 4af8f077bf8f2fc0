#include "runner/report/html_report.h"

#include "runner/report/html_template.h"

namespace brew::lab {

nlohmann::json HtmlData(const std::vector<ScenarioSummary>& summaries,
                        const std::vector<ScenarioResult>& results, const std::string& started_at,
                        double duration_ms) {
  nlohmann::json scenarios = nlohmann::json::array();
  for (size_t i = 0; i < results.size(); ++i) {
    nlohmann::json s = {{"runs", 1}, {"failures", results[i].passed ? 0 : 1}, {"flaky", false}};
    if (i < summaries.size()) {
      s["runs"] = summaries[i].runs;
      s["failures"] = summaries[i].failures;
      s["flaky"] = summaries[i].flaky();
    }
    s["report"] = ScenarioReport(results[i]);
    scenarios.push_back(std::move(s));
  }
  return {{"started_at", started_at}, {"duration_ms", duration_ms}, {"scenarios", scenarios}};
}

std::string HtmlReport(const std::vector<ScenarioSummary>& summaries,
                       const std::vector<ScenarioResult>& results, const std::string& started_at,
                       double duration_ms) {
  // Inside <script>, "</script" or "<!--" would change how the page parses;
  // '<' only occurs inside JSON strings, where "\u003c" means the same.
  const std::string data = HtmlData(summaries, results, started_at, duration_ms)
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string safe;
  safe.reserve(data.size());
  for (const char c : data) {
    if (c == '<') safe += "\\u003c";
    else safe += c;
  }
  std::string page = kHtmlTemplate;
  const std::string marker = "/*LABRUN_DATA*/null";
  page.replace(page.find(marker), marker.size(), safe);
  return page;
}

}  // namespace brew::lab
