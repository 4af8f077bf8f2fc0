#include "runner/scenario/log_pattern_reader.h"

#include <algorithm>
#include <cctype>

namespace brew::lab::loader {

namespace {

constexpr const char* kTextTag = "!text";

// Attribute keys as loggers write them: a letter or '_', then letters,
// digits, '_', '.' or '-'.
bool ValidKey(const std::string& key) {
  if (key.empty() || key.size() > 64) return false;
  if (!std::isalpha(static_cast<unsigned char>(key[0])) && key[0] != '_') return false;
  for (char c : key) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '.' && c != '-') {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<LogPattern::Value> ReadTextOrRegex(Reporter& r, const Entry& e) {
  if (!e.value.IsScalar()) {
    r.Error(e.value_mark(), Quote(e.key) + " must be a value such as 3, \"text\" or /regex/, got " +
                                yaml::DescribeNode(e.value));
    return std::nullopt;
  }
  const std::string text = e.value.Scalar();
  LogPattern::Value value;
  // /.../ is a regex, quoted or not: a regex with ": " in it must be quoted
  // in YAML. Text that itself starts and ends with '/' is written with the
  // tag !text: `err: !text "/not a regex/"`.
  const std::string& tag = e.value.Tag();
  if (tag != "!" && tag != "?" && tag != kTextTag) {
    r.Error(e.value_mark(), "unknown tag " + Quote(tag) + " on " + Quote(e.key) +
                                "; the one tag here is " + kTextTag + " (literal text)");
    return std::nullopt;
  }
  if (tag != kTextTag && text.size() >= 2 && text.front() == '/' && text.back() == '/') {
    auto re = yaml::CompileRegex(r, text.substr(1, text.size() - 2), e.value_mark(), e.key);
    if (!re) return std::nullopt;
    value.regex = std::move(*re);
    return value;
  }
  value.text = text;
  return value;
}

std::optional<LogPattern> ReadLogPattern(Reporter& r, const Entry& e) {
  LogPattern pattern;
  if (!e.value.IsMap()) {
    auto re = yaml::ReadRegex(r, e);
    if (!re) return std::nullopt;
    pattern.line = std::move(*re);
    return pattern;
  }
  if (e.value.size() == 0) {
    r.Error(e.value_mark(),
            "a log pattern needs \"msg\" or an attribute, e.g. "
            "{msg: \"upload ended\", accepted: 17}");
    return std::nullopt;
  }
  bool ok = true;
  for (auto it = e.value.begin(); it != e.value.end(); ++it) {
    const YAML::Node key = it->first;
    const std::string name = key.IsScalar() ? key.Scalar() : std::string();
    if (!ValidKey(name)) {
      r.Error(key.Mark(), "a log attribute's key must be a name such as sent or err, got " +
                              (name.empty() ? yaml::DescribeNode(key) : Quote(name)));
      ok = false;
      continue;
    }
    const bool duplicate = (name == "msg" && pattern.msg) ||
                           std::any_of(pattern.attrs.begin(), pattern.attrs.end(),
                                       [&](const auto& a) { return a.first == name; });
    if (duplicate) {
      r.Error(key.Mark(), "duplicate key " + Quote(name) + " in log pattern");
      ok = false;
      continue;
    }
    auto value = ReadTextOrRegex(r, Entry{name, key, it->second});
    if (!value) {
      ok = false;
    } else if (name == "msg") {
      pattern.msg = std::move(*value);
    } else {
      pattern.attrs.emplace_back(name, std::move(*value));
    }
  }
  if (!ok) return std::nullopt;
  return pattern;
}

}  // namespace brew::lab::loader
