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

// A word that is the start of exactly one candidate: "close" for
// close_send. Never for short words, never when two candidates start so.
TEST(ClosestMatch, SuggestsTheOneWordThatBeginsWithIt) {
  EXPECT_EQ(ClosestMatch("close", {"cancel", "close_send", "consume"}), "close_send");
  EXPECT_EQ(ClosestMatch("restart", {"stop_server", "restart_server"}), "restart_server");
  EXPECT_EQ(ClosestMatch("stop", {"stop", "stop_server"}), "stop");
  EXPECT_EQ(ClosestMatch("serv", {"server-cmd", "server-log"}), "");
  EXPECT_EQ(ClosestMatch("clo", {"close_send"}), "");
}

}  // namespace
}  // namespace brew
