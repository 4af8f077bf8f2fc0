// The loader's part for a scenario's "server:" map: the settings the server
// under test runs with (tick, echo_delay, read_delay).
#pragma once

#include "runner/scenario/load_context.h"
#include "runner/scenario/scenario.h"

namespace brew::lab::loader {

// Reads `e` ("server: {tick: 1s, echo_delay: 200ms}") into `*server`, whose
// pos becomes the key's. Anything that is not such a map, an unknown key
// or a bad duration is reported; the fields read well are kept.
void ReadServer(LoadContext& cx, const Entry& e, ServerSettings* server);

}  // namespace brew::lab::loader
