#include "runner/result/log_record.h"

#include <cctype>
#include <nlohmann/json.hpp>
#include <regex>

#include "core/util/logger.h"

namespace brew::lab {
namespace {

bool KeyStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool KeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// The length of the "key=" at s[i], or 0 when none starts there.
size_t KeyAt(std::string_view s, size_t i) {
  if (i >= s.size() || !KeyStart(s[i])) return 0;
  size_t j = i + 1;
  while (j < s.size() && KeyChar(s[j])) ++j;
  return j < s.size() && s[j] == '=' ? j - i + 1 : 0;
}

// Where the next " key=" starts at or after `from` (the key's position: the
// character after the space), or npos.
size_t NextKey(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == ' ' && KeyAt(s, i + 1) > 0) return i + 1;
  }
  return std::string_view::npos;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// A Go %q-quoted string at s[i] == '"'; advances i past it.
std::string Unquote(std::string_view s, size_t& i) {
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

// key=value pairs from s[i] on; an unquoted value runs to the next " key=".
std::vector<std::pair<std::string, std::string>> ReadPairs(std::string_view s, size_t i) {
  std::vector<std::pair<std::string, std::string>> out;
  while (i < s.size()) {
    const size_t key_len = KeyAt(s, i);
    if (key_len == 0) break;
    std::string key(s.substr(i, key_len - 1));
    i += key_len;
    std::string value;
    if (i < s.size() && s[i] == '"') {
      value = Unquote(s, i);
      const size_t next = NextKey(s, i);
      i = next == std::string_view::npos ? s.size() : next;
    } else {
      const size_t next = NextKey(s, i);
      const size_t end = next == std::string_view::npos ? s.size() : next - 1;
      value = std::string(TrimRight(s.substr(i, end - i)));
      i = next == std::string_view::npos ? s.size() : next;
    }
    out.emplace_back(std::move(key), std::move(value));
  }
  return out;
}

std::string NormalLevel(std::string level) {
  for (char& c : level) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (level == "WARNING") return "WARN";
  if (level == "TRACE") return "DEBUG";
  if (level == "FATAL" || level == "PANIC" || level == "CRITICAL" || level == "ERR") return "ERROR";
  if (level == "DEBUG" || level == "INFO" || level == "WARN" || level == "ERROR") return level;
  return "INFO";
}

bool IsLevelWord(std::string_view word) {
  for (const char* level : {"DEBUG", "INFO", "WARN", "WARNING", "ERROR"}) {
    if (word == level) return true;
  }
  return false;
}

// logfmt, slog's text handler among them: every field is key=value.
LogRecordLine FromLogfmt(std::string_view line) {
  LogRecordLine out;
  for (auto& [key, value] : ReadPairs(line, 0)) {
    if (key == "time" || key == "ts" || key == "timestamp") continue;
    if (key == "level" || key == "lvl") {
      out.level = NormalLevel(value);
    } else if ((key == "msg" || key == "message") && out.message.empty()) {
      out.message = std::move(value);
    } else {
      out.attrs.emplace_back(std::move(key), std::move(value));
    }
  }
  return out;
}

bool FromJson(std::string_view line, LogRecordLine* out) {
  if (line.empty() || line.front() != '{') return false;
  // ordered_json keeps the keys in the order the server wrote them.
  const auto doc = nlohmann::ordered_json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return false;
  const char* msg_key = doc.contains("msg") ? "msg" : doc.contains("message") ? "message" : nullptr;
  if (msg_key == nullptr) return false;
  auto text = [](const nlohmann::ordered_json& v) {
    return v.is_string() ? v.get<std::string>() : v.dump();
  };
  out->message = text(doc[msg_key]);
  for (const auto& [key, value] : doc.items()) {
    if (key == msg_key || key == "time" || key == "ts" || key == "timestamp" ||
        key == "@timestamp") {
      continue;
    }
    if (key == "level" || key == "lvl" || key == "severity") {
      out->level = NormalLevel(text(value));
      continue;
    }
    out->attrs.emplace_back(key, text(value));
  }
  return true;
}

}  // namespace

std::string LogRecordLine::Canonical() const {
  std::string out = message;
  for (const auto& [key, value] : attrs) out += " " + key + "=" + SlogValue(value);
  return out;
}

LogRecordLine ParseLogBody(std::string_view body) {
  body = TrimRight(body);
  const size_t first = KeyAt(body, 0) > 0 ? 0 : NextKey(body, 0);
  LogRecordLine out;
  out.message =
      std::string(TrimRight(body.substr(0, first == std::string_view::npos ? body.size() : first)));
  if (first != std::string_view::npos) out.attrs = ReadPairs(body, first);
  return out;
}

LogRecordLine ParseLogLine(std::string_view line) {
  line = TrimRight(line);
  LogRecordLine out;
  if (FromJson(line, &out)) return out;
  if (KeyAt(line, 0) > 0) {
    out = FromLogfmt(line);
    if (!out.message.empty()) return out;
  }
  static const std::regex ours(R"(^\d{4}-\d{2}-\d{2}T\S+ (DEBUG|INFO|WARN|ERROR) )");
  static const std::regex go_log(R"(^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(\.\d+)? )");
  std::string level = "INFO";
  std::match_results<std::string_view::const_iterator> m;
  if (std::regex_search(line.begin(), line.end(), m, ours)) {
    level = m[1];
    line.remove_prefix(static_cast<size_t>(m.length(0)));
  } else if (std::regex_search(line.begin(), line.end(), m, go_log)) {
    line.remove_prefix(static_cast<size_t>(m.length(0)));
  }
  // A level word first, as printf loggers often write it ("WARN ...").
  const size_t space = line.find(' ');
  if (space != std::string_view::npos && IsLevelWord(line.substr(0, space))) {
    level = std::string(line.substr(0, space));
    line.remove_prefix(space + 1);
  }
  out = ParseLogBody(line);
  out.level = NormalLevel(level);
  return out;
}

bool MatchesLogPattern(const LogPattern& pattern, std::string_view canonical) {
  if (pattern.line) return pattern.line->Search(canonical);
  const LogRecordLine record = ParseLogBody(canonical);
  if (pattern.msg && !pattern.msg->Matches(record.message)) return false;
  for (const auto& [key, want] : pattern.attrs) {
    bool found = false;
    for (const auto& [k, v] : record.attrs) {
      if (k == key && want.Matches(v)) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

}  // namespace brew::lab
