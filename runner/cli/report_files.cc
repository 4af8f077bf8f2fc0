#include "runner/cli/report_files.h"

#include <cstdlib>
#include <fstream>
#include <functional>

#include "runner/report/gradescope.h"
#include "runner/report/html_report.h"
#include "runner/report/junit.h"
#include "runner/report/markdown_summary.h"
#include "runner/report/prairielearn.h"
#include "runner/report/report.h"
#include "runner/report/trace_export.h"

namespace brew::lab {
namespace {

struct ReportFile {
  std::string path;  // "" when not asked for
  std::function<std::string()> text;
};

// The summary is appended, not replaced: $GITHUB_STEP_SUMMARY collects
// every step's.
bool AppendText(const std::string& path, const std::string& text, std::string* error) {
  std::ofstream out(path, std::ios::app);
  out << text << '\n';
  out.flush();
  if (out) return true;
  *error = "cannot append the summary to " + path;
  return false;
}

}  // namespace

std::vector<std::string> WriteRunReports(const LabrunOptions& o, const SuiteOutcome& run,
                                         const std::string& started_at, double duration_ms) {
  const auto& summaries = run.scenarios;
  const auto& results = run.results;
  const std::string index_html = o.report_dir + "/index.html";
  const std::string page = HtmlReport(summaries, results, started_at, duration_ms);
  // The page beside index.json is always this run's, never a stale one.
  const ReportFile files[] = {
      {o.report_dir + "/index.json",
       [&] { return PrettyJson(IndexReport(summaries, started_at, duration_ms)); }},
      {index_html, [&] { return page; }},
      {o.html == index_html ? "" : o.html, [&] { return page; }},
      {o.junit, [&] { return JUnitXml(summaries, results); }},
      {o.results, [&] { return PrettyJson(GradescopeResults(summaries, results)); }},
      {o.prairielearn, [&] { return PrairieLearnResults(summaries, results); }},
      {o.trace, [&] { return PrettyJson(TraceJson(results)); }},
  };
  std::vector<std::string> errors;
  std::string error;
  for (const ReportFile& file : files) {
    if (!file.path.empty() && !WriteText(file.path, file.text(), &error)) errors.push_back(error);
  }
  std::string summary_md = o.summary_md;
  if (summary_md.empty()) {
    if (const char* github = std::getenv("GITHUB_STEP_SUMMARY"); github != nullptr) {
      summary_md = github;
    }
  }
  if (!summary_md.empty() && !AppendText(summary_md, MarkdownSummary(summaries, results), &error)) {
    errors.push_back(error);
  }
  return errors;
}

}  // namespace brew::lab
