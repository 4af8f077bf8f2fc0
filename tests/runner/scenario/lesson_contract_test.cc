// What the lesson promises of every server, and which patterns rely on
// brewlab's own log lines.
#include "runner/scenario/lesson_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "runner/scenario/scenario_loader.h"

namespace brew::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

LogPattern Re(const std::string& re) {
  LogPattern p;
  p.line = Regex{re, std::regex(re)};
  return p;
}

LogPattern Record(std::string msg, std::vector<std::string> keys) {
  LogPattern p;
  p.msg = LogPattern::Value{std::move(msg), std::nullopt};
  for (auto& k : keys) p.attrs.emplace_back(k, LogPattern::Value{"1", std::nullopt});
  return p;
}

TEST(LessonContract, TheLessonsLinesNeedNothing) {
  for (const char* re :
       {"^subscribe ended: limit reached sent=5$", "subscribe started customer_id=\"\" limit=5",
        "^subscribe ended: client gone .*err=\"context canceled\"$",
        "^upload ended received=", "chat ended", "^chat ended: client closed send$",
        "^streaming-server started", "limit reached", "ended", ""}) {
    EXPECT_EQ(BrewlabLogNeed(Re(re)), std::nullopt) << re;
  }
  EXPECT_EQ(BrewlabLogNeed(Record("upload ended", {"received", "accepted", "rejected"})),
            std::nullopt);
}

TEST(LessonContract, BrewlabsOwnLinesAndKeysAreNeeds) {
  EXPECT_THAT(BrewlabLogNeed(Re("^upload started$")),
              Optional(std::string("the log line \"upload started\"")));
  EXPECT_THAT(BrewlabLogNeed(Re("chat ended: client gone")),
              Optional(std::string("the log line \"chat ended: client gone\"")));
  EXPECT_THAT(BrewlabLogNeed(Re("^upload ended: client gone received=0 err=")),
              Optional(std::string("the log line \"upload ended: client gone\"")));
  EXPECT_THAT(
      BrewlabLogNeed(Re("^upload ended received=20 accepted=17 rejected=3 total_cents=20400$")),
      Optional(std::string("the key total_cents on \"upload ended\"")));
  EXPECT_THAT(BrewlabLogNeed(Record("streaming-server stopped", {})),
              Optional(std::string("the log line \"streaming-server stopped\"")));
  EXPECT_THAT(BrewlabLogNeed(Record("upload ended", {"total_cents"})),
              Optional(std::string("the key total_cents on \"upload ended\"")));
}

TEST(LessonContract, TheLoaderFindsNeedsAndKeepsDeclaredOnesOnce) {
  const LoadResult r = LoadScenarioText(R"(
needs: [read_delay]
server: {read_delay: 25ms}
steps:
  - subscribe: {id: s, message_bytes: 1024}
  - upload: {id: u}
  - wait: {log: "^upload started$"}
expect:
  - log: "chat ended: client gone"
    absent: true
)",
                                        "needs.yaml");
  ASSERT_TRUE(r.ok()) << r.diagnostics[0].ToString();
  std::vector<std::string> needs;
  for (const Need& n : r.scenario->needs)
    needs.push_back(std::string(ExtensionName(n.what)) + ": " + n.why);
  EXPECT_THAT(needs, ElementsAre("read_delay: a server read_delay of 25ms",
                                 "message_bytes: events padded to message_bytes (1024)",
                                 "brewlab_logs: the log line \"upload started\""));
}

TEST(LessonContract, AnUnknownNeedIsAnError) {
  const LoadResult r = LoadScenarioText("needs: [read_dealy]\nsteps: [{sleep: 1ms}]\n", "x.yaml");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].ToString(),
            "x.yaml:1:9: unknown need \"read_dealy\" (did you mean \"read_delay\"?)");
}

}  // namespace
}  // namespace brew::lab
