#include "runner/console.h"

#include <cstdio>
#include <sstream>

#include "runner/event_query.h"
#include "runner/executor.h"
#include "runner/expectations.h"

namespace brew::lab {
namespace {

std::string Seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fs", ms / 1000.0);
  return buf;
}

void PrintEvents(std::ostream& out, const char* label, const std::vector<TimelineEvent>& events) {
  bool first = true;
  for (const TimelineEvent& e : events) {
    out << (first ? label : "            ") << DescribeEvent(e) << '\n';
    first = false;
  }
}

}  // namespace

void PrintScenarioResult(std::ostream& out, const ScenarioResult& r, int runs, int failures) {
  const bool flaky = failures > 0 && failures < runs;
  const char* verdict = flaky ? "FLAKY" : (failures > 0 || !r.passed ? "FAIL" : "PASS");
  out << verdict << ' ' << r.name << "  " << Seconds(r.duration_ms);
  if (runs > 1) {
    out << "  ("
        << (failures == 0 ? std::to_string(runs) + " runs"
                          : std::to_string(failures) + " of " + std::to_string(runs) +
                                " runs failed; showing the first")
        << ')';
  }
  out << '\n';
  for (const ExpectationResult& e : r.expectations) {
    if (!IsSkipped(e)) continue;
    const std::string why = e.detail.substr(std::string(kSkippedPrefix).size());
    out << "  skipped:  " << e.expect << "  [" << e.source << "]: " << why << '\n';
  }
  if (r.passed) return;

  if (!r.error.empty()) {
    out << "  error:    " << r.error << '\n';
    PrintEvents(out, "  last:     ", r.error_context);
  }
  for (const ExpectationResult& e : r.expectations) {
    if (e.passed) continue;
    out << "  expected: " << e.expect << "  [" << e.source << "]\n";
    out << "  got:      " << e.detail << '\n';
    PrintEvents(out, "  around:   ", e.context);
  }
}

void PrintScenarioList(std::ostream& out, const std::vector<Scenario>& scenarios) {
  constexpr size_t kWidth = 80;
  const std::string indent = "    ";
  for (const Scenario& s : scenarios) {
    out << s.name << "  (" << s.file << ", " << s.points << " point" << (s.points == 1 ? "" : "s")
        << ")\n";
    std::string line;
    std::istringstream words(s.description);
    for (std::string word; words >> word;) {
      if (!line.empty() && indent.size() + line.size() + 1 + word.size() > kWidth) {
        out << indent << line << '\n';
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    if (!line.empty()) out << indent << line << '\n';
  }
}

void PrintTotals(std::ostream& out, int passed, int failed, int flaky) {
  if (flaky > 0) out << flaky << " flaky (counted as failed)\n";
  out << passed << " passed, " << failed << " failed\n";
}

}  // namespace brew::lab
