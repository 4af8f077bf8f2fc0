// UTF-8 for the reports: the texts in them come from the server and the
// clients under test, and a stray byte must cost neither the report nor a
// grader's parser. JUnit XML, Gradescope, PrairieLearn and the Markdown
// summary pass their texts through these; the JSON reports get the same
// replacement from nlohmann's dump (PrettyJson, report.h).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace brew::lab {

inline constexpr char kReplacementUtf8[] = "\xEF\xBF\xBD";  // U+FFFD

// `text` as valid UTF-8: each byte that does not start a well-formed UTF-8
// sequence (stray continuation bytes, overlong forms, surrogates, code
// points past U+10FFFF, truncated sequences) becomes U+FFFD.
std::string ValidUtf8(std::string_view text);

// Walks `text` as UTF-8, calling on_char(code_point, bytes) for each
// well-formed sequence and on_invalid() for each byte that does not start
// one (which is then skipped on its own).
template <typename OnChar, typename OnInvalid>
inline void DecodeUtf8(std::string_view text, OnChar on_char, OnInvalid on_invalid) {
  const size_t n = text.size();
  size_t i = 0;
  while (i < n) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      on_char(static_cast<char32_t>(c), text.substr(i, 1));
      ++i;
      continue;
    }
    size_t len = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
      min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      cp = c & 0x0F;
      min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
      min = 0x10000;
    }
    bool ok = len > 0 && i + len <= n;
    for (size_t k = 1; ok && k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) {
        ok = false;
      } else {
        cp = (cp << 6) | (cc & 0x3F);
      }
    }
    ok = ok && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
    if (ok) {
      on_char(cp, text.substr(i, len));
      i += len;
    } else {
      on_invalid();
      ++i;
    }
  }
}

}  // namespace brew::lab
