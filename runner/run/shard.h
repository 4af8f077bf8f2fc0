// --shard I/N: run a stable slice of the scenarios, so that N CI jobs
// (`--shard 1/N` ... `--shard N/N`) together run every scenario once.
//
// A scenario belongs to shard Fnv1a64(name) % N + 1. The hash is FNV-1a
// 64-bit, written out here (std::hash may differ between builds and
// standard libraries), so a scenario's shard depends on its name and N
// only: adding or removing a scenario never moves the others, and every
// name is in exactly one of the N shards.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace brew::lab {

struct Shard {
  int index = 1;  // 1-based: 1..count
  int count = 1;
};

// "I/N" with 1 <= I <= N (digits only, no spaces or signs). On error,
// nullopt and `error` (when not null) set to e.g.
//   --shard "x": expected I/N such as 1/4
//   --shard "3/2": I must be between 1 and N
//   --shard "1/0": N must be at least 1
std::optional<Shard> ParseShard(const std::string& text, std::string* error);

// FNV-1a 64-bit of `bytes` (offset basis 0xcbf29ce484222325, prime
// 0x100000001b3).
uint64_t Fnv1a64(std::string_view bytes);

// Whether `scenario_name` is in `shard` (count <= 1: every name is).
bool InShard(const std::string& scenario_name, const Shard& shard);

}  // namespace brew::lab
