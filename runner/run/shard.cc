#include "runner/run/shard.h"

#include <charconv>

namespace brew::lab {
namespace {

// A non-empty run of ASCII digits that fits an int.
std::optional<int> ParseCount(std::string_view digits) {
  if (digits.empty()) return std::nullopt;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return value;
}

}  // namespace

std::optional<Shard> ParseShard(const std::string& text, std::string* error) {
  auto fail = [&](const std::string& why) -> std::optional<Shard> {
    if (error != nullptr) *error = "--shard \"" + text + "\": " + why;
    return std::nullopt;
  };
  const size_t slash = text.find('/');
  if (slash == std::string::npos) return fail("expected I/N such as 1/4");
  const std::string_view all(text);
  const std::optional<int> index = ParseCount(all.substr(0, slash));
  const std::optional<int> count = ParseCount(all.substr(slash + 1));
  if (!index || !count) return fail("expected I/N such as 1/4");
  if (*count < 1) return fail("N must be at least 1");
  if (*index < 1 || *index > *count) return fail("I must be between 1 and N");
  return Shard{*index, *count};
}

uint64_t Fnv1a64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

bool InShard(const std::string& scenario_name, const Shard& shard) {
  if (shard.count <= 1) return true;
  return Fnv1a64(scenario_name) % static_cast<uint64_t>(shard.count) ==
         static_cast<uint64_t>(shard.index - 1);
}

}  // namespace brew::lab
