// The scenario loader against the files in tests/data and against hostile
// input generated here.
//
// tests/data/invalid/*.yaml: one mistake each; the first line says what the
// loader must report:  # expect: LINE:COLUMN: message-substring
// tests/data/valid/*.yaml: load cleanly; the tests below check the model.
#include "runner/scenario/scenario_loader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "runner/scenario/scenario.h"

namespace brew::lab {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

const std::string kDataDir = BREW_TEST_DATA_DIR;

std::vector<std::string> YamlFiles(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml") out.push_back(it->path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string AllDiagnostics(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += "\n  " + d.ToString();
  return out;
}

// Loads without letting an exception escape the test (the loader must not
// throw; if it does, the test fails with what it threw).
LoadResult Load(const std::string& text, const std::string& path = "mem.yaml") {
  try {
    return LoadScenarioText(text, path);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "LoadScenarioText threw: " << e.what();
  } catch (...) {
    ADD_FAILURE() << "LoadScenarioText threw";
  }
  return {};
}

LoadResult LoadFile(const std::string& path) {
  try {
    return LoadScenarioFile(path);
  } catch (const std::exception& e) {
    ADD_FAILURE() << "LoadScenarioFile threw: " << e.what();
  } catch (...) {
    ADD_FAILURE() << "LoadScenarioFile threw";
  }
  return {};
}

// Exactly one diagnostic at line:column whose message contains `substring`.
::testing::AssertionResult HasOnly(const LoadResult& r, int line, int column,
                                   const std::string& substring) {
  if (r.ok()) return ::testing::AssertionFailure() << "loaded fine, expected an error";
  if (r.diagnostics.size() != 1) {
    return ::testing::AssertionFailure()
           << r.diagnostics.size() << " diagnostics, expected 1:" << AllDiagnostics(r);
  }
  const Diagnostic& d = r.diagnostics[0];
  if (d.line != line || d.column != column || d.message.find(substring) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "got " << d.line << ":" << d.column << ": " << d.message << "\nwant " << line << ":"
           << column << ": ..." << substring << "...";
  }
  return ::testing::AssertionSuccess();
}

// A scratch directory, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("scenario_loader_test." + std::to_string(::getpid()) + "." + info->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string p = (path_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

// ---------------------------------------------------------------------------
// tests/data/invalid

class InvalidFile : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidFile, ReportsTheExpectedDiagnostic) {
  const std::string path = kDataDir + "/invalid/" + GetParam();
  const std::string text = ReadAll(path);
  std::smatch m;
  const std::string first_line = text.substr(0, text.find('\n'));
  static const std::regex kExpect(R"(^# expect: (\d+):(\d+): (.+)$)");
  ASSERT_TRUE(std::regex_match(first_line, m, kExpect))
      << path << ": the first line must be \"# expect: LINE:COLUMN: message\", got: " << first_line;
  const int line = std::stoi(m[1]);
  const int column = std::stoi(m[2]);
  const std::string substring = m[3];

  const LoadResult r = LoadFile(path);
  EXPECT_TRUE(HasOnly(r, line, column, substring)) << path;
  EXPECT_FALSE(r.scenario.has_value());
  if (!r.diagnostics.empty()) {
    // The FILE:LINE:COLUMN: shape.
    EXPECT_EQ(r.diagnostics[0].ToString(), path + ":" + std::to_string(line) + ":" +
                                               std::to_string(column) + ": " +
                                               r.diagnostics[0].message);
  }
  // Loading the same text from memory reports the same thing.
  EXPECT_TRUE(HasOnly(Load(text, path), line, column, substring));
}

std::string ParamName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = fs::path(info.param).stem().string();
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Data, InvalidFile, ::testing::ValuesIn(YamlFiles(kDataDir + "/invalid")),
                         ParamName);

TEST(InvalidData, HasAtLeastThirtyFiles) {
  EXPECT_GE(YamlFiles(kDataDir + "/invalid").size(), 30u);
}

// ---------------------------------------------------------------------------
// tests/data/valid

class ValidFile : public ::testing::TestWithParam<std::string> {};

TEST_P(ValidFile, Loads) {
  const std::string path = kDataDir + "/valid/" + GetParam();
  const LoadResult r = LoadFile(path);
  ASSERT_TRUE(r.ok()) << AllDiagnostics(r);
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.scenario->file, path);
  EXPECT_FALSE(r.scenario->steps.empty());
  // Every element knows where it came from.
  for (const Step& s : r.scenario->steps) {
    EXPECT_EQ(s.pos.file, path);
    EXPECT_GT(s.pos.line, 0);
    EXPECT_GT(s.pos.column, 0);
  }
  for (const Expectation& x : r.scenario->expectations) {
    EXPECT_GT(x.pos.line, 0);
    EXPECT_FALSE(x.Describe().empty());
  }
}

INSTANTIATE_TEST_SUITE_P(Data, ValidFile, ::testing::ValuesIn(YamlFiles(kDataDir + "/valid")),
                         ParamName);

TEST(ValidData, CoversEveryStepAndExpectationKind) {
  std::vector<bool> steps(kStepKindCount, false), expectations(kExpectationKindCount, false);
  for (const std::string& name : YamlFiles(kDataDir + "/valid")) {
    const LoadResult r = LoadFile(kDataDir + "/valid/" + name);
    ASSERT_TRUE(r.ok()) << name << AllDiagnostics(r);
    for (const Step& s : r.scenario->steps) steps[static_cast<size_t>(s.kind())] = true;
    for (const Expectation& x : r.scenario->expectations) {
      expectations[static_cast<size_t>(x.kind())] = true;
    }
  }
  for (size_t i = 0; i < kStepKindCount; ++i) {
    EXPECT_TRUE(steps[i]) << "no valid file has a " << StepKindName(static_cast<StepKind>(i))
                          << " step";
  }
  for (size_t i = 0; i < kExpectationKindCount; ++i) {
    EXPECT_TRUE(expectations[i]) << "no valid file has a "
                                 << ExpectationKindName(static_cast<ExpectationKind>(i))
                                 << " expectation";
  }
}

Scenario MustLoad(const std::string& name) {
  const LoadResult r = LoadFile(kDataDir + "/valid/" + name);
  if (!r.ok()) {
    ADD_FAILURE() << name << AllDiagnostics(r);
    return {};
  }
  return *r.scenario;
}

TEST(ValidData, DefaultsApplied) {
  const Scenario s = MustLoad("defaults.yaml");
  ASSERT_EQ(s.steps.size(), 6u);
  EXPECT_EQ(s.name, "defaults");  // the file's stem
  EXPECT_EQ(s.description, "");
  EXPECT_EQ(s.points, 1);
  EXPECT_EQ(s.timeout, seconds(30));
  EXPECT_EQ(s.timeout_pos.line, 0);
  EXPECT_EQ(s.server.tick, seconds(1));
  EXPECT_EQ(s.server.echo_delay, milliseconds(200));
  EXPECT_EQ(s.server.read_delay, Duration::zero());

  ASSERT_EQ(s.steps[0].kind(), StepKind::kSubscribe);
  const auto& sub = std::get<SubscribeStep>(s.steps[0].body);
  EXPECT_EQ(sub.id, "s");
  EXPECT_EQ(sub.customer_id, "");
  EXPECT_EQ(sub.limit, 5);
  EXPECT_FALSE(sub.deadline.has_value());
  EXPECT_EQ(sub.read_delay, Duration::zero());
  EXPECT_EQ(sub.message_bytes, 0);
  EXPECT_EQ(s.steps[0].pos.line, 3);
  EXPECT_EQ(s.steps[0].pos.column, 5);

  const auto& up = std::get<UploadStep>(s.steps[1].body);
  EXPECT_EQ(up.id, "u");
  EXPECT_EQ(up.count, 20);
  EXPECT_EQ(up.bad, 0);
  EXPECT_EQ(up.pause, Duration::zero());
  EXPECT_EQ(up.customer_id, "cust-import");
  EXPECT_TRUE(up.close_send);
  EXPECT_FALSE(up.deadline.has_value());
  EXPECT_EQ(up.message_bytes, 0);

  const auto& chat = std::get<ChatStep>(s.steps[2].body);
  EXPECT_EQ(chat.id, "c");
  EXPECT_EQ(chat.from, "order-service");
  EXPECT_EQ(chat.count, 5);
  EXPECT_EQ(chat.interval, milliseconds(20));
  EXPECT_TRUE(chat.close_send);
  EXPECT_EQ(chat.message_bytes, 0);
  EXPECT_EQ(chat.ack_batch, 0);
  EXPECT_FALSE(chat.deadline.has_value());

  const auto& wait = std::get<WaitStep>(s.steps[3].body);
  EXPECT_EQ(wait.condition, WaitStep::Condition::kDone);
  EXPECT_EQ(wait.stream_id, "c");
  EXPECT_EQ(wait.timeout, seconds(10));
  EXPECT_EQ(s.steps[3].stream_id(), "c");

  EXPECT_EQ(std::get<StopServerStep>(s.steps[4].body).grace, milliseconds(500));
  EXPECT_EQ(std::get<RestartServerStep>(s.steps[5].body).grace, milliseconds(500));

  ASSERT_EQ(s.expectations.size(), 1u);
  const auto& log = std::get<LogExpectation>(s.expectations[0].body);
  EXPECT_EQ(log.pattern.line->pattern, "chat ended");
  EXPECT_EQ(log.count, CountMatch::AtLeast(1));
  EXPECT_FALSE(log.absent);
  EXPECT_EQ(log.source, LogSource::kServer);
  EXPECT_TRUE(log.pattern.line->Search("chat ended: client closed send"));
  EXPECT_FALSE(log.pattern.line->Search("chat started"));

  ASSERT_EQ(s.streams.size(), 3u);
  EXPECT_EQ(s.streams[0].id, "s");
  EXPECT_EQ(s.streams[0].kind, StreamKind::kSubscribe);
  EXPECT_EQ(s.streams[1].kind, StreamKind::kUpload);
  EXPECT_EQ(s.streams[2].kind, StreamKind::kChat);
  EXPECT_EQ(s.streams[2].step_index, 2u);
  EXPECT_EQ(s.streams[2].pos.line, 5);
  ASSERT_NE(s.FindStream("u"), nullptr);
  EXPECT_EQ(s.FindStream("u")->kind, StreamKind::kUpload);
  EXPECT_EQ(s.FindStream("nope"), nullptr);
}

TEST(ValidData, AllStepsWithEveryKey) {
  const Scenario s = MustLoad("all_steps.yaml");
  EXPECT_EQ(s.name, "all-steps.v2");
  EXPECT_EQ(s.description, "every step kind with all its keys");
  EXPECT_EQ(s.points, 3);
  EXPECT_EQ(s.timeout, minutes(2));
  EXPECT_EQ(s.timeout_pos.line, 5);
  EXPECT_EQ(s.timeout_pos.column, 10);
  EXPECT_EQ(s.server.tick, milliseconds(250));
  EXPECT_EQ(s.server.echo_delay, milliseconds(50));
  EXPECT_EQ(s.server.read_delay, milliseconds(5));
  EXPECT_EQ(s.server.pos.line, 6);
  ASSERT_EQ(s.steps.size(), 16u);

  const auto& sub = std::get<SubscribeStep>(s.steps[0].body);
  EXPECT_EQ(sub.id, "screen");
  EXPECT_EQ(sub.customer_id, "cust-42");
  EXPECT_EQ(sub.limit, 7);
  EXPECT_EQ(sub.deadline, seconds(5));
  EXPECT_EQ(sub.read_delay, milliseconds(30));
  EXPECT_EQ(sub.message_bytes, 1000);

  const auto& up = std::get<UploadStep>(s.steps[1].body);
  EXPECT_EQ(up.id, "import");
  EXPECT_EQ(up.count, 30);
  EXPECT_EQ(up.bad, 4);
  EXPECT_EQ(up.pause, milliseconds(1));
  EXPECT_EQ(up.customer_id, "partner-7");
  EXPECT_FALSE(up.close_send);
  EXPECT_EQ(up.deadline, minutes(1));
  EXPECT_EQ(up.message_bytes, 2048);
  EXPECT_EQ(s.steps[1].pos.line, 18);

  const auto& chat = std::get<ChatStep>(s.steps[2].body);
  EXPECT_EQ(chat.id, "chat");
  EXPECT_EQ(chat.from, "kitchen");
  EXPECT_EQ(chat.count, 12);
  EXPECT_EQ(chat.interval, milliseconds(15));
  EXPECT_FALSE(chat.close_send);
  EXPECT_EQ(chat.deadline, milliseconds(1500));
  EXPECT_EQ(chat.message_bytes, 512);
  EXPECT_EQ(chat.ack_batch, 4);

  const auto& w_duration = std::get<WaitStep>(s.steps[3].body);
  EXPECT_EQ(w_duration.condition, WaitStep::Condition::kDuration);
  EXPECT_EQ(w_duration.duration, milliseconds(100));

  const auto& w_received = std::get<WaitStep>(s.steps[4].body);
  EXPECT_EQ(w_received.condition, WaitStep::Condition::kReceived);
  EXPECT_EQ(w_received.stream_id, "screen");
  EXPECT_EQ(w_received.n, 2);
  EXPECT_EQ(w_received.timeout, seconds(3));

  const auto& w_sent = std::get<WaitStep>(s.steps[5].body);
  EXPECT_EQ(w_sent.condition, WaitStep::Condition::kSent);
  EXPECT_EQ(w_sent.n, 12);
  EXPECT_EQ(w_sent.timeout, seconds(10));

  const auto& w_log = std::get<WaitStep>(s.steps[6].body);
  EXPECT_EQ(w_log.condition, WaitStep::Condition::kLog);
  ASSERT_TRUE(w_log.log.has_value());
  EXPECT_EQ(w_log.log->line->pattern, "chat started");
  EXPECT_EQ(w_log.n, 1);
  EXPECT_EQ(w_log.source, LogSource::kServer);
  EXPECT_EQ(w_log.timeout, seconds(1));

  const auto& w_client = std::get<WaitStep>(s.steps[7].body);
  EXPECT_EQ(w_client.n, 3);
  EXPECT_EQ(w_client.source, LogSource::kClient);
  EXPECT_TRUE(w_client.log->line->Search("recv 1: echo"));
  EXPECT_FALSE(w_client.log->line->Search("a recv"));

  EXPECT_EQ(std::get<CloseSendStep>(s.steps[8].body).stream_id, "chat");
  EXPECT_EQ(std::get<CloseSendStep>(s.steps[9].body).stream_id, "import");
  EXPECT_EQ(std::get<WaitStep>(s.steps[10].body).condition, WaitStep::Condition::kDone);
  EXPECT_EQ(std::get<CancelStep>(s.steps[11].body).stream_id, "screen");
  EXPECT_EQ(s.steps[11].kind(), StepKind::kCancel);
  EXPECT_EQ(s.steps[11].pos.line, 44);
  EXPECT_EQ(s.steps[11].pos.column, 5);
  EXPECT_EQ(std::get<SleepStep>(s.steps[12].body).duration, milliseconds(50));
  EXPECT_EQ(std::get<StopServerStep>(s.steps[13].body).grace, milliseconds(100));
  EXPECT_EQ(std::get<RestartServerStep>(s.steps[14].body).grace, Duration::zero());
  EXPECT_EQ(std::get<SleepStep>(s.steps[15].body).duration, Duration::zero());
  EXPECT_STREQ(StepKindName(s.steps[15].kind()), "sleep");
  EXPECT_EQ(s.steps[15].stream_id(), "");
}

TEST(ValidData, AllExpectationsWithEveryKey) {
  const Scenario s = MustLoad("all_expectations.yaml");
  ASSERT_EQ(s.expectations.size(), 11u);
  const auto& x = s.expectations;

  // stream: status list, count range, error_contains, name
  EXPECT_EQ(x[0].name, "the screen was cancelled");
  EXPECT_EQ(x[0].Describe(), "the screen was cancelled");
  EXPECT_EQ(x[0].pos.line, 10);
  EXPECT_EQ(x[0].pos.column, 5);
  const auto& screen = std::get<StreamExpectation>(x[0].body);
  EXPECT_EQ(screen.stream_id, "screen");
  EXPECT_EQ(screen.status,
            (std::vector<StatusCode>{StatusCode::kCancelled, StatusCode::kUnavailable}));
  EXPECT_FALSE(screen.sent.has_value());
  EXPECT_EQ(screen.received, (CountMatch{1, 100}));
  EXPECT_EQ(screen.error_contains, "Cancelled");
  EXPECT_FALSE(screen.summary.has_value());

  // stream: upload summary
  const auto& import = std::get<StreamExpectation>(x[1].body);
  EXPECT_EQ(import.status, std::vector<StatusCode>{StatusCode::kOk});
  EXPECT_EQ(import.sent, CountMatch::Exactly(20));
  ASSERT_TRUE(import.summary.has_value());
  EXPECT_EQ(import.summary->received, CountMatch::Exactly(20));
  EXPECT_EQ(import.summary->accepted, CountMatch::AtLeast(15));
  EXPECT_EQ(import.summary->rejected, CountMatch::AtMost(5));
  EXPECT_EQ(import.summary->total_cents, CountMatch::Exactly(20000));
  EXPECT_EQ(x[1].Describe(),
            "stream import: status OK, sent 20, summary {received 20, accepted at least 15, "
            "rejected at most 5, total_cents 20000}");

  const auto& chat = std::get<StreamExpectation>(x[2].body);
  EXPECT_EQ(chat.sent, CountMatch::AtMost(3));
  EXPECT_EQ(chat.received, CountMatch::Exactly(3));
  EXPECT_EQ(chat.status, std::vector<StatusCode>{StatusCode::kDeadlineExceeded});
  EXPECT_EQ(x[2].Describe(), "stream chat: status DEADLINE_EXCEEDED, sent at most 3, received 3");

  // log
  const auto& upload_log = std::get<LogExpectation>(x[3].body);
  EXPECT_EQ(x[3].name, "upload logged");
  EXPECT_EQ(upload_log.pattern.line->pattern, "upload ended received=(\\d+)");
  EXPECT_TRUE(upload_log.pattern.line->Search("upload ended received=20 accepted=15"));
  EXPECT_EQ(upload_log.count, (CountMatch{1, 2}));
  EXPECT_EQ(upload_log.source, LogSource::kServer);

  const auto& absent = std::get<LogExpectation>(x[4].body);
  EXPECT_TRUE(absent.absent);
  EXPECT_EQ(absent.count, CountMatch::AtMost(0));
  EXPECT_EQ(x[4].Describe(), "log /subscribe ended: limit reached/ (server): absent");

  const auto& client = std::get<LogExpectation>(x[5].body);
  EXPECT_EQ(client.source, LogSource::kClient);
  EXPECT_EQ(client.count, CountMatch::Exactly(3));

  const auto& not_absent = std::get<LogExpectation>(x[6].body);
  EXPECT_FALSE(not_absent.absent);
  EXPECT_EQ(not_absent.count, CountMatch::AtLeast(1));

  // order
  EXPECT_EQ(x[7].kind(), ExpectationKind::kOrder);
  const auto& order = std::get<OrderExpectation>(x[7].body);
  ASSERT_EQ(order.events.size(), 5u);
  EXPECT_EQ(order.events[0].kind, EventRef::Kind::kStream);
  EXPECT_EQ(order.events[0].stream_id, "chat");
  EXPECT_EQ(order.events[0].event, EventKind::kStart);
  EXPECT_EQ(order.events[0].nth, 1);  // default
  EXPECT_EQ(order.events[1].event, EventKind::kSend);
  EXPECT_EQ(order.events[1].nth, -1);
  EXPECT_EQ(order.events[1].pos.line, 41);
  EXPECT_EQ(order.events[1].pos.column, 9);
  EXPECT_EQ(order.events[2].event, EventKind::kRecv);
  EXPECT_EQ(order.events[3].kind, EventRef::Kind::kLog);
  ASSERT_TRUE(order.events[3].log.has_value());
  EXPECT_EQ(order.events[3].log->line->pattern, "chat ended");
  EXPECT_EQ(order.events[3].source, LogSource::kServer);
  EXPECT_EQ(order.events[4].event, EventKind::kDone);
  EXPECT_EQ(x[7].name, "pings before echoes");

  // within
  const auto& within = std::get<WithinExpectation>(x[8].body);
  EXPECT_EQ(within.from.stream_id, "screen");
  EXPECT_EQ(within.from.event, EventKind::kCancel);
  EXPECT_EQ(within.from.nth, -1);
  EXPECT_EQ(within.to.kind, EventRef::Kind::kLog);
  EXPECT_EQ(within.to.nth, 2);
  EXPECT_EQ(within.to.source, LogSource::kClient);
  EXPECT_EQ(within.max, milliseconds(200));
  EXPECT_EQ(within.min, Duration::zero());
  EXPECT_EQ(x[8].Describe(),
            "within: screen cancel #-1 (last) -> log /client gone/ (client) #2 in 0s..200ms");

  // none
  const auto& none = std::get<NoneExpectation>(x[9].body);
  EXPECT_EQ(none.what.stream_id, "screen");
  EXPECT_EQ(none.what.event, EventKind::kRecv);
  EXPECT_EQ(none.after.event, EventKind::kCancel);
  EXPECT_EQ(none.after.nth, 1);
  EXPECT_EQ(none.for_duration, milliseconds(500));
  const auto& none_log = std::get<NoneExpectation>(x[10].body);
  EXPECT_EQ(none_log.what.kind, EventRef::Kind::kLog);
  EXPECT_EQ(none_log.after.kind, EventRef::Kind::kLog);
  EXPECT_FALSE(none_log.for_duration.has_value());
  EXPECT_EQ(x[10].Describe(),
            "none: no log /subscribe ended/ after log /streaming-server started/ #1");
}

TEST(ValidData, DesignExamples) {
  const Scenario bidi = MustLoad("bidi_divergence.yaml");
  EXPECT_EQ(bidi.name, "bidi_divergence");
  EXPECT_EQ(bidi.points, 2);
  EXPECT_EQ(bidi.timeout, seconds(10));
  EXPECT_EQ(bidi.description,
            "The client pushes all 20 pings before the first echo comes back: the two "
            "directions of a bidi stream are independent.");
  ASSERT_EQ(bidi.expectations.size(), 3u);
  EXPECT_EQ(bidi.expectations[1].Describe(), "order: chat send #20 < chat recv #1");
  EXPECT_EQ(bidi.expectations[0].Describe(), "stream chat: status OK, sent 20, received 20");

  const Scenario ctrl_c = MustLoad("subscribe_ctrl_c.yaml");
  EXPECT_EQ(std::get<SubscribeStep>(ctrl_c.steps[0].body).limit, 0);
  EXPECT_EQ(std::get<WaitStep>(ctrl_c.steps[3].body).timeout, seconds(2));
  EXPECT_EQ(ctrl_c.server.echo_delay, milliseconds(200));  // default kept

  const Scenario upload = MustLoad("upload_bad5.yaml");
  const auto& u = std::get<UploadStep>(upload.steps[0].body);
  EXPECT_EQ(u.count, 20);
  EXPECT_EQ(u.bad, 5);
}

// ---------------------------------------------------------------------------
// Messages: several mistakes are all reported, sorted.

TEST(Diagnostics, AllProblemsReportedInOrder) {
  const LoadResult r = Load(
      "points: many\n"                 // 1
      "steps:\n"                       // 2
      "  - chat: {id: c, cuont: 3}\n"  // 3
      "  - sleep: 10\n"                // 4
      "  - cancel: d\n"                // 5
      "expect:\n"                      // 6
      "  - stream: c\n"                // 7
      "    status: FINE\n");           // 8
  ASSERT_EQ(r.diagnostics.size(), 5u) << AllDiagnostics(r);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "mem.yaml:1:9: \"points\" must be an integer, got \"many\"");
  EXPECT_EQ(r.diagnostics[1].ToString(),
            "mem.yaml:3:19: unknown key \"cuont\" in chat step (did you mean \"count\"?)");
  EXPECT_EQ(r.diagnostics[2].line, 4);
  EXPECT_NE(r.diagnostics[2].message.find("bad duration"), std::string::npos);
  EXPECT_EQ(r.diagnostics[3].line, 5);
  EXPECT_NE(r.diagnostics[3].message.find("unknown stream \"d\""), std::string::npos);
  EXPECT_EQ(r.diagnostics[4].line, 8);
  EXPECT_NE(r.diagnostics[4].message.find("unknown status \"FINE\""), std::string::npos);
}

TEST(Diagnostics, UnknownKeyWithoutCloseMatchListsKnownKeys) {
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat: {id: c, colour: red}\n"), 2, 19,
                      "unknown key \"colour\" in chat step (known keys: id, from, count, "
                      "interval, close_send, deadline, message_bytes, ack_batch)"));
}

TEST(Diagnostics, TooManyErrorsAreCapped) {
  std::string text = "steps:\n  - sleep: 1s\n";
  for (int i = 0; i < 200; ++i) text += "junk" + std::to_string(i) + ": 1\n";
  const LoadResult r = Load(text);
  ASSERT_EQ(r.diagnostics.size(), limits::kMaxDiagnostics + 1);
  EXPECT_EQ(r.diagnostics[0].line, 3);
  EXPECT_EQ(r.diagnostics.back().ToString(),
            "mem.yaml: too many errors: stopped after 50 (fix these first)");
}

TEST(Diagnostics, FileLevelShape) {
  const Diagnostic d{"x.yaml", 0, 0, "is a directory, not a scenario file"};
  EXPECT_EQ(d.ToString(), "x.yaml: is a directory, not a scenario file");
  const Diagnostic e{"x.yaml", 3, 7, "boom"};
  EXPECT_EQ(e.ToString(), "x.yaml:3:7: boom");
}

TEST(Diagnostics, DuplicateYamlKeysAtTopLevel) {
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 1s\nsteps:\n  - sleep: 2s\n"), 3, 1,
                      "duplicate key \"steps\" at the top level (first at line 1)"));
}

TEST(Diagnostics, StreamStepsStartBeforeUse) {
  // A cancel of a stream started later is "not started yet", in a wait too.
  EXPECT_TRUE(HasOnly(Load("steps:\n  - cancel: c\n  - chat: {id: c}\n"), 2, 13,
                      "stream \"c\" is not started yet at this step"));
  // Expectations may name any stream.
  EXPECT_TRUE(Load("steps:\n  - chat: {id: c}\nexpect:\n  - stream: c\n    sent: 5\n").ok());
}

TEST(Diagnostics, CloseSendAllowedOnlyForManualStreams) {
  EXPECT_TRUE(Load("steps:\n  - upload: {id: u, close_send: false}\n  - close_send: u\n").ok());
  EXPECT_TRUE(HasOnly(Load("steps:\n  - upload: {id: u}\n  - close_send: u\n"), 3, 17,
                      "closes its send side on its own"));
}

TEST(Diagnostics, RecvOnUploadRefIsAnError) {
  EXPECT_TRUE(HasOnly(Load("steps:\n  - upload: {id: u}\nexpect:\n"
                           "  - none: {stream: u, event: recv}\n"
                           "    after: {stream: u, event: start}\n"),
                      4, 30,
                      "an upload stream has no recv events (\"u\" receives only its summary)"));
}

TEST(Diagnostics, NoCascades) {
  // A misspelt stream step still declares its id: one error, not three.
  EXPECT_TRUE(HasOnly(Load("steps:\n  - subscrib: {id: screen}\n  - cancel: screen\n"
                           "expect:\n  - stream: screen\n    status: CANCELLED\n"),
                      2, 5, "unknown step kind \"subscrib\" (did you mean \"subscribe\"?)"));
  // A step with an error still declares its stream.
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat: {id: c, count: -1}\n  - cancel: c\n"), 2, 26,
                      "\"count\" must not be negative, got -1"));
  // A stray key next to a step kind that the step does not take.
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 1s\n    foo: 1\n"), 3, 5,
                      "unknown key \"foo\" in step: a step is a map with one key, its kind "
                      "(here \"sleep\")"));
}

TEST(Diagnostics, TagsAndKeys) {
  EXPECT_TRUE(Load("points: !!int 5\nsteps:\n  - chat: {id: c, close_send: !!bool false}\n").ok());
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat: {id: c, count: !!str 5}\n"), 2, 26,
                      "\"count\" must be an integer, got \"5\""));
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 1s\n[a, b]: 1\n"), 3, 1,
                      "a key at the top level must be a plain name, got a list"));
}

TEST(Diagnostics, NullValueErrorsPointAtTheKey) {
  // yaml-cpp places an empty value at the next token; the loader uses the key.
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat:\n      id: c\n      count:\n  - sleep: 1s\n"), 4, 7,
                      "\"count\" must be an integer, got nothing (null)"));
}

// ---------------------------------------------------------------------------
// Hostile input.

TEST(Hostile, DeepFlowNesting) {
  const std::string text = "steps: " + std::string(100000, '[') + std::string(100000, ']');
  const LoadResult r = Load(text);
  EXPECT_TRUE(HasOnly(r, 1, 8 + limits::kMaxDepth - 1, "YAML nesting is too deep"));
  // Unbalanced as well. (yaml-cpp reads an unclosed "[" as a possible map
  // key, so the depth limit is reached at a smaller column: only the line and
  // message are checked.)
  for (const char open : {'[', '{'}) {
    const LoadResult u = Load(std::string(100000, open));
    ASSERT_EQ(u.diagnostics.size(), 1u) << AllDiagnostics(u);
    EXPECT_EQ(u.diagnostics[0].line, 1);
    EXPECT_NE(u.diagnostics[0].message.find("YAML nesting is too deep"), std::string::npos);
  }
}

TEST(Hostile, DeepBlockNesting) {
  std::string text;
  for (int i = 0; i < 1000; ++i) text += std::string(i, ' ') + "- \n";
  ASSERT_LT(text.size(), limits::kMaxFileBytes);
  EXPECT_TRUE(HasOnly(Load(text), limits::kMaxDepth + 1, limits::kMaxDepth + 1,
                      "YAML nesting is too deep (more than 64 levels of maps and lists)"));
  // Just within the limit: no depth error (other errors are fine).
  std::string ok = "name: x\nsteps:\n  - sleep: 1s\nexpect: ";
  ok += std::string(limits::kMaxDepth - 1, '[') + std::string(limits::kMaxDepth - 1, ']');
  for (const auto& d : Load(ok).diagnostics) {
    EXPECT_EQ(d.message.find("too deep"), std::string::npos) << d.ToString();
  }
}

TEST(Hostile, TwoMiBFile) {
  std::string text = "steps:\n  - sleep: 1s\ndescription: \"";
  text += std::string(2 * 1024 * 1024, 'x') + "\"\n";
  const LoadResult r = Load(text, "big.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].line, 0);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "big.yaml: file is too large (" + std::to_string(text.size()) + " bytes; limit 1 MiB)");

  TempDir dir;
  const std::string path = dir.Write("big.yaml", text);
  const LoadResult f = LoadFile(path);
  ASSERT_EQ(f.diagnostics.size(), 1u);
  EXPECT_EQ(f.diagnostics[0].message,
            "file is too large (" + std::to_string(text.size()) + " bytes; limit 1 MiB)");
  // Exactly at the limit is fine as far as size goes.
  std::string at_limit = "steps:\n  - sleep: 1s\n#";
  at_limit += std::string(limits::kMaxFileBytes - at_limit.size(), 'x');
  ASSERT_EQ(at_limit.size(), limits::kMaxFileBytes);
  EXPECT_TRUE(Load(at_limit).ok()) << AllDiagnostics(Load(at_limit));
}

TEST(Hostile, InvalidUtf8) {
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 1s\nname: ab\xC3\x28\n"), 3, 9,
                      "file is not valid UTF-8 at line 3 column 9"));
  // Overlong encoding, surrogate, truncated sequence at the end.
  EXPECT_TRUE(HasOnly(Load("name: \xC0\xAF\n"), 1, 7, "not valid UTF-8"));
  EXPECT_TRUE(HasOnly(Load("name: \xED\xA0\x80\n"), 1, 7, "not valid UTF-8"));
  EXPECT_TRUE(HasOnly(Load("name: x\xE2\x82"), 1, 8, "not valid UTF-8"));
  // Valid multi-byte text and a byte order mark are fine.
  EXPECT_TRUE(Load("\xEF\xBB\xBFname: caf\xC3\xA9 \xE2\x98\x95\nsteps:\n  - sleep: 1s\n").ok());
  EXPECT_TRUE(HasOnly(Load(std::string("name: a\0b\n", 10)), 1, 8,
                      "file contains control character U+0000 at line 1 column 8"));
}

TEST(Hostile, PathsThatAreNotFiles) {
  TempDir dir;
  const LoadResult d = LoadFile(dir.path());
  ASSERT_EQ(d.diagnostics.size(), 1u);
  EXPECT_EQ(d.diagnostics[0].ToString(), dir.path() + ": is a directory, not a scenario file");

  const LoadResult missing = LoadFile(dir.path() + "/nope.yaml");
  ASSERT_EQ(missing.diagnostics.size(), 1u);
  EXPECT_NE(missing.diagnostics[0].message.find("cannot read the file: No such file"),
            std::string::npos);

  // A FIFO must not block the loader.
  const std::string fifo = dir.path() + "/pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const LoadResult p = LoadFile(fifo);
  ASSERT_EQ(p.diagnostics.size(), 1u);
  EXPECT_EQ(p.diagnostics[0].message, "is not a regular file");

  // Unreadable (root reads anything: then the file just loads).
  const std::string secret = dir.Write("secret.yaml", "steps:\n  - sleep: 1s\n");
  ::chmod(secret.c_str(), 0);
  const LoadResult s = LoadFile(secret);
  if (::geteuid() != 0) {
    ASSERT_EQ(s.diagnostics.size(), 1u);
    EXPECT_NE(s.diagnostics[0].message.find("cannot read the file: Permission denied"),
              std::string::npos);
  }
}

TEST(Hostile, HugeNumbers) {
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat: {id: c, count: 99999999999999999999999}\n"), 2, 26,
                      "\"count\" is 99999999999999999999999, above the limit of 100000"));
  EXPECT_TRUE(HasOnly(Load("steps:\n  - chat: {id: c, count: 100001}\n"), 2, 26,
                      "above the limit of 100000"));
  EXPECT_TRUE(Load("steps:\n  - chat: {id: c, count: 100000}\n").ok());
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 99999999999h\n"), 2, 12, "bad duration"));
  EXPECT_TRUE(HasOnly(Load("steps:\n  - sleep: 61m\n"), 2, 12, "above the limit of 1h"));
  EXPECT_TRUE(Load("steps:\n  - sleep: 1h\n").ok());
  EXPECT_TRUE(HasOnly(Load("timeout: 601s\nsteps:\n  - sleep: 1s\n"), 1, 10,
                      "\"timeout\" is 10m1s, above the limit of 10m"));
  EXPECT_TRUE(
      HasOnly(Load("points: 1001\nsteps:\n  - sleep: 1s\n"), 1, 9, "above the limit of 1000"));
}

TEST(Hostile, TooManyStepsAndStreams) {
  std::string steps = "steps:\n";
  for (std::size_t i = 0; i < limits::kMaxSteps + 1; ++i) steps += "  - sleep: 1ms\n";
  EXPECT_TRUE(HasOnly(Load(steps), 1, 1, "too many steps (1001; limit 1000)"));

  std::string streams = "steps:\n";
  for (std::size_t i = 0; i < limits::kMaxStreams; ++i) {
    streams += "  - chat: {id: c" + std::to_string(i) + "}\n";
  }
  EXPECT_TRUE(Load(streams).ok());
  streams += "  - chat: {id: one_too_many}\n";
  EXPECT_TRUE(HasOnly(Load(streams), static_cast<int>(limits::kMaxStreams) + 2, 5,
                      "too many streams (more than 100)"));
}

TEST(Hostile, Regexes) {
  const std::string head = "steps:\n  - sleep: 1s\nexpect:\n  - log: \"";
  EXPECT_TRUE(HasOnly(Load(head + std::string(1001, 'a') + "\"\n"), 4, 10,
                      "\"log\" pattern is too long (1001 bytes; limit 1000)"));
  // Exponential state blow-up is refused before compiling.
  EXPECT_TRUE(HasOnly(Load(head + "((a{1000}){1000}){1000}\"\n"), 4, 10,
                      "regex \"((a{1000}){1000}){1000}\" is too complex (about 1004004002 "
                      "automaton states; limit 10000): use smaller {n,m} counts"));
  EXPECT_TRUE(HasOnly(Load(head + "(ab|c{50}){200}\"\n"), 4, 10, "is too complex"));
  EXPECT_TRUE(Load(head + "a{5000}\"\n").ok());
  EXPECT_TRUE(Load(head + "^upload ended received=\\\\d+ .{0,200}(x|y)*$\"\n").ok());
  // An escaped brace is one state.
  EXPECT_TRUE(Load(head + "count\\\\{99999}\"\n").ok());
  // Many distinct big patterns: the total is bounded.
  std::string many = "steps:\n  - sleep: 1s\nexpect:\n";
  for (int i = 0; i < 120; ++i) many += "  - log: \"a{" + std::to_string(9000 + i) + "}\"\n";
  const LoadResult r = Load(many);
  ASSERT_EQ(r.diagnostics.size(), 10u) << AllDiagnostics(r);  // patterns 111..120
  EXPECT_NE(r.diagnostics[0].message.find("too many complex regexes in one file"),
            std::string::npos);
  // The same pattern many times is compiled once and costs nothing more.
  std::string same = "steps:\n  - sleep: 1s\nexpect:\n";
  for (int i = 0; i < 900; ++i) same += "  - log: \"a{9000}\"\n";
  EXPECT_TRUE(Load(same).ok());
  EXPECT_TRUE(HasOnly(Load(head + "[z-a]\"\n"), 4, 10, "bad regex \"[z-a]\""));
  EXPECT_TRUE(HasOnly(Load(head + "\"\n"), 4, 10, "\"log\" must not be empty"));
  // 500 nested groups still compile (the length limit bounds the depth).
  EXPECT_TRUE(Load(head + std::string(499, '(') + "a" + std::string(499, ')') + "\"\n").ok());
}

TEST(Hostile, AliasBomb) {
  // Nine levels of ten aliases each: 10^9 nodes if expanded. The loader only
  // walks the schema, so it finishes at once with a type error.
  std::string text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 9; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 10; ++j) text += (j ? ", " : "") + prev;
    text += "]\n";
  }
  text += "steps: *a8\n";
  const auto start = std::chrono::steady_clock::now();
  const LoadResult r = Load(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(5));
  EXPECT_FALSE(r.ok());
  // Aliases to valid parts are fine.
  EXPECT_TRUE(Load("x-chat: &c {id: c}\nsteps:\n  - chat: *c\n").diagnostics.size() == 1);
  EXPECT_TRUE(
      Load("steps:\n  - chat: &c {id: c, count: 2}\n  - wait: {stream: c, done: true}\n").ok());
}

TEST(Hostile, TooManyEventReferences) {
  std::string text = "x-refs: &o [";
  for (int i = 0; i < 1000; ++i) text += std::string(i ? ", " : "") + "{stream: c, event: send}";
  text += "]\nsteps:\n  - chat: {id: c}\nexpect:\n";
  for (int i = 0; i < 11; ++i) text += "  - order: *o\n";
  const auto start = std::chrono::steady_clock::now();
  const LoadResult r = Load(text);
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(10));
  // x-refs is an unknown key; the 10001st reference is refused.
  ASSERT_EQ(r.diagnostics.size(), 2u) << AllDiagnostics(r);
  EXPECT_EQ(r.diagnostics[0].line, 1);
  EXPECT_NE(r.diagnostics[1].message.find("too many event references (more than 10000 in all)"),
            std::string::npos);
}

TEST(Hostile, LongStatusList) {
  std::string text = "steps:\n  - chat: {id: c}\nexpect:\n  - stream: c\n    status: [";
  for (int i = 0; i < 18; ++i) text += std::string(i ? ", " : "") + "OK";
  EXPECT_TRUE(HasOnly(Load(text + "]\n"), 5, 13,
                      "\"status\" lists 18 names; there are only 17 status codes"));
}

TEST(Hostile, TooManyExpectations) {
  std::string text = "steps:\n  - chat: {id: c}\nexpect:\n";
  for (std::size_t i = 0; i < limits::kMaxExpectations; ++i) text += "  - stream: c\n    sent: 3\n";
  EXPECT_TRUE(Load(text).ok());
  text += "  - stream: c\n    sent: 3\n";
  EXPECT_TRUE(HasOnly(Load(text), 3, 1, "too many expectations (1001; limit 1000)"));
}

TEST(Hostile, RandomMutationsNeverThrow) {
  // Byte flips, truncations and splices of the valid files: the loader may
  // accept or reject them, but must return.
  std::mt19937 rng(12345);
  std::vector<std::string> texts;
  for (const auto& name : YamlFiles(kDataDir + "/valid")) {
    texts.push_back(ReadAll(kDataDir + "/valid/" + name));
  }
  ASSERT_FALSE(texts.empty());
  const std::string alphabet = "{}[]:,-#&*!|>'\"\n \t?%@`0123456789abcdefghijkz~";
  for (int i = 0; i < 3000; ++i) {
    std::string t = texts[rng() % texts.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !t.empty(); ++e) {
      const std::size_t at = rng() % t.size();
      switch (rng() % 4) {
        case 0: t[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: t.erase(at, 1 + rng() % 8); break;
        case 2: t.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        case 3: t.resize(at); break;
      }
    }
    const LoadResult r = Load(t);
    EXPECT_EQ(r.ok(), r.diagnostics.empty());
    for (const auto& d : r.diagnostics) {
      EXPECT_GE(d.line, 0);
      EXPECT_FALSE(d.message.empty());
    }
  }
}

// ---------------------------------------------------------------------------
// Paths, helpers.

TEST(ExpandScenarioPaths, FilesAndDirectories) {
  TempDir dir;
  dir.Write("b.yaml", "");
  dir.Write("a.yaml", "");
  dir.Write("notes.txt", "");
  dir.Write("c.yml", "");
  fs::create_directories(dir.path() + "/sub.yaml");
  fs::create_directories(dir.path() + "/empty");
  const std::string explicit_file = dir.Write("explicit.txt", "");

  std::vector<Diagnostic> errors;
  const auto paths = ExpandScenarioPaths({dir.path(), explicit_file, dir.path() + "/a.yaml",
                                          dir.path() + "/missing.yaml", dir.path() + "/empty"},
                                         &errors);
  EXPECT_EQ(paths, (std::vector<std::string>{dir.path() + "/a.yaml", dir.path() + "/b.yaml",
                                             explicit_file}));
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(errors[0].ToString(), dir.path() + "/missing.yaml: no such file or directory");
  EXPECT_EQ(errors[1].ToString(), dir.path() + "/empty: directory has no *.yaml files");
}

TEST(ExpandScenarioPaths, TheDataDirectories) {
  std::vector<Diagnostic> errors;
  const auto paths = ExpandScenarioPaths({kDataDir + "/valid"}, &errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(paths.size(), YamlFiles(kDataDir + "/valid").size());
  EXPECT_TRUE(std::is_sorted(paths.begin(), paths.end()));
}

TEST(Helpers, StatusNames) {
  EXPECT_EQ(StatusCodeNames().size(), 17u);
  EXPECT_STREQ(StatusCodeName(StatusCode::kDeadlineExceeded), "DEADLINE_EXCEEDED");
  EXPECT_STREQ(StatusCodeName(StatusCode::kUnauthenticated), "UNAUTHENTICATED");
  EXPECT_EQ(StatusCodeFromName("UNAVAILABLE"), StatusCode::kUnavailable);
  EXPECT_EQ(StatusCodeFromName("unavailable"), std::nullopt);
  for (std::size_t i = 0; i < 17; ++i) {
    EXPECT_EQ(StatusCodeFromName(StatusCodeNames()[i]), static_cast<StatusCode>(i));
  }
}

TEST(Helpers, CountMatch) {
  EXPECT_TRUE(CountMatch::Exactly(3).Matches(3));
  EXPECT_FALSE(CountMatch::Exactly(3).Matches(4));
  EXPECT_TRUE(CountMatch::AtLeast(2).Matches(100));
  EXPECT_FALSE(CountMatch::AtMost(0).Matches(1));
  EXPECT_EQ((CountMatch{2, 5}).ToString(), "2..5");
  EXPECT_EQ(CountMatch::AtLeast(2).ToString(), "at least 2");
  EXPECT_TRUE(StreamHasEvent(StreamKind::kChat, EventKind::kSend));
  EXPECT_FALSE(StreamHasEvent(StreamKind::kSubscribe, EventKind::kSend));
  EXPECT_FALSE(StreamHasEvent(StreamKind::kUpload, EventKind::kRecv));
}

}  // namespace
}  // namespace brew::lab
