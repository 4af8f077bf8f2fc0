#include "runner/report/junit.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>

#include "runner/report/utf8.h"
#include "runner/result/event_query.h"

namespace brew::lab {
namespace {

constexpr size_t kTimelineTail = 20;

// The characters XML 1.0 allows (its production `Char`).
bool XmlChar(char32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

// `text` escaped for XML character data, or for a double- or single-quoted
// attribute value when `attribute` (where tab, LF and CR are written as
// character references so that attribute normalisation keeps them).
std::string XmlEscape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  DecodeUtf8(
      text,
      [&](char32_t cp, std::string_view bytes) {
        switch (cp) {
          case '&': out += "&amp;"; return;
          case '<': out += "&lt;"; return;
          case '>': out += "&gt;"; return;
          case '"': out += "&quot;"; return;
          case '\'': out += "&apos;"; return;
          case '\r': out += "&#13;"; return;
          case '\n': out += attribute ? "&#10;" : "\n"; return;
          case '\t': out += attribute ? "&#9;" : "\t"; return;
          default: break;
        }
        if (XmlChar(cp)) {
          out += bytes;
        } else {
          out += kReplacementUtf8;
        }
      },
      [&] { out += kReplacementUtf8; });
  return out;
}

std::string Attr(std::string_view text) { return XmlEscape(text, true); }
std::string Text(std::string_view text) { return XmlEscape(text, false); }

// Line breaks (CR, LF, CRLF) as single spaces.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' || text[i] == '\n') {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += ' ';
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Seconds(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", (ms < 0 ? 0 : ms) / 1000.0);
  return buf;
}

std::string Property(const std::string& indent, const std::string& name, long value) {
  return indent + "<property name=\"" + Attr(name) + "\" value=\"" + std::to_string(value) +
         "\"/>\n";
}

struct Suite {
  std::string name;
  std::vector<size_t> members;  // indexes into summaries
};

}  // namespace

int SkippedCount(const ScenarioResult& result) {
  int n = 0;
  for (const ExpectationResult& e : result.expectations) n += IsSkipped(e) ? 1 : 0;
  return n;
}

bool IsFailed(const ExpectationResult& e) { return !e.passed && !IsSkipped(e); }

std::string FailureMessage(const ScenarioResult& result) {
  if (!result.error.empty()) return OneLine(result.error);
  for (const ExpectationResult& e : result.expectations) {
    if (IsFailed(e)) return OneLine(e.expect + ": " + e.detail);
  }
  return "failed";
}

std::string FailureText(const ScenarioResult& result, int runs, int failures) {
  std::string out;
  if (runs > 1 && failures > 0) {
    out += "failed in " + std::to_string(failures) + " of " + std::to_string(runs) +
           " runs; this is the first failing run\n";
  }
  if (!result.error.empty()) {
    out += "error: " + OneLine(result.error) + "\n";
    for (const TimelineEvent& ev : result.error_context) {
      out += "  last:   " + OneLine(DescribeEvent(ev)) + "\n";
    }
    // What the crashed or hung process printed last (a sanitizer report,
    // an abort message, the handler's own last words).
    for (const std::string& line : result.process_output) {
      out += "  output: " + OneLine(line) + "\n";
    }
  }
  for (const ExpectationResult& e : result.expectations) {
    if (!IsFailed(e)) continue;
    out += "expected: " + OneLine(e.expect);
    if (!e.source.empty()) out += "  [" + OneLine(e.source) + "]";
    out += "\n  got:    " + OneLine(e.detail) + "\n";
    for (const TimelineEvent& ev : e.context) {
      out += "  around: " + OneLine(DescribeEvent(ev)) + "\n";
    }
  }
  return out;
}

std::string JUnitSuiteName(const std::string& scenario_file) {
  std::string dir = std::filesystem::path(scenario_file).parent_path().lexically_normal().string();
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir.empty() ? "." : dir;
}

std::string JUnitXml(const std::vector<ScenarioSummary>& summaries,
                     const std::vector<ScenarioResult>& results,
                     const std::string& suite_name_for_cli_args) {
  static const ScenarioResult kNoRun;
  auto result_of = [&](size_t i) -> const ScenarioResult& {
    return i < results.size() ? results[i] : kNoRun;
  };

  std::vector<Suite> suites;
  std::map<std::string, size_t> suite_index;
  for (size_t i = 0; i < summaries.size(); ++i) {
    const std::string name =
        !suite_name_for_cli_args.empty()
            ? suite_name_for_cli_args
            : JUnitSuiteName(summaries[i].file.empty() ? result_of(i).file : summaries[i].file);
    auto [it, fresh] = suite_index.emplace(name, suites.size());
    if (fresh) suites.push_back(Suite{name, {}});
    suites[it->second].members.push_back(i);
  }

  int total_failures = 0, total_skipped = 0;
  double total_ms = 0;
  std::string body;
  for (const Suite& suite : suites) {
    int failures = 0, skipped_cases = 0;
    long points = 0, score = 0;
    double ms = 0;
    std::string cases;
    for (size_t i : suite.members) {
      const ScenarioSummary& s = summaries[i];
      const ScenarioResult& r = result_of(i);
      if (!s.skipped.empty()) {
        // A SKIP (target_fit.h): out of the points, neither pass nor failure.
        ++skipped_cases;
        cases += "    <testcase name=\"" + Attr(s.name) + "\" classname=\"" +
                 Attr(suite.name + "." + s.name) + "\" time=\"0.000\">\n";
        cases += "      <skipped message=\"" + Attr(s.skipped) + "\"/>\n";
        cases += "    </testcase>\n";
        continue;
      }
      const bool passed = s.passed();
      const int skipped = SkippedCount(r);
      failures += passed ? 0 : 1;
      points += s.points;
      score += passed ? s.points : 0;
      ms += s.duration_ms > 0 ? s.duration_ms : 0;

      cases += "    <testcase name=\"" + Attr(s.name) + "\" classname=\"" +
               Attr(suite.name + "." + s.name) + "\" time=\"" + Seconds(s.duration_ms) + "\">\n";
      cases += "      <properties>\n";
      cases += Property("        ", "points", s.points);
      cases += Property("        ", "score", passed ? s.points : 0);
      if (skipped > 0) cases += Property("        ", "skipped_expectations", skipped);
      cases += "      </properties>\n";
      if (!passed) {
        cases += "      <failure message=\"" + Attr(FailureMessage(r)) + "\" type=\"labrun\">" +
                 Text(FailureText(r, s.runs, s.failures)) + "</failure>\n";
      }
      if (!r.events.empty()) {
        std::string tail;
        for (const TimelineEvent& ev : LastEvents(r.events, kTimelineTail)) {
          tail += OneLine(DescribeEvent(ev)) + "\n";
        }
        cases += "      <system-out>" + Text(tail) + "</system-out>\n";
      }
      cases += "    </testcase>\n";
    }
    total_failures += failures;
    total_skipped += skipped_cases;
    total_ms += ms;
    body += "  <testsuite name=\"" + Attr(suite.name) + "\" tests=\"" +
            std::to_string(suite.members.size()) + "\" failures=\"" + std::to_string(failures) +
            "\" errors=\"0\" skipped=\"" + std::to_string(skipped_cases) + "\" time=\"" +
            Seconds(ms) + "\">\n";
    body += "    <properties>\n";
    body += Property("      ", "points", points);
    body += Property("      ", "score", score);
    body += "    </properties>\n";
    body += cases;
    body += "  </testsuite>\n";
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites name=\"labrun\" tests=\"" + std::to_string(summaries.size()) +
         "\" failures=\"" + std::to_string(total_failures) + "\" errors=\"0\" skipped=\"" +
         std::to_string(total_skipped) + "\" time=\"" + Seconds(total_ms) + "\">\n";
  out += body;
  out += "</testsuites>\n";
  return out;
}

}  // namespace brew::lab
