// JUnit XML for CI test reporters (Jenkins, GitLab, GitHub actions that read
// JUnit): one <testcase> per scenario, grouped in one <testsuite> per
// directory of the scenario files. Also the failure wording and the text
// clean-up that the Gradescope output (gradescope.h) shares.
//
// Shape of the document:
//
//   <testsuites name="labrun" tests="3" failures="1" errors="0" skipped="0" time="1.234">
//     <testsuite name="scenarios" tests="3" failures="1" errors="0" skipped="0" time="1.234">
//       <properties>                      (the suite's totals)
//         <property name="points" value="4"/> <property name="score" value="3"/>
//       </properties>
//       <testcase name="upload_bad5" classname="scenarios.upload_bad5" time="0.120">
//         <properties>
//           <property name="points" value="1"/> <property name="score" value="0"/>
//           <property name="skipped_expectations" value="2"/>   (only when > 0)
//         </properties>
//         <failure message="ONE LINE" type="labrun">every failed expectation,
//           the run error</failure>          (only when the scenario failed)
//         <system-out>the last 20 events, one line each</system-out>
//       </testcase>
//     </testsuite>
//   </testsuites>
//
// A scenario is failed when its summary says so (ScenarioSummary::passed(),
// so a FLAKY scenario under --repeat is failed); the failure's details come
// from the run shown for it (results[i], the first failing run). A SKIP
// scenario (a need the server lacks, target_fit.h) is a testcase with
// time="0.000" and only <skipped message="why"/> in it, counted in the
// skipped="N" totals and in neither points nor score. Skipped expectations
// of a scenario that ran do not skip it: they are a property only.
//
// Every string from a run (log text from a student's server included) is
// made valid UTF-8 (invalid bytes become U+FFFD) and then XML-escaped;
// characters XML 1.0 forbids (control characters other than tab, LF and CR,
// U+FFFE, U+FFFF) also become U+FFFD. The output is always well-formed
// UTF-8 XML.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "runner/report/report.h"
#include "runner/result/result.h"

namespace brew::lab {

// A skipped expectation (IsSkipped, runner/result/result.h) is never a
// failure, and does not make its scenario a skipped test: it is counted (the
// "skipped_expectations" property, the Gradescope output) and nothing more.

// The expectations of `result` that are skipped.
int SkippedCount(const ScenarioResult& result);

// A failed expectation: !passed and not skipped.
bool IsFailed(const ExpectationResult& expectation);

// Why a scenario failed, in one line: the run error if there is one, else
// the first failed expectation's `expect + ": " + detail`, else "failed".
// Line breaks become spaces.
std::string FailureMessage(const ScenarioResult& result);

// Why a scenario failed, in full (newline-terminated lines):
//
//   failed in 2 of 50 runs; this is the first failing run    (when runs > 1)
//   error: <run error>
//     last:   <DescribeEvent>          (the events before the error)
//   expected: <expect>  [<source>]     (each failed expectation)
//     got:    <detail>
//     around: <DescribeEvent>          (the events around the failure)
//
// Used as JUnit's <failure> text and in Gradescope's test output.
std::string FailureText(const ScenarioResult& result, int runs = 1, int failures = 0);

// The testsuite a scenario file belongs to: its directory, normalised
// ("scenarios/x.yaml" and "./scenarios/x.yaml" -> "scenarios"; a file with
// no directory part -> ".").
std::string JUnitSuiteName(const std::string& scenario_file);

// The JUnit XML document (with an XML declaration, newline-terminated).
// `summaries[i]` and `results[i]` describe the same scenario (SuiteOutcome's
// scenarios and results); a missing results[i] counts as an empty run.
// Suites appear in the order their first scenario does; test cases keep the
// input order. When `suite_name_for_cli_args` is non-empty, all scenarios go
// in one <testsuite> of that name instead of one per directory.
std::string JUnitXml(const std::vector<ScenarioSummary>& summaries,
                     const std::vector<ScenarioResult>& results,
                     const std::string& suite_name_for_cli_args = "");

}  // namespace brew::lab
