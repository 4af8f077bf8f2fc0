// What the programs write to the terminal: lines on stdout, one-line errors
// on stderr.
#pragma once

#include <string>

namespace brew::cli {

// Writes `line` and a newline to stdout and flushes, so a pipe (or a test)
// sees each line as it happens. Not locked: callers on several threads
// serialise their calls (see ClientSession).
void PrintLine(const std::string& line);

// Writes "program: message" and a newline to stderr, on one line (any
// newline inside `message` becomes a space).
void PrintError(const std::string& program, const std::string& message);

}  // namespace brew::cli
