// Runs one scenario: a fresh server with the scenario's config (by default
// brewlab's own, in-process, on 127.0.0.1:0), the steps in order, then the
// expectations, all on one timeline. Bounded by the scenario's timeout:
// when it passes, every stream is cancelled, the server stopped, and the
// run fails with what it was waiting for.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "runner/result/result.h"
#include "runner/run/server_under_test.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

struct RunOptions {
  ServerSpec server;
  // --timeout: no scenario runs longer than this, whatever its `timeout`.
  std::optional<Duration> timeout_cap;
  // Each timeline event as it happens, and each wait as it starts (in
  // words: "stream chat to end"): what an isolated run reports to labrun
  // while it goes, so a crash or a hang still leaves its story.
  std::function<void(const TimelineEvent&)> on_event;
  std::function<void(const std::string& waiting_for)> on_wait;
};

// The timeout a scenario runs with: its own, capped by --timeout.
Duration EffectiveTimeout(const Scenario& scenario, const RunOptions& options);

ScenarioResult RunScenario(const Scenario& scenario, const RunOptions& options = {});

// A result with what the scenario itself says filled in (name, file,
// description, points) and the settings `server` runs it with, for a run
// to complete.
ScenarioResult NewResult(const Scenario& scenario, const ServerSpec& server = {});

}  // namespace brew::lab
