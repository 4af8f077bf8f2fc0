// The loader's tools over yaml-cpp: collecting diagnostics, the safe parse
// (size, UTF-8, depth and syntax checks before any YAML::Node exists), and
// typed, position-aware reads of map entries. Internal to labrunner_model;
// runner/scenario_loader.h is the API.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/scenario/scenario.h"
#include "runner/scenario/scenario_loader.h"

namespace brew::lab::yaml {

struct Entry;

// Per-file state: the diagnostics, and the log patterns compiled so far.
// Marks are yaml-cpp's (0-based); the diagnostics are 1-based. After limits::kMaxDiagnostics errors
// the rest are dropped, and full() tells walkers to stop.
class Reporter {
 public:
  explicit Reporter(std::string file) : file_(std::move(file)) {}

  void Error(const YAML::Mark& mark, std::string message);
  void ErrorAt(int line, int column, std::string message);  // 1-based
  void FileError(std::string message);                      // line 0

  bool full() const { return kept_.size() >= limits::kMaxDiagnostics; }
  bool empty() const { return kept_.empty(); }

  SourcePos Pos(const YAML::Mark& mark) const;
  SourcePos FilePos() const { return SourcePos{file_, 0, 0}; }
  const std::string& file() const { return file_; }

  // Sorted by position (file-level first), plus a last "too many errors:
  // stopped after N" line if the limit was reached.
  std::vector<Diagnostic> Take();

 private:
  friend std::optional<Regex> CompileRegex(Reporter& r, const std::string& text,
                                           const YAML::Mark& mark, const std::string& key);

  std::string file_;
  std::vector<Diagnostic> kept_;
  // CompileRegex: each distinct pattern is compiled once, and the estimated
  // automaton size of all of them is bounded (limits::kMaxRegexStatesTotal).
  std::map<std::string, Regex, std::less<>> regexes_;
  int64_t regex_states_ = 0;
};

// Checks that `text` is UTF-8 without control characters other than tab,
// CR and LF; on failure reports "file is not valid UTF-8 at line L column C"
// (or "... control character U+0001 ...") and returns false.
bool CheckText(std::string_view text, Reporter& r);

// Parses `text` as exactly one YAML document of nesting depth <=
// limits::kMaxDepth. Syntax errors, a second document and too deep nesting
// are reported (the depth is measured on the event stream before any node is
// built, so deep input cannot exhaust the stack). Returns nullopt on any
// error; a Null node for an empty document.
std::optional<YAML::Node> ParseDocument(std::string_view text, Reporter& r);

// "a map", "a list", "nothing (null)", "\"text\"" (shortened): for
// "must be X, got Y" messages.
std::string DescribeNode(const YAML::Node& node);

// `s` in double quotes, with control characters escaped and long text cut.
std::string Quote(std::string_view s);

// One entry of a YAML map.
struct Entry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;

  YAML::Mark key_mark() const { return key_node.Mark(); }
  // The value's position; the key's when the value is null (yaml-cpp puts an
  // empty value at the next token, which may be lines away) or unknown.
  YAML::Mark value_mark() const;
  bool null() const { return !value.IsDefined() || value.IsNull(); }
};

// A map's entries. Reports keys that are not scalars, duplicate keys (which
// yaml-cpp keeps) and keys not in `known` (with a "did you mean" when one is
// close, else the list of known keys). Unknown and duplicate entries are
// left out of entries().
class MapReader {
 public:
  // `where` places the map in messages: `unknown key "x" <where>`, e.g.
  // "in chat step" or "at the top level".
  MapReader(Reporter& r, const YAML::Node& map, std::string where,
            const std::vector<std::string>& known);

  const Entry* Find(std::string_view key) const;
  bool Has(std::string_view key) const { return Find(key) != nullptr; }
  const std::vector<Entry>& entries() const { return entries_; }
  const std::string& what() const { return what_; }

 private:
  std::string what_;
  std::vector<Entry> entries_;
};

// A duration as short as Go writes it but without zero tails: "2h", "10m",
// "1h30m", "1.5s".
std::string ShortDuration(Duration d);

// Typed reads. Each reports a precise error at the entry and returns nullopt
// when the value is of the wrong type or out of range.

// A plain (unquoted) decimal integer in [min, max].
std::optional<int64_t> ReadInt(Reporter& r, const Entry& e, int64_t min, int64_t max);
// Plain true/false (also True/TRUE/False/FALSE).
std::optional<bool> ReadBool(Reporter& r, const Entry& e);
// Any scalar, quoted or not (a plain `null`/`~`/nothing is not a string).
std::optional<std::string> ReadString(Reporter& r, const Entry& e, bool allow_empty);
// A Go-style duration (brew::ParseDuration) in [0 or >0, max].
std::optional<Duration> ReadDuration(Reporter& r, const Entry& e, bool allow_zero,
                                     Duration max = limits::kMaxDuration);
// An integer (exactly) or {at_least: N, at_most: M} (either or both), in [0, max].
std::optional<CountMatch> ReadCount(Reporter& r, const Entry& e, int64_t max);
// A std::regex (ECMAScript), compiled here once it passes RegexRefusal
// (runner/regex_check.h), and within limits::kMaxRegexStatesTotal for all
// of a file's patterns, so no pattern takes long to compile.
std::optional<Regex> ReadRegex(Reporter& r, const Entry& e);
// The same for `text` found at `mark` under `key` (which names a pattern too
// long to quote).
std::optional<Regex> CompileRegex(Reporter& r, const std::string& text, const YAML::Mark& mark,
                                  const std::string& key);

// "server" or "client".
std::optional<LogSource> ReadSource(Reporter& r, const Entry& e);

}  // namespace brew::lab::yaml
