// The "server:" part alone.
#include "runner/scenario/server_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/scenario/part_fixture.h"

namespace brew::lab::loader {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using namespace std::chrono_literals;

TEST(ServerReader, ReadsEachSettingAndKeepsTheDefaultsOfTheRest) {
  PartFixture f;
  ServerSettings server;
  ReadServer(f.cx(), f.EntryOf("server: {tick: 250ms, read_delay: 5ms}"), &server);
  EXPECT_THAT(f.Errors(), ElementsAre());
  EXPECT_EQ(server.tick, 250ms);
  EXPECT_EQ(server.read_delay, 5ms);
  EXPECT_EQ(server.echo_delay, defaults::kEchoDelay);
  EXPECT_EQ(server.pos.line, 1);
}

TEST(ServerReader, AZeroTickWouldSpinAndIsRefused) {
  PartFixture f;
  ServerSettings server;
  ReadServer(f.cx(), f.EntryOf("server: {tick: 0s, echo_delay: 0s}"), &server);
  const auto errors = f.Errors();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "1:16: \"tick\" must be greater than 0");
  EXPECT_EQ(server.tick, defaults::kTick);
  EXPECT_EQ(server.echo_delay, Duration::zero());
}

TEST(ServerReader, UnknownKeysGetADidYouMean) {
  PartFixture f;
  ServerSettings server;
  ReadServer(f.cx(), f.EntryOf("server: {echo_dealy: 1s}"), &server);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("(did you mean \"echo_delay\"?)")));
}

TEST(ServerReader, AScalarIsNotSettings) {
  PartFixture f;
  ServerSettings server;
  ReadServer(f.cx(), f.EntryOf("server: fast"), &server);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("\"server\" must be a map such as")));
}

}  // namespace
}  // namespace brew::lab::loader
