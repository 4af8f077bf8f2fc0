// The "steps:" part alone: kinds, fields, and the streams steps declare and
// use.
#include "runner/scenario/step_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/scenario/part_fixture.h"

namespace brew::lab::loader {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(StepReader, StreamStepsDeclareTheirStreamsInOrder) {
  PartFixture f;
  std::vector<Step> steps;
  ReadSteps(f.cx(),
            f.EntryOf("steps: [{subscribe: {id: screen, limit: 2}}, {chat: {id: c, count: 3}},"
                      " {wait: {stream: screen, done: true}}]"),
            &steps);
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(std::get<SubscribeStep>(steps[0].body).limit, 2);
  EXPECT_EQ(std::get<ChatStep>(steps[1].body).count, 3);
  const auto streams = f.cx().Streams();
  ASSERT_EQ(streams.size(), 2u);
  EXPECT_EQ(streams[0].id, "screen");
  EXPECT_EQ(streams[0].kind, StreamKind::kSubscribe);
  EXPECT_EQ(streams[1].id, "c");
  EXPECT_EQ(streams[1].step_index, 1u);
}

TEST(StepReader, AStreamIsUsedOnlyAfterTheStepThatStartsIt) {
  PartFixture f;
  std::vector<Step> steps;
  ReadSteps(f.cx(), f.EntryOf("steps: [{cancel: c}, {chat: {id: c}}]"), &steps);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("stream \"c\" is not started yet at this step")));
}

TEST(StepReader, AMisspeltStreamStepStillNamesItsStream) {
  PartFixture f;
  std::vector<Step> steps;
  ReadSteps(f.cx(), f.EntryOf("steps: [{caht: {id: c}}, {cancel: c}]"), &steps);
  // One error, at the kind: the cancel's use of "c" is not a second one.
  EXPECT_THAT(f.Errors(),
              ElementsAre(HasSubstr("unknown step kind \"caht\" (did you mean \"chat\"?)")));
}

TEST(StepReader, WaitingForSendsOfASubscribeIsRefusedOnceTheStreamIsKnown) {
  PartFixture f;
  std::vector<Step> steps;
  ReadSteps(f.cx(), f.EntryOf("steps: [{subscribe: {id: s}}, {wait: {stream: s, sent: 1}}]"),
            &steps);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("a subscribe stream sends nothing")));
}

TEST(StepReader, BadNotAboveCount) {
  PartFixture f;
  std::vector<Step> steps;
  ReadSteps(f.cx(), f.EntryOf("steps: [{upload: {id: u, count: 2, bad: 3}}]"), &steps);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("\"bad\" (3) must not exceed \"count\" (2)")));
  EXPECT_TRUE(steps.empty());
}

}  // namespace
}  // namespace brew::lab::loader
