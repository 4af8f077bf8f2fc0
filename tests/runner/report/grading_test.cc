// labrun's grading outputs from hand-made results: JUnit XML (counts, suites
// per directory, failure text, escaping -- checked by a real XML parser),
// Gradescope results.json (totals, statuses, field names) and the score
// line. --shard is tested with the run stage (tests/runner/run/shard_test.cc).
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>
#include <vector>

#include "runner/report/gradescope.h"
#include "runner/report/junit.h"
#include "runner/report/markdown_summary.h"
#include "runner/report/prairielearn.h"
#include "runner/report/score.h"
#include "runner/report/utf8.h"

namespace brew::lab {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const std::string kFffd = "\xEF\xBF\xBD";  // U+FFFD

// ---------------------------------------------------------------------------
// Hand-made inputs.

TimelineEvent ServerLog(double t_ms, const std::string& text) {
  TimelineEvent e;
  e.t_ms = t_ms;
  e.source = "server";
  e.kind = "log";
  e.level = "INFO";
  e.text = text;
  return e;
}

TimelineEvent Recv(double t_ms, const std::string& stream, int n, const std::string& text) {
  TimelineEvent e;
  e.t_ms = t_ms;
  e.source = "client";
  e.stream = stream;
  e.SetEvent(EventKind::kRecv);
  e.n = n;
  e.text = text;
  return e;
}

ExpectationResult Passed(const std::string& expect) {
  ExpectationResult e;
  e.expect = expect;
  e.source = "scenarios/x.yaml:1:1";
  e.passed = true;
  e.detail = "ok";
  return e;
}

ExpectationResult Failed(const std::string& expect, const std::string& source,
                         const std::string& detail, std::vector<TimelineEvent> context = {}) {
  ExpectationResult e;
  e.expect = expect;
  e.source = source;
  e.passed = false;
  e.detail = detail;
  e.context = std::move(context);
  return e;
}

ExpectationResult Skipped(const std::string& expect, bool passed_flag) {
  ExpectationResult e;
  e.expect = expect;
  e.source = "scenarios/x.yaml:9:3";
  e.passed = passed_flag;
  e.skipped = true;
  e.detail = "the server's log is not captured";
  return e;
}

struct ScenarioRun {
  ScenarioSummary summary;
  ScenarioResult result;
};

ScenarioRun Scenario(const std::string& name, const std::string& file, bool passed, int points = 1,
                     double ms = 250) {
  ScenarioRun run;
  run.summary.name = name;
  run.summary.file = file;
  run.summary.points = points;
  run.summary.runs = 1;
  run.summary.failures = passed ? 0 : 1;
  run.summary.duration_ms = ms;
  run.result.name = name;
  run.result.file = file;
  run.result.description = "What " + name + "\n  shows.";
  run.result.points = points;
  run.result.passed = passed;
  run.result.duration_ms = ms;
  run.result.expectations.push_back(Passed("log /started/"));
  if (!passed) {
    run.result.expectations.push_back(Failed("stream import: summary rejected 5", file + ":9:5",
                                             "stream import: summary.rejected: expected 5, got 3",
                                             {ServerLog(12.25, "upload ended rejected=3")}));
  }
  return run;
}

struct Suite {
  std::vector<ScenarioSummary> summaries;
  std::vector<ScenarioResult> results;
  void Add(const ScenarioRun& run) {
    summaries.push_back(run.summary);
    results.push_back(run.result);
  }
};

size_t Count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

// ---------------------------------------------------------------------------
// A real XML parser: /usr/bin/python3's ElementTree (expat), which rejects
// documents that are not well-formed, characters XML forbids, and invalid
// UTF-8.

std::string TempPath(const std::string& stem) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  return (std::filesystem::path(::testing::TempDir()) /
          (std::string("grading_") + info->name() + "_" + stem + "_" + std::to_string(::getpid())))
      .string();
}

void WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int ExitCode(const std::string& command) {
  const int status = std::system(command.c_str());
  return status != -1 && WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// The exit code of the brief's one-line parse check on `xml` (0: parsed).
int PythonParses(const std::string& xml) {
  const std::string path = TempPath("doc.xml");
  WriteFile(path, xml);
  const int code = ExitCode(
      "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' '" +
      path + "' 2>/dev/null");
  std::filesystem::remove(path);
  return code;
}

// The first <failure>'s message attribute and text as the parser reads
// them (after unescaping), "message\n---\ntext"; "" if parsing failed.
std::string PythonFailure(const std::string& xml) {
  const std::string in = TempPath("in.xml");
  const std::string out = TempPath("out.txt");
  WriteFile(in, xml);
  const int code = ExitCode(
      "/usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E\n"
      "f = E.parse(sys.argv[1]).getroot().find(\".//failure\")\n"
      "open(sys.argv[2], \"w\", encoding=\"utf-8\", newline=\"\").write("
      "f.get(\"message\") + \"\\n---\\n\" + f.text)' '" +
      in + "' '" + out + "'");
  std::string text = code == 0 ? ReadFile(out) : "";
  std::filesystem::remove(in);
  std::filesystem::remove(out);
  return text;
}

// ---------------------------------------------------------------------------
// JUnit XML

TEST(JUnit, CountsTestsFailuresAndTime) {
  Suite s;
  s.Add(Scenario("bidi_divergence", "scenarios/bidi_divergence.yaml", true, 1, 410));
  s.Add(Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false, 2, 120));
  s.Add(Scenario("chat_fast", "scenarios/chat_fast.yaml", true, 1, 220));
  const std::string xml = JUnitXml(s.summaries, s.results);

  EXPECT_THAT(xml, ::testing::StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
  EXPECT_THAT(xml, HasSubstr("<testsuites name=\"labrun\" tests=\"3\" failures=\"1\" errors=\"0\" "
                             "skipped=\"0\" time=\"0.750\">"));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"scenarios\" tests=\"3\" failures=\"1\" "
                             "errors=\"0\" skipped=\"0\" time=\"0.750\">"));
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"upload_bad5\" classname=\"scenarios.upload_bad5\" "
                             "time=\"0.120\">"));
  EXPECT_EQ(Count(xml, "<testcase "), 3u);
  EXPECT_EQ(Count(xml, "<failure "), 1u);
  EXPECT_EQ(Count(xml, "<skipped"), 0u);
  EXPECT_EQ(PythonParses(xml), 0) << xml;
}

TEST(JUnit, AFlakyScenarioIsAFailureAndSaysHowOften) {
  ScenarioRun flaky = Scenario("chat_fast", "scenarios/chat_fast.yaml", false);
  flaky.summary.runs = 50;
  flaky.summary.failures = 2;
  Suite s;
  s.Add(flaky);
  const std::string xml = JUnitXml(s.summaries, s.results);
  EXPECT_THAT(xml, HasSubstr("failures=\"1\""));
  EXPECT_THAT(xml, HasSubstr("failed in 2 of 50 runs; this is the first failing run\n"));
}

TEST(JUnit, OneSuitePerDirectoryInOrderOfFirstAppearance) {
  Suite s;
  s.Add(Scenario("a", "scenarios/a.yaml", true));
  s.Add(Scenario("c", "extra/c.yaml", false));
  s.Add(Scenario("b", "./scenarios/b.yaml", true));
  s.Add(Scenario("d", "d.yaml", true));
  const std::string xml = JUnitXml(s.summaries, s.results);

  EXPECT_EQ(Count(xml, "<testsuite "), 3u) << xml;
  const size_t scenarios = xml.find("<testsuite name=\"scenarios\" tests=\"2\" failures=\"0\"");
  const size_t extra = xml.find("<testsuite name=\"extra\" tests=\"1\" failures=\"1\"");
  const size_t cwd = xml.find("<testsuite name=\".\" tests=\"1\" failures=\"0\"");
  ASSERT_NE(scenarios, std::string::npos) << xml;
  ASSERT_NE(extra, std::string::npos) << xml;
  ASSERT_NE(cwd, std::string::npos) << xml;
  EXPECT_LT(scenarios, extra);
  EXPECT_LT(extra, cwd);
  // b (given as ./scenarios/b.yaml) is in the first suite, before "extra".
  const size_t b = xml.find("classname=\"scenarios.b\"");
  EXPECT_GT(b, scenarios);
  EXPECT_LT(b, extra);
  EXPECT_THAT(xml, HasSubstr("classname=\"extra.c\""));
  EXPECT_THAT(xml, HasSubstr("classname=\"..d\""));
  EXPECT_EQ(PythonParses(xml), 0) << xml;
}

TEST(JUnit, SuiteNameIsTheNormalisedDirectory) {
  EXPECT_EQ(JUnitSuiteName("scenarios/bidi_divergence.yaml"), "scenarios");
  EXPECT_EQ(JUnitSuiteName("./scenarios/bidi_divergence.yaml"), "scenarios");
  EXPECT_EQ(JUnitSuiteName("scenarios//x.yaml"), "scenarios");
  EXPECT_EQ(JUnitSuiteName("tests/data/valid/x.yaml"), "tests/data/valid");
  EXPECT_EQ(JUnitSuiteName("/srv/lab/scenarios/x.yaml"), "/srv/lab/scenarios");
  EXPECT_EQ(JUnitSuiteName("x.yaml"), ".");
}

TEST(JUnit, AGivenSuiteNameHoldsEveryScenario) {
  Suite s;
  s.Add(Scenario("a", "scenarios/a.yaml", true));
  s.Add(Scenario("c", "extra/c.yaml", true));
  const std::string xml = JUnitXml(s.summaries, s.results, "student");
  EXPECT_EQ(Count(xml, "<testsuite "), 1u) << xml;
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"student\" tests=\"2\""));
  EXPECT_THAT(xml, HasSubstr("classname=\"student.c\""));
}

TEST(JUnit, FailureMessageIsTheRunErrorElseTheFirstFailedExpectation) {
  ScenarioRun run = Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false);
  // A skipped expectation first, even flagged as not passed: not a failure.
  run.result.expectations.insert(run.result.expectations.begin(), Skipped("log /x/", false));
  run.result.expectations.push_back(
      Failed("stream import: done OK", "scenarios/upload_bad5.yaml:12:5", "got CANCELLED"));
  EXPECT_EQ(
      FailureMessage(run.result),
      "stream import: summary rejected 5: stream import: summary.rejected: expected 5, got 3");

  run.result.error = "wait for stream import done: timed out after 5s\n(last event at 4.1s)";
  EXPECT_EQ(FailureMessage(run.result),
            "wait for stream import done: timed out after 5s (last event at 4.1s)");

  Suite s;
  s.Add(run);
  const std::string xml = JUnitXml(s.summaries, s.results);
  EXPECT_THAT(xml, HasSubstr("<failure message=\"wait for stream import done: timed out after 5s "
                             "(last event at 4.1s)\" type=\"labrun\">"));
}

TEST(JUnit, FailureTextListsEveryFailedExpectationAndTheRunError) {
  ScenarioRun run = Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false);
  run.result.expectations.push_back(Failed("stream import: done OK",
                                           "scenarios/upload_bad5.yaml:12:5", "got CANCELLED",
                                           {Recv(30.5, "import", 2, "summary")}));
  run.result.expectations.push_back(Skipped("log /upload skipped/", true));
  run.result.error = "scenario timeout 10s passed";
  run.result.error_context = {ServerLog(9999.5, "still waiting")};

  const std::string text = FailureText(run.result);
  EXPECT_EQ(text,
            "error: scenario timeout 10s passed\n"
            "  last:   9999.5ms server log still waiting\n"
            "expected: stream import: summary rejected 5  [scenarios/upload_bad5.yaml:9:5]\n"
            "  got:    stream import: summary.rejected: expected 5, got 3\n"
            "  around: 12.2ms server log upload ended rejected=3\n"
            "expected: stream import: done OK  [scenarios/upload_bad5.yaml:12:5]\n"
            "  got:    got CANCELLED\n"
            "  around: 30.5ms import recv #2 summary\n");

  Suite s;
  s.Add(run);
  const std::string xml = JUnitXml(s.summaries, s.results);
  EXPECT_THAT(xml, HasSubstr("type=\"labrun\">error: scenario timeout 10s passed\n"));
  EXPECT_THAT(xml, HasSubstr("  around: 30.5ms import recv #2 summary\n</failure>"));
  EXPECT_THAT(xml, Not(HasSubstr("log /started/"))) << "passed expectations are not listed";
  EXPECT_THAT(xml, Not(HasSubstr("upload skipped"))) << "skipped expectations are not failures";
}

// What a crashed or hung scenario's process printed last (a sanitizer
// report, an abort message) follows its run error, one "output:" line per
// line, each made one line.
TEST(JUnit, FailureTextShowsTheProcessOutputAfterTheRunError) {
  ScenarioRun run = Scenario("run_upload", "scenarios/run_upload.yaml", false);
  run.result.expectations.clear();
  run.result.error = "crashed: SIGSEGV";
  run.result.error_context = {ServerLog(5.5, "upload started")};
  run.result.process_output = {"AddressSanitizer: SEGV on unknown address",
                               "#0 0x1 in Tally\r\nupload_reactor.cc:80"};
  const std::string text = FailureText(run.result);
  EXPECT_EQ(text,
            "error: crashed: SIGSEGV\n"
            "  last:   5.5ms server log upload started\n"
            "  output: AddressSanitizer: SEGV on unknown address\n"
            "  output: #0 0x1 in Tally upload_reactor.cc:80\n");

  Suite s;
  s.Add(run);
  EXPECT_THAT(JUnitXml(s.summaries, s.results),
              HasSubstr("  output: AddressSanitizer: SEGV on unknown address\n"
                        "  output: #0 0x1 in Tally upload_reactor.cc:80\n</failure>"));

  // No run error, no output lines: they belong to the error.
  ScenarioRun failed = Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false);
  failed.result.process_output = {"left over"};
  EXPECT_THAT(FailureText(failed.result), Not(HasSubstr("output:")));
}

TEST(JUnit, SkippedExpectationsAreAPropertyNotASkippedTest) {
  ScenarioRun run = Scenario("subscribe_cancel", "scenarios/subscribe_cancel.yaml", true);
  run.result.expectations.push_back(Skipped("log /client gone/", true));
  run.result.expectations.push_back(Skipped("log /stream ended/", true));
  Suite s;
  s.Add(run);
  s.Add(Scenario("chat_fast", "scenarios/chat_fast.yaml", true));
  const std::string xml = JUnitXml(s.summaries, s.results);

  EXPECT_EQ(Count(xml, "<property name=\"skipped_expectations\" value=\"2\"/>"), 1u) << xml;
  EXPECT_EQ(Count(xml, "skipped_expectations"), 1u) << "only where there are some";
  EXPECT_THAT(xml, HasSubstr("tests=\"2\" failures=\"0\" errors=\"0\" skipped=\"0\""));
  EXPECT_THAT(xml, Not(HasSubstr("<skipped")));
  EXPECT_THAT(xml, Not(HasSubstr("<failure")));
  EXPECT_EQ(SkippedCount(run.result), 2);
}

TEST(JUnit, IsSkippedIsAStateNotAText) {
  ExpectationResult e;
  e.detail = "skipped: looks like one, is not";
  EXPECT_FALSE(brew::lab::IsSkipped(e));
  e.skipped = true;
  e.detail = "no server log";
  EXPECT_TRUE(brew::lab::IsSkipped(e));
  EXPECT_FALSE(IsFailed(e));
}

TEST(JUnit, PointsAndScoreProperties) {
  Suite s;
  s.Add(Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false, 3));
  s.Add(Scenario("bidi_divergence", "scenarios/bidi_divergence.yaml", true, 2));
  const std::string xml = JUnitXml(s.summaries, s.results);

  const size_t failed = xml.find("<testcase name=\"upload_bad5\"");
  const size_t passed = xml.find("<testcase name=\"bidi_divergence\"");
  ASSERT_NE(failed, std::string::npos);
  ASSERT_NE(passed, std::string::npos);
  const std::string failed_case = xml.substr(failed, passed - failed);
  const std::string passed_case = xml.substr(passed);
  EXPECT_THAT(failed_case, HasSubstr("<property name=\"points\" value=\"3\"/>"));
  EXPECT_THAT(failed_case, HasSubstr("<property name=\"score\" value=\"0\"/>"));
  EXPECT_THAT(passed_case, HasSubstr("<property name=\"points\" value=\"2\"/>"));
  EXPECT_THAT(passed_case, HasSubstr("<property name=\"score\" value=\"2\"/>"));
  // The suite's totals, before its first test case.
  const std::string suite_head = xml.substr(0, failed);
  EXPECT_THAT(suite_head, HasSubstr("<property name=\"points\" value=\"5\"/>"));
  EXPECT_THAT(suite_head, HasSubstr("<property name=\"score\" value=\"2\"/>"));
}

TEST(JUnit, SystemOutIsTheLastTwentyEvents) {
  ScenarioRun run = Scenario("chat_fast", "scenarios/chat_fast.yaml", true);
  for (int i = 1; i <= 25; ++i) {
    run.result.events.push_back(ServerLog(i * 10.0, "event " + std::to_string(i) + " done"));
  }
  Suite s;
  s.Add(run);
  const std::string xml = JUnitXml(s.summaries, s.results);
  const size_t from = xml.find("<system-out>");
  const size_t to = xml.find("</system-out>");
  ASSERT_NE(from, std::string::npos) << xml;
  ASSERT_NE(to, std::string::npos);
  const std::string out = xml.substr(from + 12, to - from - 12);
  EXPECT_EQ(Count(out, "\n"), 20u) << out;
  EXPECT_THAT(out, ::testing::StartsWith("60.0ms server log event 6 done\n"));
  EXPECT_THAT(out, ::testing::EndsWith("250.0ms server log event 25 done\n"));
  EXPECT_THAT(out, Not(HasSubstr("event 5 done")));

  // No events: no <system-out>.
  const std::string quiet =
      JUnitXml({Scenario("a", "s/a.yaml", true).summary}, {Scenario("a", "s/a.yaml", true).result});
  EXPECT_THAT(quiet, Not(HasSubstr("<system-out>")));
}

TEST(JUnit, EscapesMarkupControlCharactersAndInvalidUtf8) {
  const std::string hostile = "a <&\"'> b \x01 c \xff d";
  ScenarioRun run = Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false);
  run.result.expectations.clear();
  run.result.expectations.push_back(Failed("log /<order>/", "scenarios/upload_bad5.yaml:3:5",
                                           hostile, {ServerLog(1.5, "student says " + hostile)}));
  run.result.events.push_back(ServerLog(1.5, "student says " + hostile + "\r\nsecond line"));
  run.result.events.push_back(ServerLog(2.5, "nonchar \xEF\xBF\xBE and tab\tend"));
  Suite s;
  s.Add(run);
  const std::string xml = JUnitXml(s.summaries, s.results);

  // The escaped forms.
  const std::string escaped = "a &lt;&amp;&quot;&apos;&gt; b " + kFffd + " c " + kFffd + " d";
  EXPECT_THAT(xml, HasSubstr("message=\"log /&lt;order&gt;/: " + escaped + "\""));
  EXPECT_THAT(xml, HasSubstr("  got:    " + escaped + "\n"));
  EXPECT_THAT(xml, HasSubstr("1.5ms server log student says " + escaped + " second line\n"));
  EXPECT_THAT(xml, HasSubstr("nonchar " + kFffd + " and tab\tend"));
  EXPECT_EQ(xml.find('\x01'), std::string::npos);
  EXPECT_EQ(xml.find('\xff'), std::string::npos);
  EXPECT_EQ(xml.find('\r'), std::string::npos);
  EXPECT_EQ(ValidUtf8(xml), xml) << "the document is valid UTF-8";

  // A real parser accepts it, and reads back what was meant.
  EXPECT_EQ(PythonParses(xml), 0) << xml;
  const std::string meant = "a <&\"'> b " + kFffd + " c " + kFffd + " d";
  EXPECT_EQ(PythonFailure(xml), "log /<order>/: " + meant + "\n---\n" +
                                    "expected: log /<order>/  [scenarios/upload_bad5.yaml:3:5]\n"
                                    "  got:    " +
                                    meant + "\n" + "  around: 1.5ms server log student says " +
                                    meant + "\n");
}

TEST(JUnit, EscapesNamesAndFilesToo) {
  ScenarioRun run = Scenario("a<b>&\"c\"", "dir'\x02/x\xc0\xaf.yaml", false);
  Suite s;
  s.Add(run);
  const std::string xml = JUnitXml(s.summaries, s.results);
  EXPECT_THAT(xml, HasSubstr("<testcase name=\"a&lt;b&gt;&amp;&quot;c&quot;\""));
  EXPECT_THAT(xml, HasSubstr("<testsuite name=\"dir&apos;" + kFffd + "\""));
  EXPECT_EQ(PythonParses(xml), 0) << xml;
}

TEST(JUnit, ThePythonCheckRejectsWhatIsNotWellFormed) {
  // The check the tests above rely on can fail.
  EXPECT_NE(PythonParses("<a>\x01</a>\n"), 0);
  EXPECT_NE(PythonParses("<a>\xff</a>\n"), 0);
  EXPECT_NE(PythonParses("<a b=\"<\"/>\n"), 0);
  EXPECT_NE(PythonParses("<a>&</a>\n"), 0);
  EXPECT_EQ(PythonParses("<a>&amp;&lt;</a>\n"), 0);
}

TEST(JUnit, MissingResultsAndNoScenariosStillMakeADocument) {
  const std::string empty = JUnitXml({}, {});
  EXPECT_THAT(empty, HasSubstr("<testsuites name=\"labrun\" tests=\"0\" failures=\"0\""));
  EXPECT_EQ(PythonParses(empty), 0) << empty;

  ScenarioSummary lone;
  lone.name = "lone";
  lone.file = "scenarios/lone.yaml";
  lone.runs = 1;
  lone.failures = 1;
  const std::string xml = JUnitXml({lone}, {});
  EXPECT_THAT(xml, HasSubstr("<failure message=\"failed\" type=\"labrun\">"));
  EXPECT_EQ(PythonParses(xml), 0) << xml;
}

TEST(Utf8, InvalidSequencesBecomeReplacementCharacters) {
  EXPECT_EQ(ValidUtf8("plain ascii"), "plain ascii");
  EXPECT_EQ(ValidUtf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"),
            "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
  EXPECT_EQ(ValidUtf8("a\xff"
                      "b"),
            "a" + kFffd + "b");
  EXPECT_EQ(ValidUtf8("\x80"), kFffd) << "stray continuation byte";
  EXPECT_EQ(ValidUtf8("\xC0\xAF"), kFffd + kFffd) << "overlong";
  EXPECT_EQ(ValidUtf8("\xE0\x80\xAF"), kFffd + kFffd + kFffd) << "overlong";
  EXPECT_EQ(ValidUtf8("\xED\xA0\x80"), kFffd + kFffd + kFffd) << "surrogate";
  EXPECT_EQ(ValidUtf8("\xF4\x90\x80\x80"), kFffd + kFffd + kFffd + kFffd) << "past U+10FFFF";
  EXPECT_EQ(ValidUtf8("x\xE2\x82"), "x" + kFffd + kFffd) << "truncated";
  EXPECT_EQ(ValidUtf8(std::string("nul\0kept", 8)), std::string("nul\0kept", 8));
}

// ---------------------------------------------------------------------------
// Gradescope results.json

Suite ThreeScenarios() {
  Suite s;
  s.Add(Scenario("bidi_divergence", "scenarios/bidi_divergence.yaml", true, 2, 1200));
  s.Add(Scenario("upload_bad5", "scenarios/upload_bad5.yaml", false, 3, 900));
  s.Add(Scenario("chat_fast", "scenarios/chat_fast.yaml", true, 1, 1300));
  return s;
}

std::set<std::string> Keys(const nlohmann::json& object) {
  std::set<std::string> keys;
  for (const auto& item : object.items()) keys.insert(item.key());
  return keys;
}

TEST(Gradescope, TotalsAndStatuses) {
  const Suite s = ThreeScenarios();
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);

  EXPECT_EQ(j["score"], 3);
  EXPECT_EQ(j["extra_data"]["max_score"], 6);
  EXPECT_EQ(j["max_score"], 6);
  EXPECT_EQ(j["execution_time"], 3);  // 3.4s
  EXPECT_EQ(j["output"], "2 passed, 1 failed; score 3/6");
  ASSERT_EQ(j["tests"].size(), 3u);
  EXPECT_EQ(j["tests"][0]["name"], "bidi_divergence");
  EXPECT_EQ(j["tests"][0]["number"], "1");
  EXPECT_EQ(j["tests"][0]["status"], "passed");
  EXPECT_EQ(j["tests"][0]["score"], 2);
  EXPECT_EQ(j["tests"][0]["max_score"], 2);
  EXPECT_EQ(j["tests"][1]["number"], "2");
  EXPECT_EQ(j["tests"][1]["status"], "failed");
  EXPECT_EQ(j["tests"][1]["score"], 0);
  EXPECT_EQ(j["tests"][1]["max_score"], 3);
  EXPECT_EQ(j["tests"][2]["number"], "3");
  EXPECT_EQ(j["tests"][2]["status"], "passed");
  EXPECT_EQ(j["tests"][2]["score"], 1);
}

TEST(Gradescope, UsesTheDocumentedFieldNamesAndTypes) {
  const Suite s = ThreeScenarios();
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  EXPECT_EQ(Keys(j), (std::set<std::string>{"score", "max_score", "execution_time", "output",
                                            "test_output_format", "extra_data", "tests"}));
  EXPECT_TRUE(j["score"].is_number());
  EXPECT_TRUE(j["execution_time"].is_number_integer());
  EXPECT_TRUE(j["output"].is_string());
  EXPECT_EQ(j["test_output_format"], "text");
  EXPECT_TRUE(j["extra_data"].is_object());
  ASSERT_TRUE(j["tests"].is_array());
  for (const nlohmann::json& t : j["tests"]) {
    EXPECT_EQ(Keys(t),
              (std::set<std::string>{"name", "number", "score", "max_score", "status", "output"}));
    EXPECT_TRUE(t["number"].is_string()) << "Gradescope's number is a string such as \"1.1\"";
    EXPECT_TRUE(t["score"].is_number());
    EXPECT_TRUE(t["max_score"].is_number());
    EXPECT_THAT(t["status"].get<std::string>(), ::testing::AnyOf("passed", "failed"));
  }
}

TEST(Gradescope, OutputIsTheDescriptionThenTheFailureText) {
  const Suite s = ThreeScenarios();
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  EXPECT_EQ(j["tests"][0]["output"], "What bidi_divergence shows.\n");
  EXPECT_EQ(j["tests"][1]["output"], "What upload_bad5 shows.\n\n" + FailureText(s.results[1]));
  EXPECT_THAT(j["tests"][1]["output"].get<std::string>(),
              HasSubstr("expected: stream import: summary rejected 5  "
                        "[scenarios/upload_bad5.yaml:9:5]\n"));
}

TEST(Gradescope, AFlakyScenarioFailsAndScoresNothing) {
  Suite s = ThreeScenarios();
  s.summaries[0].runs = 20;
  s.summaries[0].failures = 1;
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  EXPECT_EQ(j["tests"][0]["status"], "failed");
  EXPECT_EQ(j["tests"][0]["score"], 0);
  EXPECT_EQ(j["score"], 1);
  EXPECT_THAT(j["tests"][0]["output"].get<std::string>(), HasSubstr("failed in 1 of 20 runs"));
}

TEST(Gradescope, SkippedExpectationsAreListedButDoNotFail) {
  Suite s;
  ScenarioRun run = Scenario("subscribe_cancel", "scenarios/subscribe_cancel.yaml", true, 2);
  run.result.expectations.push_back(Skipped("log /client gone/", true));
  s.Add(run);
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  EXPECT_EQ(j["tests"][0]["status"], "passed");
  EXPECT_EQ(j["tests"][0]["score"], 2);
  EXPECT_EQ(j["tests"][0]["output"],
            "What subscribe_cancel shows.\n"
            "not checked: log /client gone/  [scenarios/x.yaml:9:3]: "
            "the server's log is not captured\n");
}

TEST(Gradescope, InvalidUtf8CannotBreakTheJson) {
  Suite s;
  ScenarioRun run = Scenario("upload\xff", "scenarios/upload.yaml", false);
  run.result.expectations.back().detail = "got \xC0\xAF and \x01";
  s.Add(run);
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  std::string text;
  EXPECT_NO_THROW(text = j.dump());
  EXPECT_EQ(j["tests"][0]["name"], "upload" + kFffd);
  EXPECT_THAT(j["tests"][0]["output"].get<std::string>(),
              HasSubstr("got " + kFffd + kFffd + " and \x01"));
  EXPECT_THAT(text, HasSubstr("and \\u0001"));
}

TEST(Gradescope, NoScenarios) {
  const nlohmann::json j = GradescopeResults({}, {});
  EXPECT_EQ(j["score"], 0);
  EXPECT_EQ(j["extra_data"]["max_score"], 0);
  EXPECT_EQ(j["output"], "0 passed, 0 failed; score 0/0");
  EXPECT_TRUE(j["tests"].is_array());
  EXPECT_TRUE(j["tests"].empty());
}

TEST(Gradescope, ASkipScoresNothingOfNothingAndHasNoStatus) {
  Suite s = ThreeScenarios();
  s.summaries[1].skipped = "needs brewlab's read_delay";
  s.summaries[1].runs = 0;
  s.summaries[1].failures = 0;
  const nlohmann::json j = GradescopeResults(s.summaries, s.results);
  EXPECT_EQ(j["score"], 3);
  EXPECT_EQ(j["max_score"], 3);
  EXPECT_EQ(j["output"], "2 passed, 0 failed, 1 skipped; score 3/3");
  EXPECT_EQ(j["tests"][1]["max_score"], 0);
  EXPECT_FALSE(j["tests"][1].contains("status"));
  EXPECT_THAT(j["tests"][1]["output"].get<std::string>(),
              HasSubstr("SKIP: needs brewlab's read_delay"));
}

TEST(JUnit, ASkipIsASkippedTestCase) {
  Suite s = ThreeScenarios();
  s.summaries[1].skipped = "needs brewlab's read_delay";
  s.summaries[1].runs = 0;
  s.summaries[1].failures = 0;
  const std::string xml = JUnitXml(s.summaries, s.results);
  EXPECT_THAT(xml, HasSubstr("<skipped message=\"needs brewlab&apos;s read_delay\"/>"));
  EXPECT_THAT(xml, HasSubstr("failures=\"0\" errors=\"0\" skipped=\"1\""));
}

TEST(PrairieLearn, ScoreIsAFractionAndEachTestHasItsPoints) {
  Suite s = ThreeScenarios();  // 2 + (3, failed) + 1
  s.summaries[2].skipped = "needs brewlab's read_delay";
  const nlohmann::json j = nlohmann::json::parse(PrairieLearnResults(s.summaries, s.results));
  EXPECT_EQ(j["gradable"], true);
  EXPECT_DOUBLE_EQ(j["score"].get<double>(), 2.0 / 5.0);
  EXPECT_EQ(j["message"], "1 passed, 1 failed, 1 skipped; score 2/5");
  ASSERT_EQ(j["tests"].size(), 3u);
  EXPECT_EQ(j["tests"][0]["points"], 2);
  EXPECT_EQ(j["tests"][0]["max_points"], 2);
  EXPECT_EQ(j["tests"][0]["message"], "passed");
  EXPECT_EQ(j["tests"][1]["points"], 0);
  EXPECT_EQ(j["tests"][1]["max_points"], 3);
  EXPECT_NE(j["tests"][1]["message"], "passed");
  EXPECT_THAT(j["tests"][1]["output"].get<std::string>(), HasSubstr("expected:"));
  EXPECT_EQ(j["tests"][2]["max_points"], 0);
  for (const auto& t : j["tests"]) {
    EXPECT_EQ(Keys(t), (std::set<std::string>{"name", "description", "points", "max_points",
                                              "message", "output"}));
  }
}

TEST(PrairieLearn, StaysUnderTheSizeLimitByCuttingOutputs) {
  Suite s = ThreeScenarios();
  s.results[1].error = std::string(200000, 'x');
  const std::string text = PrairieLearnResults(s.summaries, s.results, 50000);
  EXPECT_LE(text.size(), 50000u);
  const nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_THAT(j["tests"][1]["output"].get<std::string>(), HasSubstr("[... cut:"));
}

TEST(MarkdownSummary, ScoreThenOneRowPerScenario) {
  Suite s = ThreeScenarios();
  s.summaries[2].skipped = "needs a | pipe";
  const std::string md = MarkdownSummary(s.summaries, s.results);
  EXPECT_THAT(md, HasSubstr("### labrun: score 2/5\n"));
  EXPECT_THAT(md, HasSubstr("1 passed, 1 failed, 1 skipped"));
  EXPECT_THAT(md, HasSubstr("| ✅ | bidi_divergence | 2/2 | |"));
  EXPECT_THAT(md, HasSubstr("| ❌ | upload_bad5 | 0/3 | "));
  EXPECT_THAT(md, HasSubstr("SKIP: needs a \\| pipe"));
  const std::string small = MarkdownSummary(s.summaries, s.results, 300);
  EXPECT_LE(small.size(), 300u);
  EXPECT_THAT(small, HasSubstr("more scenarios left out"));
}

TEST(Score, PassedPointsOverAllPoints) {
  Suite s = ThreeScenarios();  // 2 + (3, failed) + 1
  EXPECT_EQ(ScoreLine(s.summaries), "score: 3/6");
  s.summaries[1].failures = 0;
  EXPECT_EQ(ScoreLine(s.summaries), "score: 6/6");
  s.summaries[2].runs = 10;
  s.summaries[2].failures = 3;  // flaky: nothing
  EXPECT_EQ(ScoreLine(s.summaries), "score: 5/6");
  EXPECT_EQ(ScoreLine({}), "score: 0/0");
}

}  // namespace
}  // namespace brew::lab
