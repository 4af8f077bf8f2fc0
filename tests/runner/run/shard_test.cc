// --shard I/N: parsing, and a partition of scenario names that is stable
// and even.
#include "runner/run/shard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

namespace brew::lab {
namespace {

std::vector<std::string> Names(int from, int to) {
  static const char* const kPrefixes[] = {"upload", "subscribe", "chat", "bidi"};
  std::vector<std::string> names;
  for (int i = from; i < to; ++i) {
    names.push_back(std::string(kPrefixes[i % 4]) + "_" + std::to_string(i / 4));
  }
  return names;
}

TEST(Shard, ParsesIOverN) {
  std::string error;
  auto one = ParseShard("1/1", &error);
  ASSERT_TRUE(one.has_value()) << error;
  EXPECT_EQ(one->index, 1);
  EXPECT_EQ(one->count, 1);
  auto three = ParseShard("3/4", &error);
  ASSERT_TRUE(three.has_value()) << error;
  EXPECT_EQ(three->index, 3);
  EXPECT_EQ(three->count, 4);
  auto last = ParseShard("12/12", nullptr);
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->index, 12);
}

TEST(Shard, ParseErrorsNameTheArgumentAndTheRule) {
  struct Case {
    std::string text, error;
  };
  const std::vector<Case> cases = {
      {"x", "--shard \"x\": expected I/N such as 1/4"},
      {"", "--shard \"\": expected I/N such as 1/4"},
      {"3", "--shard \"3\": expected I/N such as 1/4"},
      {"1/", "--shard \"1/\": expected I/N such as 1/4"},
      {"/4", "--shard \"/4\": expected I/N such as 1/4"},
      {"a/4", "--shard \"a/4\": expected I/N such as 1/4"},
      {"1/4/2", "--shard \"1/4/2\": expected I/N such as 1/4"},
      {" 1/4", "--shard \" 1/4\": expected I/N such as 1/4"},
      {"1/4 ", "--shard \"1/4 \": expected I/N such as 1/4"},
      {"-1/4", "--shard \"-1/4\": expected I/N such as 1/4"},
      {"+1/4", "--shard \"+1/4\": expected I/N such as 1/4"},
      {"1.5/4", "--shard \"1.5/4\": expected I/N such as 1/4"},
      {"99999999999/1", "--shard \"99999999999/1\": expected I/N such as 1/4"},
      {"3/2", "--shard \"3/2\": I must be between 1 and N"},
      {"0/4", "--shard \"0/4\": I must be between 1 and N"},
      {"1/0", "--shard \"1/0\": N must be at least 1"},
      {"0/0", "--shard \"0/0\": N must be at least 1"},
  };
  for (const Case& c : cases) {
    std::string error;
    EXPECT_FALSE(ParseShard(c.text, &error).has_value()) << c.text;
    EXPECT_EQ(error, c.error);
  }
  EXPECT_FALSE(ParseShard("3/2", nullptr).has_value()) << "a null error is allowed";
}

TEST(Shard, HashIsFnv1a64) {
  // Published FNV-1a 64-bit test vectors: the hash must not change between
  // builds, or scenarios would move between CI jobs.
  EXPECT_EQ(Fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(Fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(Fnv1a64("foobar"), 0x85944171f73967e8ULL);
  EXPECT_EQ(Fnv1a64("\xff"), (0xcbf29ce484222325ULL ^ 0xffULL) * 0x100000001b3ULL)
      << "bytes are unsigned";
}

TEST(Shard, PinnedAssignments) {
  // Fnv1a64(name) % N + 1, worked out independently.
  auto shard_of = [](const std::string& name, int n) {
    for (int i = 1; i <= n; ++i) {
      if (InShard(name, Shard{i, n})) return i;
    }
    return 0;
  };
  EXPECT_EQ(shard_of("bidi_divergence", 4), 3);
  EXPECT_EQ(shard_of("bidi_divergence", 7), 4);
  EXPECT_EQ(shard_of("upload_bad5", 5), 5);
  EXPECT_EQ(shard_of("upload_bad5", 6), 6);
  EXPECT_EQ(shard_of("subscribe_cancel", 7), 6);
  EXPECT_EQ(shard_of("chat_fast", 6), 5);
}

TEST(Shard, EveryNameIsInExactlyOneShard) {
  const std::vector<std::string> names = Names(0, 200);
  for (int n = 1; n <= 7; ++n) {
    for (const std::string& name : names) {
      int in = 0;
      for (int i = 1; i <= n; ++i) in += InShard(name, Shard{i, n}) ? 1 : 0;
      EXPECT_EQ(in, 1) << name << " with N=" << n;
    }
  }
}

TEST(Shard, SpreadIsRoughlyEven) {
  const std::vector<std::string> names = Names(0, 200);
  for (int n = 1; n <= 7; ++n) {
    const double expected = 200.0 / n;
    for (int i = 1; i <= n; ++i) {
      int count = 0;
      for (const auto& name : names) count += InShard(name, Shard{i, n}) ? 1 : 0;
      EXPECT_GE(count, 0.6 * expected) << "shard " << i << "/" << n;
      EXPECT_LE(count, 1.4 * expected) << "shard " << i << "/" << n;
    }
  }
}

// ---------------------------------------------------------------------------
// The score line

}  // namespace
}  // namespace brew::lab
