// labrun's options: every flag parses, writes back (ToArgv) and parses
// again to the same value, and a child run is given exactly what it needs.
#include "runner/cli/labrun_options.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace brew::lab {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Parses "labrun" + args; the exit code ParseLabrunArgs asked for, if any.
std::optional<int> Parse(std::vector<std::string> args, LabrunOptions* options) {
  args.insert(args.begin(), "labrun");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  return ParseLabrunArgs(static_cast<int>(argv.size()), argv.data(), options);
}

// Every flag labrun has, each with a value that is not its default (the
// --target ones, which cannot go with --server-cmd, are in
// TargetFlagsRoundTrip).
const std::vector<std::vector<std::string>> kEveryFlag = {
    {"--report-dir", "out/r"},
    {"--filter", "^upload_"},
    {"--server-cmd", "./server -addr {addr}", "--server-extensions"},  // it needs one
    {"--kafka", "127.0.0.1:9092"},
    {"--junit", "j.xml"},
    {"--results", "results.json"},
    {"--prairielearn", "pl.json"},
    {"--summary-md", "summary.md"},
    {"--html", "page.html"},
    {"--trace", "trace.json"},
    {"--shard", "2/3"},
    {"--list"},
    {"--in-process"},
    {"--jobs", "4"},
    {"--repeat", "7"},
    {"--timeout", "1.5s"},
    {"--child-run", "scenarios/a.yaml"},
};

TEST(LabrunOptions, EveryFlagRoundTripsAlone) {
  for (const auto& flag : kEveryFlag) {
    std::vector<std::string> args = flag;
    args.push_back("scenarios/");
    LabrunOptions parsed;
    ASSERT_EQ(Parse(args, &parsed), std::nullopt) << flag[0];
    LabrunOptions plain;
    plain.paths = {"scenarios/"};
    EXPECT_FALSE(parsed == plain) << flag[0] << " had no effect";
    LabrunOptions again;
    ASSERT_EQ(Parse(ToArgv(parsed), &again), std::nullopt) << flag[0];
    EXPECT_TRUE(again == parsed) << flag[0];
  }
}

// The table of flags and kEveryFlag agree: ToArgv of all of them together
// writes each one, once.
TEST(LabrunOptions, EveryFlagRoundTripsTogether) {
  std::vector<std::string> args;
  for (const auto& flag : kEveryFlag) args.insert(args.end(), flag.begin(), flag.end());
  args.insert(args.end(), {"a.yaml", "dir/"});
  LabrunOptions parsed;
  ASSERT_EQ(Parse(args, &parsed), std::nullopt);
  const std::vector<std::string> written = ToArgv(parsed);
  EXPECT_EQ(written.size(), args.size());
  LabrunOptions again;
  ASSERT_EQ(Parse(written, &again), std::nullopt);
  EXPECT_TRUE(again == parsed);
  EXPECT_EQ(again.jobs, 4);
  EXPECT_EQ(again.timeout_cap, std::chrono::milliseconds(1500));
  EXPECT_THAT(again.paths, ElementsAre("a.yaml", "dir/"));
}

TEST(LabrunOptions, TargetFlagsRoundTrip) {
  LabrunOptions parsed;
  ASSERT_EQ(Parse({"--target", "127.0.0.1:5", "--server-log", "s.log", "--target-config",
                   "tick=2s,echo_delay=0s", "--server-extensions", "x.yaml"},
                  &parsed),
            std::nullopt);
  LabrunOptions again;
  ASSERT_EQ(Parse(ToArgv(parsed), &again), std::nullopt);
  EXPECT_TRUE(again == parsed);
}

TEST(LabrunOptions, DefaultsWriteNothingButThePaths) {
  LabrunOptions options;
  options.paths = {"scenarios/"};
  EXPECT_THAT(ToArgv(options), ElementsAre("scenarios/"));
}

TEST(LabrunOptions, APathThatLooksLikeAFlagComesAfterDashDash) {
  LabrunOptions options;
  options.paths = {"-odd.yaml"};
  EXPECT_THAT(ToArgv(options), ElementsAre("--", "-odd.yaml"));
  LabrunOptions again;
  ASSERT_EQ(Parse(ToArgv(options), &again), std::nullopt);
  EXPECT_THAT(again.paths, ElementsAre("-odd.yaml"));
}

// A child gets the server and the cap, and none of the parent's reports,
// selection or parallelism.
TEST(LabrunOptions, ChildArgvHasTheServerAndCapOnly) {
  LabrunOptions parent;
  ASSERT_EQ(Parse({"--server-cmd", "./s {addr}", "--server-extensions", "--kafka", "h:9",
                   "--timeout", "5s", "--junit", "j.xml", "--jobs", "3", "--filter", "x",
                   "--report-dir", "r", "scenarios/"},
                  &parent),
            std::nullopt);
  const std::vector<std::string> argv = ToChildArgv(parent, "/bin/labrun", "scenarios/x.yaml");
  EXPECT_THAT(argv, ElementsAre("/bin/labrun", "--server-cmd", "./s {addr}", "--kafka", "h:9",
                                "--server-extensions", "--timeout", "5s", "--child-run",
                                "scenarios/x.yaml", "scenarios/x.yaml"));
  LabrunOptions child;
  ASSERT_EQ(Parse(std::vector<std::string>(argv.begin() + 1, argv.end()), &child), std::nullopt);
  EXPECT_EQ(child.child_run, "scenarios/x.yaml");
  EXPECT_EQ(ToRunOptions(child).server.command, "./s {addr}");
  EXPECT_EQ(ToRunOptions(child).timeout_cap, std::chrono::seconds(5));
}

// With --target, the child is told the settings the parent resolved, so it
// does not read the log again (or differently).
TEST(LabrunOptions, ChildOfATargetGetsTheResolvedSettings) {
  LabrunOptions parent;
  ASSERT_EQ(Parse({"--target", "127.0.0.1:5", "x.yaml"}, &parent), std::nullopt);
  const std::vector<std::string> argv = ToChildArgv(parent, "labrun", "x.yaml");
  EXPECT_THAT(argv, ::testing::Contains("--target-config"));
  LabrunOptions child;
  ASSERT_EQ(Parse(std::vector<std::string>(argv.begin() + 1, argv.end()), &child), std::nullopt);
  EXPECT_EQ(ToRunOptions(child).server.target_settings.tick,
            ToRunOptions(parent).server.target_settings.tick);
  EXPECT_EQ(ToRunOptions(child).server.kind, ServerSpec::Kind::kTarget);
}

// Each usage error is exit 2; --help is 0; nothing at all is 2.
TEST(LabrunOptions, ExitCodes) {
  struct Case {
    std::vector<std::string> args;
    std::optional<int> exit;
  };
  const std::vector<Case> cases = {
      {{"scenarios/"}, std::nullopt},
      {{"--help"}, kExitPassed},
      {{}, kExitUsage},
      {{"--jobs", "0", "s/"}, kExitUsage},
      {{"--bogus", "s/"}, kExitUsage},
      {{"--timeout", "10sm", "s/"}, kExitUsage},
      {{"--shard", "3/2", "s/"}, kExitUsage},
      {{"--filter", "(", "s/"}, kExitUsage},
      {{"--server-log", "x", "s/"}, kExitUsage},
      {{"--target-config", "tick=1s", "s/"}, kExitUsage},
      {{"--server-extensions", "s/"}, kExitUsage},
      {{"--target", "h:1", "--server-cmd", "x", "s/"}, kExitUsage},
      {{"--target", "h:1", "--target-config", "tick=0s", "s/"}, kExitUsage},
      {{"--kafka", "nohost", "s/"}, kExitUsage},
  };
  for (const Case& c : cases) {
    LabrunOptions options;
    testing::internal::CaptureStderr();
    testing::internal::CaptureStdout();
    EXPECT_EQ(Parse(c.args, &options), c.exit) << ::testing::PrintToString(c.args);
    testing::internal::GetCapturedStdout();
    const std::string err = testing::internal::GetCapturedStderr();
    if (c.exit == kExitUsage && !c.args.empty()) {
      EXPECT_THAT(err, HasSubstr("labrun: ")) << ::testing::PrintToString(c.args);
      EXPECT_EQ(std::count(err.begin(), err.end(), '\n'), 1) << err;
    }
  }
}

}  // namespace
}  // namespace brew::lab
