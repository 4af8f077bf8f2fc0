#include "runner/run/log_line.h"

#include <optional>
#include <regex>

#include <nlohmann/json.hpp>

#include "core/util/logger.h"

namespace brew::lab {
namespace {

// Reads a Go %q-quoted string starting at s[i] == '"'; advances i past it.
std::string Unquote(const std::string& s, size_t& i) {
  std::string out;
  ++i;  // the opening quote
  while (i < s.size() && s[i] != '"') {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      switch (s[i]) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        default: out += s[i];
      }
    } else {
      out += s[i];
    }
    ++i;
  }
  if (i < s.size()) ++i;  // the closing quote
  return out;
}

// Reads one slog text value (quoted or up to the next space).
std::string ReadValue(const std::string& s, size_t& i) {
  if (i < s.size() && s[i] == '"') return Unquote(s, i);
  const size_t start = i;
  while (i < s.size() && s[i] != ' ') ++i;
  return s.substr(start, i - start);
}

std::optional<LogLine> FromSlogText(const std::string& line) {
  if (line.rfind("time=", 0) != 0) return std::nullopt;
  LogLine out;
  std::string rest;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    const size_t eq = line.find('=', i);
    if (eq == std::string::npos) break;
    const std::string key = line.substr(i, eq - i);
    const size_t value_start = eq + 1;
    i = value_start;
    const std::string value = ReadValue(line, i);
    if (key == "time") continue;
    if (key == "level") {
      out.level = value;
    } else if (key == "msg") {
      out.body = value;
    } else {
      rest += " " + line.substr(eq - key.size(), i - (eq - key.size()));
    }
  }
  out.body += rest;
  return out;
}

std::optional<LogLine> FromSlogJson(const std::string& line) {
  if (line.empty() || line.front() != '{') return std::nullopt;
  // ordered_json keeps the keys in the order the server wrote them.
  const auto doc = nlohmann::ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("msg")) return std::nullopt;
  LogLine out;
  if (doc.contains("level") && doc["level"].is_string()) out.level = doc["level"];
  out.body = doc["msg"].is_string() ? doc["msg"].get<std::string>() : doc["msg"].dump();
  for (const auto& [key, value] : doc.items()) {
    if (key == "time" || key == "level" || key == "msg") continue;
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    out.body += " " + key + "=" + SlogValue(text);
  }
  return out;
}

}  // namespace

LogLine NormalizeLogLine(const std::string& line) {
  if (auto slog = FromSlogText(line)) return *slog;
  if (auto json = FromSlogJson(line)) return *json;
  static const std::regex ours(R"(^\d{4}-\d{2}-\d{2}T\S+ (DEBUG|INFO|WARN|ERROR) (.*)$)");
  static const std::regex go_log(R"(^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? (.*)$)");
  std::smatch m;
  if (std::regex_match(line, m, ours)) return {m[1], m[2]};
  if (std::regex_match(line, m, go_log)) return {"INFO", m[2]};
  return {"INFO", line};
}

}  // namespace brew::lab
