// A run as Markdown, for a CI job's summary page (GitHub Actions appends
// $GITHUB_STEP_SUMMARY to the job's page; it takes at most 1 MiB):
//
//   ### labrun: score 20/22
//   17 passed, 1 failed, 0 skipped
//
//   | | scenario | points | first failed expectation |
//   |---|---|---|---|
//   | ✅ | bidi_divergence | 2/2 | |
//   | ❌ | upload_bad5 | 0/1 | summary.rejected: expected 5, got 0 |
//   | ⏭️ | upload_slow_reader | – | SKIP: needs brewlab's read_delay ... |
//
// Cells are one line, with '|' escaped; the table stops (saying how many
// rows it left out) before the text would pass `max_bytes`.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "runner/result/result.h"

namespace brew::lab {

inline constexpr std::size_t kMarkdownSummaryMaxBytes = 1000 * 1000;

std::string MarkdownSummary(const std::vector<ScenarioSummary>& summaries,
                            const std::vector<ScenarioResult>& results,
                            std::size_t max_bytes = kMarkdownSummaryMaxBytes);

}  // namespace brew::lab
