#include "runner/scenario/yaml_reader.h"

#include <yaml-cpp/anchor.h>
#include <yaml-cpp/eventhandler.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <exception>
#include <map>
#include <sstream>

#include "core/util/closest_match.h"
#include "runner/scenario/regex_check.h"

namespace brew::lab {

namespace yaml {

// ---------------------------------------------------------------------------
// Reporter.

void Reporter::ErrorAt(int line, int column, std::string message) {
  if (full()) return;
  kept_.push_back(Diagnostic{file_, line, column, std::move(message)});
}

void Reporter::Error(const YAML::Mark& mark, std::string message) {
  if (mark.is_null() || mark.line < 0) {
    ErrorAt(1, 1, std::move(message));
  } else {
    ErrorAt(mark.line + 1, mark.column + 1, std::move(message));
  }
}

void Reporter::FileError(std::string message) { ErrorAt(0, 0, std::move(message)); }

SourcePos Reporter::Pos(const YAML::Mark& mark) const {
  if (mark.is_null() || mark.line < 0) return SourcePos{file_, 1, 1};
  return SourcePos{file_, mark.line + 1, mark.column + 1};
}

std::vector<Diagnostic> Reporter::Take() {
  std::vector<Diagnostic> out = std::move(kept_);
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  if (out.size() >= limits::kMaxDiagnostics) {
    out.push_back(Diagnostic{file_, 0, 0,
                             "too many errors: stopped after " +
                                 std::to_string(limits::kMaxDiagnostics) + " (fix these first)"});
  }
  kept_.clear();
  return out;
}

// ---------------------------------------------------------------------------
// Text checks.

bool CheckText(std::string_view text, Reporter& r) {
  std::size_t i = 0;
  int line = 1;
  std::size_t line_start = 0;
  // yaml-cpp does not count a leading byte order mark in columns.
  if (text.substr(0, 3) == "\xEF\xBB\xBF") i = line_start = 3;
  auto column = [&](std::size_t at) { return static_cast<int>(at - line_start) + 1; };
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  while (i < n) {
    const unsigned char c = p[i];
    if (c < 0x80) {
      if (c == '\n') {
        ++line;
        line_start = i + 1;
      } else if ((c < 0x20 && c != '\t' && c != '\r') || c == 0x7F) {
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", c);
        r.ErrorAt(line, column(i),
                  std::string("file contains control character ") + code + " at line " +
                      std::to_string(line) + " column " + std::to_string(column(i)) +
                      " (a scenario is plain text)");
        return false;
      }
      ++i;
      continue;
    }
    // Multi-byte sequence: lead byte, length, and the allowed range of the
    // second byte (which rules out overlong forms, surrogates and > U+10FFFF).
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    }
    bool ok = len > 0 && i + len <= n;
    for (std::size_t k = 1; ok && k < len; ++k) {
      const unsigned char b = p[i + k];
      if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) ok = false;
    }
    if (!ok) {
      r.ErrorAt(line, column(i),
                "file is not valid UTF-8 at line " + std::to_string(line) + " column " +
                    std::to_string(column(i)) + " (save it as UTF-8)");
      return false;
    }
    i += len;
  }
  return true;
}

// ---------------------------------------------------------------------------
// Parsing.

namespace {

// Measures nesting on yaml-cpp's event stream, and stops the parse (by
// throwing) at the first container past the limit or at a second document.
class StructureCheck : public YAML::EventHandler {
 public:
  struct TooDeep {
    YAML::Mark mark;
  };
  struct SecondDocument {
    YAML::Mark mark;
  };

  void OnDocumentStart(const YAML::Mark& mark) override {
    if (++documents_ > 1) throw SecondDocument{mark};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t,
                const std::string&) override {}
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Enter(mark);
  }
  void OnSequenceEnd() override { --depth_; }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Enter(mark);
  }
  void OnMapEnd() override { --depth_; }

 private:
  void Enter(const YAML::Mark& mark) {
    if (++depth_ > limits::kMaxDepth) throw TooDeep{mark};
  }

  int depth_ = 0;
  int documents_ = 0;
};

std::string SyntaxMessage(const YAML::Exception& e) {
  std::string msg = e.msg;
  if (msg == YAML::ErrorMsg::BAD_FILE) msg = "the parser gave up (nesting too deep?)";
  if (msg == YAML::ErrorMsg::END_OF_MAP_FLOW || msg == YAML::ErrorMsg::END_OF_SEQ_FLOW) {
    // yaml-cpp says only that the flow did not end where it looked for it.
    msg +=
        " (inside {...} or [...], an unquoted value ends at a , [ ] { }: a /regex/ with "
        "one of them must be quoted, \"/a[0-9]/\", or written in block style, one key per "
        "line)";
  }
  return "YAML syntax error: " + msg;
}

}  // namespace

std::optional<YAML::Node> ParseDocument(std::string_view text, Reporter& r) {
  const std::string owned(text);
  // Pass 1: events only (no nodes), to bound depth and count documents.
  try {
    std::istringstream in(owned);
    YAML::Parser parser(in);
    StructureCheck check;
    while (parser.HandleNextDocument(check)) {
    }
  } catch (const StructureCheck::TooDeep& e) {
    r.Error(e.mark, "YAML nesting is too deep (more than " + std::to_string(limits::kMaxDepth) +
                        " levels of maps and lists)");
    return std::nullopt;
  } catch (const StructureCheck::SecondDocument& e) {
    r.Error(e.mark,
            "a second YAML document starts here; a scenario file holds exactly one "
            "(remove this \"---\" or split the file)");
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    r.Error(e.mark, SyntaxMessage(e));
    return std::nullopt;
  } catch (const std::exception& e) {
    r.ErrorAt(1, 1, std::string("cannot parse the file: ") + e.what());
    return std::nullopt;
  } catch (...) {
    r.ErrorAt(1, 1, "cannot parse the file");
    return std::nullopt;
  }
  // Pass 2: the nodes.
  try {
    return YAML::Load(owned);
  } catch (const YAML::Exception& e) {
    r.Error(e.mark, SyntaxMessage(e));
  } catch (const std::exception& e) {
    r.ErrorAt(1, 1, std::string("cannot parse the file: ") + e.what());
  } catch (...) {
    r.ErrorAt(1, 1, "cannot parse the file");
  }
  return std::nullopt;
}

// ---------------------------------------------------------------------------
// Describing values.

std::string Quote(std::string_view s) {
  constexpr std::size_t kMax = 60;
  std::string out = "\"";
  std::size_t end = s.size();
  bool cut = false;
  if (end > kMax) {
    end = kMax;
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    cut = true;
  }
  for (std::size_t i = 0; i < end; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (cut) out += "...";
  return out + "\"";
}

std::string DescribeNode(const YAML::Node& node) {
  if (!node.IsDefined() || node.IsNull()) return "nothing (null)";
  if (node.IsSequence()) return "a list";
  if (node.IsMap()) return "a map";
  if (node.Tag() == "!") return "the string " + Quote(node.Scalar());
  return Quote(node.Scalar());
}

// ---------------------------------------------------------------------------
// Maps.

YAML::Mark Entry::value_mark() const {
  if (null()) return key_mark();
  const YAML::Mark m = value.Mark();
  if (m.is_null() || m.line < 0) return key_mark();
  return m;
}

namespace {

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

MapReader::MapReader(Reporter& r, const YAML::Node& map, std::string what,
                     const std::vector<std::string>& known)
    : what_(std::move(what)) {
  if (!map.IsDefined() || !map.IsMap()) return;
  std::map<std::string, YAML::Mark> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (r.full()) return;
    const YAML::Node key = it->first;
    if (!key.IsScalar()) {
      r.Error(key.Mark(), "a key " + what_ + " must be a plain name, got " + DescribeNode(key));
      continue;
    }
    const std::string name = key.Scalar();
    auto [pos, inserted] = seen.emplace(name, key.Mark());
    if (!inserted) {
      r.Error(key.Mark(), "duplicate key " + Quote(name) + " " + what_ + " (first at line " +
                              std::to_string(pos->second.line + 1) + ")");
      continue;
    }
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      const std::string guess = ClosestMatch(name, known);
      std::string message = "unknown key " + Quote(name) + " " + what_;
      if (!guess.empty()) {
        message += " (did you mean " + Quote(guess) + "?)";
      } else {
        message += " (known keys: " + JoinNames(known) + ")";
      }
      r.Error(key.Mark(), message);
      continue;
    }
    entries_.push_back(Entry{name, key, it->second});
  }
}

const Entry* MapReader::Find(std::string_view key) const {
  for (const auto& e : entries_) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

// ---------------------------------------------------------------------------
// Typed reads.

namespace {

bool IsPlain(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  return tag == "?" || tag.empty();
}

bool LooksLikeInteger(const std::string& s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i == s.size()) return false;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool LooksLikeNumber(const std::string& s) {
  return !s.empty() && s.find_first_not_of("+-0123456789.eE_") == std::string::npos &&
         s.find_first_of("0123456789") != std::string::npos;
}

}  // namespace

std::optional<int64_t> ReadInt(Reporter& r, const Entry& e, int64_t min, int64_t max) {
  const std::string k = Quote(e.key);
  if (e.null() || !e.value.IsScalar()) {
    r.Error(e.value_mark(), k + " must be an integer, got " + DescribeNode(e.value));
    return std::nullopt;
  }
  const std::string& text = e.value.Scalar();
  if (!IsPlain(e.value) && e.value.Tag() != "tag:yaml.org,2002:int") {
    r.Error(e.value_mark(),
            k + " must be an integer, got " + DescribeNode(e.value) +
                (LooksLikeInteger(text) && e.value.Tag() == "!" ? " (drop the quotes)" : ""));
    return std::nullopt;
  }
  if (!LooksLikeInteger(text)) {
    r.Error(e.value_mark(), k +
                                (LooksLikeNumber(text) ? " must be a whole number, got "
                                                       : " must be an integer, got ") +
                                Quote(text));
    return std::nullopt;
  }
  const char* first = text.data() + (text[0] == '+' ? 1 : 0);
  int64_t value = 0;
  const auto [ptr, ec] = std::from_chars(first, text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    if (text[0] == '-') {
      r.Error(e.value_mark(), k + " must not be negative, got " + text);
    } else {
      r.Error(e.value_mark(), k + " is " + text + ", above the limit of " + std::to_string(max));
    }
    return std::nullopt;
  }
  if (value < min) {
    r.Error(e.value_mark(), min == 0
                                ? k + " must not be negative, got " + text
                                : k + " must be at least " + std::to_string(min) + ", got " + text);
    return std::nullopt;
  }
  if (value > max) {
    r.Error(e.value_mark(), k + " is " + text + ", above the limit of " + std::to_string(max));
    return std::nullopt;
  }
  return value;
}

std::optional<bool> ReadBool(Reporter& r, const Entry& e) {
  if (!e.null() && e.value.IsScalar() &&
      (IsPlain(e.value) || e.value.Tag() == "tag:yaml.org,2002:bool")) {
    const std::string& s = e.value.Scalar();
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
  }
  r.Error(e.value_mark(), Quote(e.key) + " must be true or false, got " + DescribeNode(e.value));
  return std::nullopt;
}

std::optional<std::string> ReadString(Reporter& r, const Entry& e, bool allow_empty) {
  if (e.null()) {
    r.Error(e.value_mark(), Quote(e.key) + " must be a string, got nothing (null)" +
                                (allow_empty ? "; write \"\" for an empty one" : ""));
    return std::nullopt;
  }
  if (!e.value.IsScalar()) {
    r.Error(e.value_mark(), Quote(e.key) + " must be a string, got " + DescribeNode(e.value));
    return std::nullopt;
  }
  if (!allow_empty && e.value.Scalar().empty()) {
    r.Error(e.value_mark(), Quote(e.key) + " must not be empty");
    return std::nullopt;
  }
  return e.value.Scalar();
}

std::string ShortDuration(Duration d) {
  std::string s = FormatDuration(d);
  auto drop = [&s](std::string_view tail) {
    if (s.size() > tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0) {
      s.resize(s.size() - tail.size() + 1);
    }
  };
  drop("m0s");  // "10m0s" -> "10m", "2h0m0s" -> "2h0m"
  drop("h0m");  // "2h0m" -> "2h"
  return s;
}

std::optional<Duration> ReadDuration(Reporter& r, const Entry& e, bool allow_zero, Duration max) {
  const std::string k = Quote(e.key);
  if (e.null() || !e.value.IsScalar()) {
    r.Error(e.value_mark(),
            k + " must be a duration such as 200ms or 1.5s, got " + DescribeNode(e.value));
    return std::nullopt;
  }
  std::string reason;
  const std::optional<Duration> d = ParseDuration(e.value.Scalar(), &reason);
  if (!d) {
    r.Error(e.value_mark(), "bad duration for " + k + ": " + reason);
    return std::nullopt;
  }
  if (!allow_zero && *d <= Duration::zero()) {
    r.Error(e.value_mark(), k + " must be greater than 0");
    return std::nullopt;
  }
  if (*d > max) {
    r.Error(e.value_mark(),
            k + " is " + ShortDuration(*d) + ", above the limit of " + ShortDuration(max));
    return std::nullopt;
  }
  return d;
}

std::optional<CountMatch> ReadCount(Reporter& r, const Entry& e, int64_t max) {
  if (!e.null() && e.value.IsScalar()) {
    const auto n = ReadInt(r, e, 0, max);
    if (!n) return std::nullopt;
    return CountMatch::Exactly(*n);
  }
  if (e.null() || !e.value.IsMap()) {
    r.Error(e.value_mark(), Quote(e.key) +
                                " must be a count: a number, {at_least: N}, {at_most: N} or "
                                "both; got " +
                                DescribeNode(e.value));
    return std::nullopt;
  }
  MapReader m(r, e.value, "in " + Quote(e.key), {"at_least", "at_most"});
  const Entry* lo = m.Find("at_least");
  const Entry* hi = m.Find("at_most");
  if (lo == nullptr && hi == nullptr) {
    // Unknown keys were reported already; only an empty map needs a word.
    if (e.value.size() == 0) {
      r.Error(e.value_mark(), Quote(e.key) + " needs at_least and/or at_most");
    }
    return std::nullopt;
  }
  CountMatch out;
  bool ok = true;
  if (lo != nullptr) {
    out.at_least = ReadInt(r, *lo, 0, max);
    ok = ok && out.at_least.has_value();
  }
  if (hi != nullptr) {
    out.at_most = ReadInt(r, *hi, 0, max);
    ok = ok && out.at_most.has_value();
  }
  if (!ok || m.entries().size() != e.value.size()) return std::nullopt;
  if (out.at_least && out.at_most && *out.at_least > *out.at_most) {
    r.Error(hi->value_mark(), Quote(e.key) + ": at_most (" + std::to_string(*out.at_most) +
                                  ") is less than at_least (" + std::to_string(*out.at_least) +
                                  ")");
    return std::nullopt;
  }
  return out;
}

std::optional<Regex> ReadRegex(Reporter& r, const Entry& e) {
  const auto text = ReadString(r, e, /*allow_empty=*/false);
  if (!text) return std::nullopt;
  return CompileRegex(r, *text, e.value_mark(), e.key);
}

std::optional<Regex> CompileRegex(Reporter& r, const std::string& text, const YAML::Mark& mark,
                                  const std::string& key) {
  if (auto cached = r.regexes_.find(text); cached != r.regexes_.end()) return cached->second;
  int64_t states = 0;
  if (const auto why = RegexRefusal(text, &states)) {
    // A pattern too long to quote is named by its key.
    const std::string name =
        text.size() > limits::kMaxRegexLength ? Quote(key) + " pattern" : "regex " + Quote(text);
    r.Error(mark, name + " " + *why);
    return std::nullopt;
  }
  if (r.regex_states_ + states > limits::kMaxRegexStatesTotal) {
    r.Error(mark, "too many complex regexes in one file (about " +
                      std::to_string(r.regex_states_ + states) +
                      " automaton states in all; limit " +
                      std::to_string(limits::kMaxRegexStatesTotal) + ")");
    return std::nullopt;
  }
  r.regex_states_ += states;
  try {
    Regex re{text, std::regex(text, std::regex::ECMAScript)};
    if (r.regexes_.size() < 10000) r.regexes_.emplace(text, re);
    return re;
  } catch (const std::regex_error& err) {
    r.Error(mark, "bad regex " + Quote(text) + ": " + err.what());
  } catch (const std::exception& err) {
    r.Error(mark, "bad regex " + Quote(text) + ": " + err.what());
  }
  return std::nullopt;
}

std::optional<LogSource> ReadSource(Reporter& r, const Entry& e) {
  const auto text = ReadString(r, e, /*allow_empty=*/false);
  if (!text) return std::nullopt;
  if (*text == "server") return LogSource::kServer;
  if (*text == "client") return LogSource::kClient;
  if (*text == "kafka") return LogSource::kKafka;
  const std::string guess = ClosestMatch(*text, {"server", "client", "kafka"});
  r.Error(e.value_mark(), Quote(e.key) + " must be server, client or kafka, got " + Quote(*text) +
                              (guess.empty() ? "" : " (did you mean " + Quote(guess) + "?)"));
  return std::nullopt;
}

}  // namespace yaml
}  // namespace brew::lab
