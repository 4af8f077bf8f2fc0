#include "runner/report/junit.h"

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <map>

#include "runner/result/event_query.h"

namespace brew::lab {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr size_t kTimelineTail = 20;

// Walks `text` as UTF-8, calling on_char(code_point, bytes) for each
// well-formed sequence and on_invalid() for each byte that does not start
// one (which is then skipped on its own).
template <typename OnChar, typename OnInvalid>
void DecodeUtf8(std::string_view text, OnChar on_char, OnInvalid on_invalid) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      on_char(static_cast<char32_t>(c), text.substr(i, 1));
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      on_char(cp, text.substr(i, len));
      i += len;
    } else {
      on_invalid();
      ++i;
    }
  }
}

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
          out += kReplacement;
        }
      },
      [&] { out += kReplacement; });
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

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  DecodeUtf8(
      text, [&](char32_t, std::string_view bytes) { out += bytes; }, [&] { out += kReplacement; });
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
