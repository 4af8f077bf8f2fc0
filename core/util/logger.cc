#include "core/util/logger.h"

#include <cstdio>
#include <ctime>
#include <iostream>

namespace brew {

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug: return "DEBUG";
    case LogLevel::kInfo: return "INFO";
    case LogLevel::kWarn: return "WARN";
    case LogLevel::kError: return "ERROR";
  }
  return "INFO";
}

LogAttr::LogAttr(std::string k, std::string_view v) : key(std::move(k)), value(v) {}
LogAttr::LogAttr(std::string k, const char* v) : key(std::move(k)), value(v) {}
LogAttr::LogAttr(std::string k, const std::string& v) : key(std::move(k)), value(v) {}
LogAttr::LogAttr(std::string k, Duration v) : key(std::move(k)), value(FormatDuration(v)) {}
LogAttr::LogAttr(std::string k, bool v) : key(std::move(k)), value(v ? "true" : "false") {}

namespace {

bool NeedsQuoting(std::string_view s) {
  if (s.empty()) return true;
  for (unsigned char c : s) {
    if (c == ' ' || c == '"' || c == '=' || c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// Go's strconv.Quote for the characters a log value can hold.
std::string GoQuote(std::string_view s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace

std::string SlogValue(std::string_view value) {
  return NeedsQuoting(value) ? GoQuote(value) : std::string(value);
}

std::string FormatTimestamp(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  if (ms % 1000 < 0) --secs;
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

std::string LogRecord::FormatAttrs() const {
  std::string out;
  for (const LogAttr& attr : attrs) {
    if (!out.empty()) out += ' ';
    out += attr.key;
    out += '=';
    out += SlogValue(attr.value);
  }
  return out;
}

std::string LogRecord::FormatBody() const {
  std::string out = message;
  if (!attrs.empty()) out += ' ' + FormatAttrs();
  return out;
}

std::string LogRecord::Format() const {
  return FormatTimestamp(wall_time) + ' ' + std::string(LevelName(level)) + ' ' + FormatBody();
}

LogSink StderrSink() {
  return [](const LogRecord& record) { std::cerr << record.Format() << std::endl; };
}

Logger::Logger(LogSink sink) : sink_(std::move(sink)) {}

void Logger::Log(LogLevel level, std::string message, std::initializer_list<LogAttr> attrs) {
  LogRecord record;
  record.wall_time = std::chrono::system_clock::now();
  record.mono_time = std::chrono::steady_clock::now();
  record.level = level;
  record.message = std::move(message);
  record.attrs.assign(attrs.begin(), attrs.end());
  brew::MutexLock lock(&mu_);
  if (sink_) sink_(record);
}

}  // namespace brew
