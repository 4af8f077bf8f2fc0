// The loader's last part: expectations that can never hold, found before
// anything runs. Each is reported at its place in the file, like any other
// mistake in it, so an instructor learns of it at load time, not from a
// scenario that fails for every server.
//
// What can never happen, whatever the server does:
//   - in `order`, a stream's events against their own sequence: "recv #2"
//     before "recv #1" (or "#-1" before "#-2"), anything of a stream before
//     its start or after its done;
//   - an event past what its stream can have: a second start, done, cancel
//     or close_send; a subscribe's recv past its `limit`; a chat's send or
//     recv past its `count` pings (one echo per ping); an upload's send past
//     its `count` records;
//   - a stream expectation or a wait asking for more than that: `received:
//     6` with `limit: 5`, an upload summary with more received than
//     records, more accepted than records minus `bad` ones, or more rejected
//     than `bad` ones (the lesson's server accepts exactly the valid
//     records).
// Events picked by `text` are left out of the sequence checks (which of a
// stream's events carries a text is the run's business).
#pragma once

#include "runner/scenario/scenario.h"
#include "runner/scenario/yaml_reader.h"

namespace brew::lab::loader {

// Reports each impossible expectation of `s` (fully read, streams known).
void CheckPossible(const Scenario& s, yaml::Reporter& r);

}  // namespace brew::lab::loader
