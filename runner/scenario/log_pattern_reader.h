// The loader's part for a log pattern, wherever one stands (a wait step's
// `log`, a log expectation, an event reference's `log`):
//
//   log: "^subscribe ended: limit reached sent=5$"         the regex form
//   log: {msg: "subscribe ended: client gone", sent: 3,    the record form
//         err: /context (canceled|deadline exceeded)/}
//
// In the record form a value written /like this/ is a regex; any other
// scalar is the attribute's text exactly (3 is "3").
#pragma once

#include <optional>

#include "runner/scenario/load_context.h"
#include "runner/scenario/scenario.h"

namespace brew::lab::loader {

std::optional<LogPattern> ReadLogPattern(Reporter& r, const Entry& e);

// One scalar: /like this/ is a regex (checked and compiled), anything else
// (a quoted "/x/" too) is text. For the record form's values and an event
// reference's `text`.
std::optional<LogPattern::Value> ReadTextOrRegex(Reporter& r, const Entry& e);

}  // namespace brew::lab::loader
