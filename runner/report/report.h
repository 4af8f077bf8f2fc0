// labrun's JSON reports (docs/report-format.md): one document per scenario
// and an index.json for the run. Validated against docs/report.schema.json
// and docs/index.schema.json by the tests.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "runner/result/result.h"

namespace brew::lab {

nlohmann::json ScenarioReport(const ScenarioResult& result);

// A scenario's report file name: its name with anything but [A-Za-z0-9_.-]
// as '_', and ".json".
std::string ReportFileName(const std::string& scenario_name);

nlohmann::json IndexReport(const std::vector<ScenarioSummary>& scenarios,
                           const std::string& started_at, double duration_ms);

// Writes `doc` to `path` (pretty, newline-terminated) via a temporary file
// and a rename, so a reader never sees half a report. False on failure,
// with `error` set.
bool WriteJson(const std::string& path, const nlohmann::json& doc, std::string* error);
// `doc` as WriteJson writes it.
std::string PrettyJson(const nlohmann::json& doc);
// The same for any text.
bool WriteText(const std::string& path, const std::string& text, std::string* error);

}  // namespace brew::lab
