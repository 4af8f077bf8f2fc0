#include "runner/report/html_report.h"

#include "runner/report/html_template.h"

namespace brew::lab {
namespace {

// The event vocabulary's table (core/event/event_kind.h), for the page to
// draw and describe each kind of stream by: which events it can have, and
// whether it is a gRPC call (a consumer is not).
nlohmann::json StreamKindsJson() {
  nlohmann::json kinds = nlohmann::json::object();
  for (StreamKind stream : kAllStreamKinds) {
    nlohmann::json events = nlohmann::json::array();
    for (EventKind event : kAllEventKinds) {
      if (StreamHasEvent(stream, event)) events.push_back(EventKindName(event));
    }
    kinds[StreamKindName(stream)] = {{"events", events}, {"grpc", IsGrpcStream(stream)}};
  }
  return kinds;
}

}  // namespace

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
  return {{"started_at", started_at},
          {"duration_ms", duration_ms},
          {"stream_kinds", StreamKindsJson()},
          {"scenarios", scenarios}};
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
