#include "runner/report/console.h"

#include <algorithm>
#include <cstdio>
#include <set>
#include <sstream>

#include "runner/result/event_query.h"
#include "runner/result/result.h"

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

// The same event in `events` (the whole timeline) as `e` (a copy in a
// context), by arrival order and content.
bool SameEvent(const TimelineEvent& a, const TimelineEvent& b) {
  return a.seq == b.seq && a.t_ms == b.t_ms && a.kind == b.kind && a.stream == b.stream &&
         a.text == b.text;
}

// One timeline line: "  >   205.3ms  chat     recv #1   echo: ping 1".
std::string TimelineLine(const TimelineEvent& e, bool marked, size_t stream_width) {
  char time[32];
  std::snprintf(time, sizeof time, "%10.1fms", e.t_ms);
  std::string who = e.source == "server" ? "server" : e.stream;
  who.resize(std::max(stream_width, who.size()), ' ');
  std::string what = e.source == "server" ? "log" : EventLabel(e);
  if (e.source == "server" && !e.level.empty() && e.level != "INFO") what += " " + e.level.str();
  what.resize(std::max<size_t>(9, what.size()), ' ');
  std::string line = std::string(marked ? "  > " : "    ") + time + "  " + who + "  " + what;
  if (!e.text.empty() && std::string_view(e.text) != e.status) line.append("  ").append(e.text);
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

std::vector<TimelineEvent> FailureTimeline(const std::vector<TimelineEvent>& events,
                                           const std::vector<TimelineEvent>& context, size_t max,
                                           std::vector<bool>* marked) {
  std::vector<size_t> at;  // where the context's events are in `events`
  for (const TimelineEvent& c : context) {
    for (size_t i = 0; i < events.size(); ++i) {
      if (SameEvent(events[i], c)) {
        at.push_back(i);
        break;
      }
    }
  }
  if (marked) marked->clear();
  if (at.empty() || max == 0) return {};
  std::sort(at.begin(), at.end());
  const size_t center = at[at.size() / 2];
  size_t from = center > max / 2 ? center - max / 2 : 0;
  size_t to = std::min(events.size(), from + max);
  from = to > max ? to - max : 0;
  std::vector<TimelineEvent> out(events.begin() + static_cast<long>(from),
                                 events.begin() + static_cast<long>(to));
  if (marked) {
    for (size_t i = from; i < to; ++i) {
      marked->push_back(std::binary_search(at.begin(), at.end(), i));
    }
  }
  return out;
}

void PrintScenarioResult(std::ostream& out, const ScenarioResult& r, int runs, int failures) {
  if (!r.skipped.empty()) {
    out << "SKIP " << r.name << "  " << r.skipped << '\n';
    return;
  }
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
    const std::string& why = e.detail;
    out << "  skipped:  " << e.expect << "  [" << e.source << "]: " << why << '\n';
  }
  if (r.passed) return;

  // The first failure (the run's error, else the first failed expectation)
  // is shown with a timeline of the events around it, in place of its
  // last:/around: lines; later failures keep the lines the timeline lacks.
  const std::vector<TimelineEvent>* first_context = nullptr;
  if (!r.error.empty()) {
    first_context = &r.error_context;
  } else {
    for (const ExpectationResult& e : r.expectations) {
      if (!e.passed && !IsSkipped(e)) {
        first_context = &e.context;
        break;
      }
    }
  }
  std::vector<bool> marked;
  const std::vector<TimelineEvent> window =
      first_context ? FailureTimeline(r.events, *first_context, kFailureTimelineEvents, &marked)
                    : std::vector<TimelineEvent>{};
  auto shown = [&](const TimelineEvent& ev) {
    for (const TimelineEvent& w : window) {
      if (SameEvent(w, ev)) return true;
    }
    return false;
  };
  auto not_shown = [&](const std::vector<TimelineEvent>& events) {
    std::vector<TimelineEvent> rest;
    for (const TimelineEvent& ev : events) {
      if (!shown(ev)) rest.push_back(ev);
    }
    return rest;
  };

  if (!r.error.empty()) {
    out << "  error:    " << r.error << '\n';
    PrintEvents(out, "  last:     ", not_shown(r.error_context));
    for (const std::string& line : r.process_output) out << "  output:   " << line << '\n';
  }
  for (const ExpectationResult& e : r.expectations) {
    if (e.passed || IsSkipped(e)) continue;
    out << "  expected: " << e.expect << "  [" << e.source << "]\n";
    out << "  got:      " << e.detail << '\n';
    PrintEvents(out, "  around:   ", not_shown(e.context));
  }
  if (!window.empty()) {
    size_t width = 6;  // "server"
    for (const TimelineEvent& ev : window) width = std::max(width, ev.stream.str().size());
    out << "  timeline: " << window.size() << " of " << r.events.size()
        << " events around the first failure (> marks the ones it concerns)\n";
    for (size_t i = 0; i < window.size(); ++i) {
      out << TimelineLine(window[i], marked[i], width) << '\n';
    }
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
    for (const Need& need : s.needs) {
      out << indent << "needs " << ExtensionName(need.what) << ": " << need.why << '\n';
    }
  }
}

void PrintTotals(std::ostream& out, int passed, int failed, int flaky, int skipped) {
  if (flaky > 0) out << flaky << " flaky (counted as failed)\n";
  out << passed << " passed, " << failed << " failed";
  if (skipped > 0) out << ", " << skipped << " skipped";
  out << '\n';
}

}  // namespace brew::lab
