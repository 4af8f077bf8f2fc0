// Durations spelled the way Go spells them ("10ms", "1.5s", "2m", "1h30m").
//
// The lesson's programs take their tick and echo delay as Go durations, so
// brewlab's flags and scenario files do too. ParseDuration accepts what Go's
// time.ParseDuration accepts for non-negative values (units ns, us, µs, ms, s,
// m, h; decimals; several parts such as "1m30s"; and the bare "0"); any other
// bare number is an error, so `10` cannot silently mean ten nanoseconds.
// FormatDuration writes what Go's Duration.String writes ("1s", "200ms",
// "1.5s", "1m30s", "0s").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace brew {

using Duration = std::chrono::nanoseconds;

// Parses `text`; on failure returns nullopt and, if `error` is given, sets it
// to a short reason such as
// `unknown unit "sm" in duration "10sm" (use ns, us, ms, s, m or h)`.
std::optional<Duration> ParseDuration(std::string_view text, std::string* error = nullptr);

std::string FormatDuration(Duration d);

// Milliseconds as a double, for reports ("t_ms": 200.9).
double ToMillis(Duration d);

}  // namespace brew
