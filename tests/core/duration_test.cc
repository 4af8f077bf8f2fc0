#include "core/util/duration.h"

#include <gtest/gtest.h>

namespace brew {
namespace {

using namespace std::chrono_literals;

TEST(ParseDuration, AcceptsGoSpellings) {
  EXPECT_EQ(ParseDuration("10ms"), Duration(10ms));
  EXPECT_EQ(ParseDuration("1.5s"), Duration(1500ms));
  EXPECT_EQ(ParseDuration("2m"), Duration(2min));
  EXPECT_EQ(ParseDuration("1h30m"), Duration(90min));
  EXPECT_EQ(ParseDuration("1m30s"), Duration(90s));
  EXPECT_EQ(ParseDuration("250us"), Duration(250us));
  EXPECT_EQ(ParseDuration("250\xC2\xB5s"), Duration(250us));
  EXPECT_EQ(ParseDuration("7ns"), Duration(7ns));
  EXPECT_EQ(ParseDuration(".5s"), Duration(500ms));
  EXPECT_EQ(ParseDuration("0"), Duration(0));
  EXPECT_EQ(ParseDuration("0s"), Duration(0));
}

TEST(ParseDuration, RejectsWithAReason) {
  std::string error;
  EXPECT_FALSE(ParseDuration("10sm", &error));
  EXPECT_EQ(error, "unknown unit \"sm\" in duration \"10sm\" (use ns, us, ms, s, m or h)");
  EXPECT_FALSE(ParseDuration("10", &error));
  EXPECT_NE(error.find("missing unit"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("-1s", &error));
  EXPECT_NE(error.find("negative"), std::string::npos) << error;
  EXPECT_FALSE(ParseDuration("", &error));
  EXPECT_FALSE(ParseDuration("ms", &error));
  EXPECT_FALSE(ParseDuration("1.2.3s", &error));
  EXPECT_FALSE(ParseDuration("99999999999h", &error));
  EXPECT_NE(error.find("too large"), std::string::npos) << error;
}

TEST(FormatDuration, WritesWhatGoWrites) {
  EXPECT_EQ(FormatDuration(1s), "1s");
  EXPECT_EQ(FormatDuration(200ms), "200ms");
  EXPECT_EQ(FormatDuration(1500ms), "1.5s");
  EXPECT_EQ(FormatDuration(90s), "1m30s");
  EXPECT_EQ(FormatDuration(2h), "2h0m0s");
  EXPECT_EQ(FormatDuration(0s), "0s");
  EXPECT_EQ(FormatDuration(1500us), "1.5ms");
  EXPECT_EQ(FormatDuration(12ns), "12ns");
  EXPECT_EQ(FormatDuration(2us), "2\xC2\xB5s");
}

TEST(FormatDuration, RoundTripsThroughParse) {
  for (Duration d :
       {Duration(10ms), Duration(1500ms), Duration(90s), Duration(3723s), Duration(7ns)}) {
    EXPECT_EQ(ParseDuration(FormatDuration(d)), d) << FormatDuration(d);
  }
}

}  // namespace
}  // namespace brew
