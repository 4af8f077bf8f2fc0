// Which scenarios a server can be graded on, and with which settings.
#include "runner/run/target_fit.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "runner/scenario/scenario_loader.h"

namespace brew::lab {
namespace {

using ::testing::HasSubstr;
using ::testing::Optional;
using namespace std::chrono_literals;

Scenario Load(const std::string& text) {
  LoadResult r = LoadScenarioText(text, "t.yaml");
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.diagnostics[0].ToString());
  return r.ok() ? *r.scenario : Scenario{};
}

ServerSpec Command(const std::string& cmd) {
  ServerSpec spec;
  spec.kind = ServerSpec::Kind::kCommand;
  spec.command = cmd;
  return spec;
}

TEST(TargetFit, BrewlabsOwnServerRunsEverything) {
  const Scenario s = Load(
      "server: {tick: 1ms, read_delay: 5ms}\nsteps: [{subscribe: {id: s, message_bytes: 9}}]\n");
  EXPECT_EQ(SkipReason(s, ServerSpec{}), std::nullopt);
}

TEST(TargetFit, ACommandTakesTheSettingsItsTemplateNames) {
  const Scenario s = Load("server: {tick: 100ms}\nsteps: [{subscribe: {id: s}}]\n");
  EXPECT_EQ(SkipReason(s, Command("srv -addr {addr} -tick {tick}")), std::nullopt);
  EXPECT_THAT(SkipReason(s, Command("srv -addr {addr}")),
              Optional(std::string(
                  "needs tick=100ms; the server runs tick=1s (the --server-cmd has no {tick})")));
  EXPECT_EQ(EffectiveSettings(s, Command("srv -addr {addr}")).tick, 1s);
}

TEST(TargetFit, ASettingCountsOnlyForTheRpcThatUsesIt) {
  // An upload does not care about the tick or the echo delay.
  const Scenario s = Load("server: {tick: 100ms, echo_delay: 0s}\nsteps: [{upload: {id: u}}]\n");
  EXPECT_EQ(SkipReason(s, Command("srv -addr {addr}")), std::nullopt);
}

TEST(TargetFit, ExtensionsNeedTheServerToHaveThem) {
  const Scenario reads = Load("server: {read_delay: 25ms}\nsteps: [{upload: {id: u}}]\n");
  EXPECT_THAT(SkipReason(reads, Command("srv {addr}")),
              Optional(HasSubstr("needs read_delay=25ms")));
  EXPECT_EQ(SkipReason(reads, Command("srv {addr} --read-delay {read_delay}")), std::nullopt);

  const Scenario logs = Load("steps: [{upload: {id: u}}, {wait: {log: \"^upload started$\"}}]\n");
  ServerSpec go = Command("srv {addr}");
  EXPECT_THAT(
      SkipReason(logs, go),
      Optional(std::string("needs brewlab's own log lines (the log line \"upload started\"); "
                           "run with --server-extensions if the server has them")));
  go.extensions = true;
  EXPECT_EQ(SkipReason(logs, go), std::nullopt);
}

// The Kafka side: a server that publishes to the scenario's broker. A
// program must be told where ({kafka}, and {orders_from} for a feed); a
// --target cannot be; a real cluster (--kafka) cannot be taken down.
TEST(TargetFit, KafkaScenariosNeedAServerWiredToTheBroker) {
  const Scenario fed = Load(
      "server: {kafka: true, orders_from: kafka}\n"
      "steps: [{consume: {id: k, group: g, limit: 1}}]\n");
  EXPECT_EQ(SkipReason(fed, ServerSpec{}), std::nullopt);
  EXPECT_THAT(SkipReason(fed, Command("srv {addr}")),
              Optional(HasSubstr("the --server-cmd has no {kafka}")));
  EXPECT_THAT(SkipReason(fed, Command("srv {addr} --kafka {kafka}")),
              Optional(HasSubstr("the --server-cmd has no {orders_from}")));
  EXPECT_EQ(SkipReason(fed, Command("srv {addr} --kafka {kafka} --orders-from {orders_from}")),
            std::nullopt);
  ServerSpec target;
  target.kind = ServerSpec::Kind::kTarget;
  target.target = "127.0.0.1:1";
  EXPECT_THAT(SkipReason(fed, target), Optional(HasSubstr("which a --target cannot be")));

  const Scenario down = Load("server: {kafka: true}\nsteps: [{kafka_down: {for: 1s}}]\n");
  ServerSpec real_cluster;
  real_cluster.kafka = "kafka.example:9092";
  EXPECT_THAT(SkipReason(down, real_cluster), Optional(HasSubstr("kafka_down")));
  EXPECT_EQ(SkipReason(down, ServerSpec{}), std::nullopt);
  EXPECT_EQ(SubstituteCommand("s --kafka {kafka} -t {kafka_topic} -o {orders_from}", "a:1", 1,
                              fed.server, nullptr),
            "s --kafka  -t  -o kafka");
  const KafkaWiring wiring{"127.0.0.1:9", "brew.orders.v1"};
  EXPECT_EQ(SubstituteCommand("s --kafka {kafka} -t {kafka_topic}", "a:1", 1, fed.server, &wiring),
            "s --kafka 127.0.0.1:9 -t brew.orders.v1");
}

TEST(TargetFit, ATargetRunsItsOwnSettingsAndCannotRestart) {
  ServerSpec target;
  target.kind = ServerSpec::Kind::kTarget;
  std::string error;
  ASSERT_TRUE(ParseTargetConfig("tick=250ms,echo_delay=0s", &target.target_settings, &error))
      << error;
  const Scenario ticks = Load("server: {tick: 250ms}\nsteps: [{subscribe: {id: s}}]\n");
  EXPECT_EQ(SkipReason(ticks, target), std::nullopt);
  const Scenario chats = Load("steps: [{chat: {id: c}}]\n");
  EXPECT_THAT(SkipReason(chats, target),
              Optional(std::string("needs echo_delay=200ms; the server runs echo_delay=0s "
                                   "(--target-config tick=250ms,echo_delay=0s)")));
  EXPECT_EQ(EffectiveSettings(chats, target).echo_delay, 0s);
  const Scenario restarts = Load("server: {tick: 250ms}\nsteps: [{restart_server: {}}]\n");
  EXPECT_THAT(SkipReason(restarts, target), Optional(HasSubstr("cannot do to a --target")));
}

TEST(TargetFit, TargetConfigErrors) {
  TargetSettings t;
  std::string error;
  EXPECT_FALSE(ParseTargetConfig("tick=0s", &t, &error));
  EXPECT_FALSE(ParseTargetConfig("tick=fast", &t, &error));
  EXPECT_FALSE(ParseTargetConfig("speed=1s", &t, &error));
  EXPECT_THAT(error, HasSubstr("\"speed=1s\" is not tick=D, echo_delay=D or read_delay=D"));
  EXPECT_EQ(t.tick, defaults::kTick);  // untouched
}

TEST(TargetFit, SettingsFromTheLastStartLineOfTheLog) {
  const std::string path = ::testing::TempDir() + "/target_fit_server.log";
  {
    std::ofstream out(path);
    out << "time=2026-11-30T10:00:00Z level=INFO msg=\"streaming-server started\" addr=:50052 "
           "tick=1s echo_delay=200ms\n"
        << "2026/11/30 10:01:00 streaming-server started addr=\":50052\" tick=300ms "
           "echo_delay=50ms\n"
        << "2026/11/30 10:01:01 subscribe started customer_id=\"\" limit=5\n";
  }
  TargetSettings t;
  ASSERT_TRUE(TargetSettingsFromLog(path, &t));
  EXPECT_EQ(t.tick, 300ms);
  EXPECT_EQ(t.echo_delay, 50ms);
  EXPECT_THAT(t.source, HasSubstr("its start line in "));
  std::remove(path.c_str());
  TargetSettings none;
  EXPECT_FALSE(TargetSettingsFromLog(path, &none));
  EXPECT_EQ(none.tick, defaults::kTick);
}

}  // namespace
}  // namespace brew::lab
