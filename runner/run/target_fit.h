// Whether a scenario can be graded against the server labrun was given, and
// with which settings that server really runs it.
//
// brewlab's own server (in-process) meets every scenario. A --server-cmd
// takes the settings its template names ({tick}, {echo_delay},
// {read_delay}); a --target runs with the settings it was started with
// (TargetSettings). Either has brewlab's other extensions (message_bytes,
// brewlab's log lines) only when --server-extensions says so. A scenario
// that needs what the server lacks is a SKIP: never a FAIL, never a PASS,
// and out of the maximum score.
#pragma once

#include <optional>
#include <string>

#include "runner/run/server_under_test.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// The reason `scenario` is a SKIP against `spec` ("needs ..."), or nullopt
// when the server can run it. A setting counts only where the scenario uses
// its RPC: the tick for Subscribe, the echo delay for Chat, the read delay
// for UploadOrders and Chat.
std::optional<std::string> SkipReason(const Scenario& scenario, const ServerSpec& spec);

// The settings the server runs `scenario` with: the scenario's where labrun
// sets them, the server's own where it cannot.
ServerSettings EffectiveSettings(const Scenario& scenario, const ServerSpec& spec);

// --target-config "tick=1s,echo_delay=200ms[,read_delay=0s]" into
// `*settings`. False with `error` on a bad key or duration.
bool ParseTargetConfig(const std::string& text, TargetSettings* settings, std::string* error);

// The settings in the last "streaming-server started" line of `log_file`
// (the lesson's start line: tick=... echo_delay=...), in any log format.
// False when the file has no such line.
bool TargetSettingsFromLog(const std::string& log_file, TargetSettings* settings);

}  // namespace brew::lab
