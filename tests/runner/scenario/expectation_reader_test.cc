// The "expect:" part alone.
#include "runner/scenario/expectation_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/scenario/part_fixture.h"

namespace brew::lab::loader {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

void Declare(PartFixture& f, const std::string& id, StreamKind kind) {
  const Entry& e = f.EntryOf("id: " + id);
  f.cx().DeclareStream(e, id, kind, 0, e.key_mark(), true);
}

TEST(ExpectationReader, EachKindReadsIntoItsBody) {
  PartFixture f;
  Declare(f, "u", StreamKind::kUpload);
  std::vector<Expectation> out;
  ReadExpectations(
      f.cx(),
      f.EntryOf("expect: [{stream: u, status: [OK, CANCELLED], summary: {accepted: 17}},"
                " {log: \"upload ended\", count: 1},"
                " {order: [{stream: u, event: start}, {log: ended}]},"
                " {within: {from: {log: a}, to: {log: b}, max: 1s}},"
                " {none: {log: x}, after: {log: y}}]"),
      &out);
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_EQ(out.size(), 5u);
  const auto& stream = std::get<StreamExpectation>(out[0].body);
  EXPECT_EQ(stream.status.size(), 2u);
  ASSERT_TRUE(stream.summary.has_value());
  EXPECT_TRUE(std::holds_alternative<LogExpectation>(out[1].body));
  EXPECT_EQ(std::get<OrderExpectation>(out[2].body).events.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<WithinExpectation>(out[3].body));
  EXPECT_TRUE(std::holds_alternative<NoneExpectation>(out[4].body));
}

TEST(ExpectationReader, ASummaryIsOnlyAnUploadsOnceTheStreamIsKnown) {
  PartFixture f;
  Declare(f, "c", StreamKind::kChat);
  std::vector<Expectation> out;
  ReadExpectations(f.cx(), f.EntryOf("expect: [{stream: c, summary: {accepted: 1}}]"), &out);
  EXPECT_THAT(
      f.Errors(),
      ElementsAre(HasSubstr("\"summary\" applies only to upload streams; \"c\" is a chat")));
}

TEST(ExpectationReader, AbsentAndCountExcludeEachOther) {
  PartFixture f;
  std::vector<Expectation> out;
  ReadExpectations(f.cx(), f.EntryOf("expect: [{log: x, absent: true, count: 2}]"), &out);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("exclude each other")));
  EXPECT_TRUE(out.empty());
}

TEST(ExpectationReader, TwoKindsInOneItemAreTwoItems) {
  PartFixture f;
  std::vector<Expectation> out;
  ReadExpectations(f.cx(), f.EntryOf("expect: [{log: x, order: []}]"), &out);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("make them two list items")));
}

TEST(ExpectationReader, StatusSpellingsOfOtherLibrariesGetTheirName) {
  PartFixture f;
  Declare(f, "c", StreamKind::kChat);
  std::vector<Expectation> out;
  ReadExpectations(f.cx(), f.EntryOf("expect: [{stream: c, status: TIMEOUT}]"), &out);
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("(did you mean \"DEADLINE_EXCEEDED\"?)")));
}

}  // namespace
}  // namespace brew::lab::loader
