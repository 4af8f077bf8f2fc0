// The loader's part for a scenario's "steps:" list: each step's kind and
// fields (subscribe, upload, chat, wait, cancel, close_send, sleep,
// stop_server, restart_server). Stream steps declare their streams in the
// LoadContext; steps that name a stream (wait, cancel, close_send) use it,
// checked by LoadContext::ResolveUses.
#pragma once

#include <vector>

#include "runner/scenario/load_context.h"
#include "runner/scenario/scenario.h"

namespace brew::lab::loader {

// Reads `e` (the "steps" entry) into `*steps`; what cannot be read is
// reported and left out. A list of 1 to limits::kMaxSteps maps, each with
// one key, its kind.
void ReadSteps(LoadContext& cx, const Entry& e, std::vector<Step>* steps);

}  // namespace brew::lab::loader
