// Runs one scenario: a fresh in-process server with the scenario's config
// on 127.0.0.1:0, the steps in order, then the expectations, all on one
// timeline. Bounded by the scenario's timeout: when it passes, every stream
// is cancelled, the server stopped, and the run fails with what it was
// waiting for.
#pragma once

#include "runner/result.h"
#include "runner/scenario.h"

namespace brew::lab {

ScenarioResult RunScenario(const Scenario& scenario);

}  // namespace brew::lab
