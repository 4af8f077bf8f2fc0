// ScenarioResult <-> JSON, complete (unlike the report, which is a view for
// readers): how an isolated scenario run hands its result to labrun.
#pragma once

#include <nlohmann/json.hpp>

#include "runner/result/result.h"

namespace brew::lab {

nlohmann::json EventToJson(const TimelineEvent& event);
TimelineEvent EventFromJson(const nlohmann::json& j);

nlohmann::json ResultToJson(const ScenarioResult& result);
// Throws nlohmann::json::exception on a malformed document.
ScenarioResult ResultFromJson(const nlohmann::json& j);

}  // namespace brew::lab
