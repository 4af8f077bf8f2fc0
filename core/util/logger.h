// The server's structured logger: one line per event, as the lesson's Go
// server writes them with log/slog, e.g.
//
//   2026-11-24T12:00:00.123Z INFO subscribe started customer_id="" limit=5
//
// A line is an RFC 3339 UTC timestamp with milliseconds, the level, the
// message, then key=value pairs. Values are written as slog's text handler
// writes them: quoted (Go %q style) only when empty or when they hold a
// space, a quote, '=' or a control character; durations as Go spells them.
//
// Every record goes to a sink. The default sink writes the line to stderr;
// labrun and the tests install their own sink to receive each record with
// its monotonic timestamp. The logger serialises calls to its sink, so a
// sink need not be thread-safe. Logger is thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/util/duration.h"
#include "core/util/mutex.h"

namespace brew {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

std::string_view LevelName(LogLevel level);

// One key=value pair; the value is formatted when the attribute is built.
struct LogAttr {
  LogAttr(std::string key, std::string_view value);
  LogAttr(std::string key, const char* value);
  LogAttr(std::string key, const std::string& value);
  LogAttr(std::string key, Duration value);
  LogAttr(std::string key, bool value);
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int>>>
  LogAttr(std::string k, Int value) : key(std::move(k)), value(std::to_string(value)) {}

  std::string key;
  std::string value;  // unquoted; Format() quotes where slog would
};

struct LogRecord {
  std::chrono::system_clock::time_point wall_time;
  std::chrono::steady_clock::time_point mono_time;
  LogLevel level = LogLevel::kInfo;
  std::string message;
  std::vector<LogAttr> attrs;

  // "key=value key2=value2" with slog quoting; empty when there are no attrs.
  std::string FormatAttrs() const;
  // The message followed by its attributes, without time and level.
  std::string FormatBody() const;
  // The whole line, without a trailing newline.
  std::string Format() const;
};

using LogSink = std::function<void(const LogRecord&)>;

// Writes each record's line to stderr.
LogSink StderrSink();

// Quotes `value` the way slog's text handler does, when it needs quoting.
std::string SlogValue(std::string_view value);

// RFC 3339 UTC with milliseconds: 2026-11-24T12:00:00.123Z
std::string FormatTimestamp(std::chrono::system_clock::time_point t);

class Logger {
 public:
  explicit Logger(LogSink sink = StderrSink());

  void Log(LogLevel level, std::string message, std::initializer_list<LogAttr> attrs = {});
  void Info(std::string message, std::initializer_list<LogAttr> attrs = {}) {
    Log(LogLevel::kInfo, std::move(message), attrs);
  }
  void Warn(std::string message, std::initializer_list<LogAttr> attrs = {}) {
    Log(LogLevel::kWarn, std::move(message), attrs);
  }
  void Error(std::string message, std::initializer_list<LogAttr> attrs = {}) {
    Log(LogLevel::kError, std::move(message), attrs);
  }

 private:
  brew::Mutex mu_;
  LogSink sink_ ABSL_GUARDED_BY(mu_);  // called under mu_: one record at a time
};

}  // namespace brew
