// labrun's JSON reports (docs/report-format.md): one document per scenario
// and an index.json for the run. Validated against docs/report.schema.json
// and docs/index.schema.json by the tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner/result.h"

namespace brew::lab {

nlohmann::json ScenarioReport(const ScenarioResult& result);

// One scenario's line in the index: its runs (several with --repeat).
struct ScenarioSummary {
  std::string name;
  std::string file;
  int points = 1;
  int runs = 0;
  int failures = 0;
  double duration_ms = 0;  // of the reported run
  std::string report;      // the report's file name, relative to the index
  bool passed() const { return failures == 0; }
  bool flaky() const { return failures > 0 && failures < runs; }
};

nlohmann::json IndexReport(const std::vector<ScenarioSummary>& scenarios,
                           const std::string& started_at, double duration_ms);

// Writes `doc` to `path` (pretty, newline-terminated) via a temporary file
// and a rename, so a reader never sees half a report. False on failure,
// with `error` set.
bool WriteJson(const std::string& path, const nlohmann::json& doc, std::string* error);
// The same for any text.
bool WriteText(const std::string& path, const std::string& text, std::string* error);

}  // namespace brew::lab
