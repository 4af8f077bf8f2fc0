// A server's log line as a record -- level, message, attributes -- whoever
// wrote it, and the one text labrun keeps of it.
//
// Students write the lesson's server in other languages and loggers; the
// lesson's own Go server logs through log/slog. ParseLogLine reads:
//   brewlab's lines   2026-11-24T12:00:00.123Z INFO subscribe started customer_id="" limit=5
//   slog text/logfmt  time=2026-11-24T12:00:00.123Z level=INFO msg="subscribe started"
//   customer_id="" limit=5 slog JSON         {"time":"...","level":"INFO","msg":"subscribe
//   started","customer_id":"","limit":5} zap/zerolog JSON
//   {"level":"info","ts":1732449600.1,"message":"upload ended","received":20} Go's log package
//   2026/11/24 12:00:00 subscribe ended: client gone sent=3 err=context canceled
// In the last form (log.Printf with k=%q or k=%v) an unquoted value runs to
// the next " key=", so err=context canceled is the value "context
// canceled". Any other line is its own message, level INFO.
//
// The canonical text is the message, then " key=value" for each attribute
// in the order written, quoted as slog's text handler quotes (only when
// empty or holding a space, a quote, '=' or a control character). labrun
// records every server line as that text; regex patterns search it, and
// record patterns (LogPattern's record form) compare its parts by value.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "runner/scenario/scenario.h"

namespace brew::lab {

struct LogRecordLine {
  std::string level = "INFO";  // DEBUG, INFO, WARN or ERROR
  std::string message;
  std::vector<std::pair<std::string, std::string>> attrs;  // unquoted values

  std::string Canonical() const;
};

// Any of the formats above.
LogRecordLine ParseLogLine(std::string_view line);

// The message-then-attributes part alone: a canonical text, or what follows
// the time and level of a brewlab or Go log line.
LogRecordLine ParseLogBody(std::string_view body);

// Whether `canonical` (a line as labrun records it) matches `pattern`.
bool MatchesLogPattern(const LogPattern& pattern, std::string_view canonical);

}  // namespace brew::lab
