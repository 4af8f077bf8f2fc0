// The loader's part for a scenario's "expect:" list: stream, log, order,
// within and none expectations. Stream ids they name are checked once every
// stream is known (LoadContext::ResolveUses); event references are read by
// event_ref_reader.h.
#pragma once

#include <vector>

#include "runner/scenario/load_context.h"
#include "runner/scenario/scenario.h"

namespace brew::lab::loader {

// Reads `e` (the "expect" entry) into `*out`; what cannot be read is
// reported and left out. A null value is no expectations.
void ReadExpectations(LoadContext& cx, const Entry& e, std::vector<Expectation>* out);

}  // namespace brew::lab::loader
