// What labrun checks in a regular expression before std::regex sees it.
//
// libstdc++'s std::regex compiler has no limits of its own: it builds one
// automaton state per repetition (so `((a{1000}){1000}){1000}` takes
// seconds and gigabytes) and reads the numbers of `{n,m}` into a long
// without an overflow check (undefined behaviour). Every pattern labrun
// compiles -- a scenario's log patterns and `--filter` -- passes
// RegexRefusal first.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brew::lab {

// Why `pattern` must not be compiled, or nullopt if it may be. The reason
// is phrased to follow the pattern's name: `is too long (1001 bytes; limit
// 1000)`, `has a number of more than 9 digits ...`, `is too complex (...)`.
// Limits: limits::kMaxRegexLength, limits::kMaxRegexStates. When it may be
// compiled and `states` is given, *states is its EstimateRegexStates.
std::optional<std::string> RegexRefusal(std::string_view pattern, int64_t* states = nullptr);

// A rough upper bound on the NFA states libstdc++ builds for `pattern`: each
// atom is 1, a group is the sum of its alternatives, and {n,m} repeats what
// it follows m times ({n,} n + 1 times). Saturates at 1e15.
int64_t EstimateRegexStates(std::string_view pattern);

// True if a `{n,m}` or a backreference has a number of more than 9 digits.
bool HasOverlongRegexNumber(std::string_view pattern);

}  // namespace brew::lab
