#include "core/util/padding.h"

namespace brew {
namespace {

std::size_t VarintSize(std::size_t n) {
  std::size_t size = 1;
  while (n >= 0x80) {
    n >>= 7;
    ++size;
  }
  return size;
}

}  // namespace

std::string PaddingFor(std::size_t unpadded_bytes, int target_bytes) {
  if (target_bytes <= 0) return {};
  const auto target = static_cast<std::size_t>(target_bytes);
  // A non-empty field 15 costs a 1-byte tag, its length as a varint, and
  // the bytes themselves.
  constexpr std::size_t kTagBytes = 1;
  if (target <= unpadded_bytes + kTagBytes + 1) return {};
  std::size_t len = target - unpadded_bytes - kTagBytes - 1;
  while (len > 0 && unpadded_bytes + kTagBytes + VarintSize(len) + len > target) --len;
  return std::string(len, 'x');
}

}  // namespace brew
