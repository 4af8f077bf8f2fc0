// Log patterns alone: the regex form and the record form.
#include "runner/scenario/log_pattern_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/runner/scenario/part_fixture.h"

namespace brew::lab::loader {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

TEST(LogPatternReader, AScalarIsTheRegexForm) {
  PartFixture f;
  const auto p = ReadLogPattern(f.cx().reporter(), f.EntryOf("log: \"^upload ended \""));
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_TRUE(p && p->line);
  EXPECT_EQ(p->line->pattern, "^upload ended ");
  EXPECT_EQ(p->ToString(), "/^upload ended /");
}

TEST(LogPatternReader, AMapIsTheRecordFormWithTextAndRegexValues) {
  PartFixture f;
  const auto p = ReadLogPattern(f.cx().reporter(),
                                f.EntryOf("log: {msg: \"subscribe ended: client gone\", sent: 3, "
                                          "err: /context (canceled|deadline exceeded)/, "
                                          "path: !text '/a/', quoted: \"/echo: ping 3$/\"}"));
  EXPECT_THAT(f.Errors(), ElementsAre());
  ASSERT_TRUE(p && !p->line && p->msg);
  EXPECT_EQ(p->msg->text, "subscribe ended: client gone");
  ASSERT_EQ(p->attrs.size(), 4u);
  EXPECT_EQ(p->attrs[0].second.text, "3");
  ASSERT_TRUE(p->attrs[1].second.regex);
  EXPECT_TRUE(p->attrs[1].second.Matches("context deadline exceeded"));
  EXPECT_FALSE(p->attrs[2].second.regex) << "!text '/a/' is text";
  EXPECT_EQ(p->attrs[2].second.text, "/a/");
  ASSERT_TRUE(p->attrs[3].second.regex) << "a quoted /.../ is a regex too";
  EXPECT_TRUE(p->attrs[3].second.Matches("echo: ping 3"));
  EXPECT_FALSE(p->attrs[3].second.Matches("echo: ping 31"));
  EXPECT_EQ(p->ToString(),
            "{msg: \"subscribe ended: client gone\", sent: \"3\", err: /context (canceled|deadline "
            "exceeded)/, path: \"/a/\", quoted: /echo: ping 3$/}");
}

TEST(LogPatternReader, MistakesInTheRecordForm) {
  PartFixture f;
  EXPECT_FALSE(ReadLogPattern(f.cx().reporter(), f.EntryOf("log: {}")));
  EXPECT_FALSE(ReadLogPattern(f.cx().reporter(), f.EntryOf("log: {sent: [1, 2]}")));
  EXPECT_FALSE(ReadLogPattern(f.cx().reporter(), f.EntryOf("log: {\"a b\": 1}")));
  EXPECT_FALSE(ReadLogPattern(f.cx().reporter(), f.EntryOf("log: {err: /(/}")));
  EXPECT_FALSE(ReadLogPattern(f.cx().reporter(), f.EntryOf("log: {err: !regex /a/}")));
  EXPECT_THAT(f.Errors(),
              UnorderedElementsAre(HasSubstr("a log pattern needs \"msg\" or an attribute"),
                                   HasSubstr("\"sent\" must be a value such as 3"),
                                   HasSubstr("a log attribute's key must be a name"),
                                   HasSubstr("bad regex \"(\""),
                                   HasSubstr("unknown tag \"!regex\" on \"err\"; the one tag "
                                             "here is !text (literal text)")));
}

}  // namespace
}  // namespace brew::lab::loader
