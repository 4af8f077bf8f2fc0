// The files a finished labrun run writes: index.json and index.html in the
// report directory always, and each report a flag names (--junit,
// --results, --prairielearn, --html, --trace, --summary-md). One table in
// report_files.cc lists them; a file that cannot be written is reported
// and the others are still written.
#pragma once

#include <string>
#include <vector>

#include "runner/cli/labrun_options.h"
#include "runner/run/suite.h"

namespace brew::lab {

// Writes them; returns one line per file that could not be written
// ("cannot write build/x/junit.xml"), empty when all were.
std::vector<std::string> WriteRunReports(const LabrunOptions& options, const SuiteOutcome& run,
                                         const std::string& started_at, double duration_ms);

}  // namespace brew::lab
