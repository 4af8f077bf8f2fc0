// The loader's part for an event reference, the way `order`, `within`,
// `none` and `gaps` name a moment of the run: {stream: chat, event: recv,
// nth: 2} (a stream's event), {stream: chat, event: recv, text: "echo: ping
// 3"} (the first of its events whose text has that in it; /.../ is a regex)
// or {log: "pattern", source: server} (a log line).
#pragma once

#include <optional>

#include "runner/scenario/load_context.h"
#include "runner/scenario/scenario.h"

namespace brew::lab::loader {

// Reads `e`'s value as an event reference. `allow_nth`: false in `none`
// and `gaps`, which match every such event. `extra_keys`: keys of the same
// map that belong to the caller (gaps' min and max), left alone. Unknown
// events, streams without such events (checked once streams are known) and
// more than limits::kMaxEventRefs in a file are reported.
std::optional<EventRef> ReadEventRef(LoadContext& cx, const Entry& e, bool allow_nth,
                                     const std::vector<std::string>& extra_keys = {});

// ReadEventRef (with nth) as a value reader for LoadContext::ReadKey.
inline auto EventRefValue(LoadContext& cx) {
  return [&cx](Reporter&, const Entry& e) { return ReadEventRef(cx, e, /*allow_nth=*/true); };
}

}  // namespace brew::lab::loader
