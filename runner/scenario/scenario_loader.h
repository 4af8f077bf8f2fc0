// Scenario files -> the validated model (runner/scenario.h), or a list of
// precise diagnostics.
//
// The loader reports every problem it finds (up to limits::kMaxDiagnostics),
// each at the key or value at fault, sorted by position:
//
//   scenarios/x.yaml:14:7: unknown key "intervall" in chat step (did you mean "interval"?)
//
// It never throws, never crashes and never hangs on hostile input: the file
// size, UTF-8, YAML nesting depth, counts, durations, lists and regexes are
// all bounded (docs/scenario-format.md lists the limits).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runner/scenario/scenario.h"

namespace brew::lab {

struct Diagnostic {
  std::string file;
  int line = 0;    // 1-based; 0: about the file as a whole (size, directory, ...)
  int column = 0;  // 1-based, in bytes; 0 with line 0
  std::string message;

  // "FILE:LINE:COLUMN: message", or "FILE: message" for the whole file.
  std::string ToString() const;
};

struct LoadResult {
  std::optional<Scenario> scenario;     // set iff diagnostics is empty
  std::vector<Diagnostic> diagnostics;  // sorted by line, then column

  bool ok() const { return scenario.has_value(); }
};

// Reads and validates one scenario file. Directories, unreadable files and
// files over limits::kMaxFileBytes are reported without being parsed.
LoadResult LoadScenarioFile(const std::string& path);

// Validates `text` as if read from `display_path` (used in diagnostics, as
// Scenario::file and, through its stem, as the default name).
LoadResult LoadScenarioText(std::string_view text, const std::string& display_path);

// labrun's FILE|DIR arguments -> the scenario files to run, in order: a file
// as given (whatever its extension); a directory's `*.yaml` files (not
// recursive), sorted by name. A path given twice runs once. A missing path,
// or a directory without `*.yaml` files, adds a diagnostic (line 0) to
// `errors` and contributes nothing.
std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& args,
                                             std::vector<Diagnostic>* errors);

}  // namespace brew::lab
