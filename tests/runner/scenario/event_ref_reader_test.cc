// Event references alone.
#include "runner/scenario/event_ref_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/scenario/part_fixture.h"

namespace brew::lab::loader {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// A chat stream "c", as a step would declare it.
void DeclareChat(PartFixture& f) {
  const Entry& id = f.EntryOf("id: c");
  f.cx().DeclareStream(id, "c", StreamKind::kChat, 0, id.key_mark(), true);
}

TEST(EventRefReader, AStreamEventWithNth) {
  PartFixture f;
  DeclareChat(f);
  const auto ref = ReadEventRef(f.cx(), f.EntryOf("to: {stream: c, event: recv, nth: -1}"), true);
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->kind, EventRef::Kind::kStream);
  EXPECT_EQ(ref->event, EventKind::kRecv);
  EXPECT_EQ(ref->nth, -1);
}

TEST(EventRefReader, ALogLine) {
  PartFixture f;
  const auto ref =
      ReadEventRef(f.cx(), f.EntryOf("to: {log: \"chat ended\", source: client}"), true);
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->kind, EventRef::Kind::kLog);
  EXPECT_EQ(ref->source, LogSource::kClient);
}

TEST(EventRefReader, OtherSpellingsOfAnEventGetTheirName) {
  PartFixture f;
  DeclareChat(f);
  EXPECT_FALSE(ReadEventRef(f.cx(), f.EntryOf("to: {stream: c, event: received}"), true));
  EXPECT_THAT(f.Errors(),
              ElementsAre(HasSubstr("unknown event \"received\" (did you mean \"recv\"?)")));
}

TEST(EventRefReader, NthCountsFromOneAndIsNotForNone) {
  PartFixture f;
  DeclareChat(f);
  EXPECT_FALSE(ReadEventRef(f.cx(), f.EntryOf("to: {stream: c, event: recv, nth: 0}"), true));
  EXPECT_FALSE(ReadEventRef(f.cx(), f.EntryOf("none: {stream: c, event: recv, nth: 2}"), false));
  EXPECT_THAT(f.Errors(),
              ElementsAre(HasSubstr("\"nth\" is not allowed here: \"none\" and \"gaps\""),
                          HasSubstr("\"nth\" must not be 0")));
}

TEST(EventRefReader, AnUploadHasNoRecvEvents) {
  PartFixture f;
  const Entry& id = f.EntryOf("id: u");
  f.cx().DeclareStream(id, "u", StreamKind::kUpload, 0, id.key_mark(), true);
  EXPECT_TRUE(ReadEventRef(f.cx(), f.EntryOf("to: {stream: u, event: recv}"), true));
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("an upload stream has no recv events")));
}

TEST(EventRefReader, ThereIsALimitOnReferencesPerFile) {
  PartFixture f;
  for (std::size_t i = 0; i < limits::kMaxEventRefs; ++i) {
    ASSERT_TRUE(ReadEventRef(f.cx(), f.EntryOf("to: {log: x}"), true));
  }
  EXPECT_FALSE(ReadEventRef(f.cx(), f.EntryOf("to: {log: x}"), true));
  EXPECT_FALSE(ReadEventRef(f.cx(), f.EntryOf("to: {log: x}"), true));
  EXPECT_THAT(f.Errors(), ElementsAre(HasSubstr("too many event references")));
}

}  // namespace
}  // namespace brew::lab::loader
