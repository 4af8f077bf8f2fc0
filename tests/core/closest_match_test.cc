#include "core/util/closest_match.h"

#include <gtest/gtest.h>

namespace brew {
namespace {

TEST(ClosestMatch, EditDistanceCountsTranspositionsAndCaps) {
  EXPECT_EQ(EditDistance("intervall", "interval"), 1);
  EXPECT_EQ(EditDistance("chta", "chat"), 1);      // transposition
  EXPECT_EQ(EditDistance("abc", "xyz123456"), 4);  // capped at 3 + 1
}

TEST(ClosestMatch, SuggestsOnlyCloseWords) {
  EXPECT_EQ(ClosestMatch("cout", {"id", "count", "from"}), "count");
  EXPECT_EQ(ClosestMatch("ID", {"id", "count"}), "id");
  EXPECT_EQ(ClosestMatch("colour", {"id", "count", "from"}), "");
  EXPECT_EQ(ClosestMatch("x", {"id"}), "");
}

}  // namespace
}  // namespace brew
