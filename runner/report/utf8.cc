#include "runner/report/utf8.h"

namespace brew::lab {

std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  DecodeUtf8(
      text, [&](char32_t, std::string_view bytes) { out += bytes; },
      [&] { out += kReplacementUtf8; });
  return out;
}

}  // namespace brew::lab
