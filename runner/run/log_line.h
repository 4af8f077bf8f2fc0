// Server log lines from a server labrun did not build (--server-cmd,
// --target with --server-log), in the form scenarios match against: the
// message, then key=value pairs -- "subscribe started customer_id="" limit=5".
//
// Students write the lesson's server in other languages, and the lesson's
// own Go server logs through log/slog. NormalizeLogLine accepts:
//   - brewlab's own lines:  2026-11-24T12:00:00.123Z INFO subscribe started customer_id="" limit=5
//   - slog's TextHandler:   time=2026-11-24T12:00:00.123Z level=INFO msg="subscribe started" customer_id="" limit=5
//   - slog's JSONHandler:   {"time":"...","level":"INFO","msg":"subscribe started","customer_id":"","limit":5}
//   - Go's log package:     2026/11/24 12:00:00 subscribe started customer_id="" limit=5
// and passes any other line through as it is, level INFO.
#pragma once

#include <string>

namespace brew::lab {

struct LogLine {
  std::string level = "INFO";
  std::string body;
};

LogLine NormalizeLogLine(const std::string& line);

}  // namespace brew::lab
