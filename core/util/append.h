// AppendPieces: a line of text built from several pieces with one growth
// of the string and one copy per piece, for the texts made on the path of
// every message (the clients' one-line descriptions of what they send and
// receive, which the timeline records).
//
//   AppendPieces(&text, "customer_id=", id, " amount_cents=", Decimal(cents));
//
// appends what `"customer_id=" + id + " amount_cents=" + std::to_string(cents)`
// makes, without the temporary strings, and without a call into the
// library per piece as a chain of append() makes: this way the timeline
// recorder stays a small part of an upload's cost (docs/performance.md).
// Header-only: it is a template, inlined where it is used.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace brew {

// The decimal digits of `value` (with a '-' if negative) in a buffer of its
// own -- std::to_string would allocate a string. A piece for AppendPieces.
class Decimal {
 public:
  explicit Decimal(int64_t value)
      : size_(static_cast<size_t>(std::to_chars(digits_, digits_ + sizeof digits_, value).ptr -
                                  digits_)) {}
  std::string_view view() const { return {digits_, size_}; }

 private:
  // A size, not a pointer to the end: a copy of a Decimal stays good.
  char digits_[20];  // "-9223372036854775808"
  size_t size_;
};

inline std::string_view PieceView(std::string_view piece) { return piece; }
inline std::string_view PieceView(const Decimal& piece) { return piece.view(); }

// Copies `piece` to `out`; returns the end of the copy.
inline char* CopyPiece(char* out, std::string_view piece) {
  if (!piece.empty()) std::memcpy(out, piece.data(), piece.size());
  return out + piece.size();
}

// Appends `pieces` (anything a std::string_view is made from, or a
// Decimal) to `*text`, in order. The pieces are handled one by one in the
// code (a fold, not a loop), so a literal's copy is a fixed-size move.
template <typename... Pieces>
void AppendPieces(std::string* text, const Pieces&... pieces) {
  const size_t at = text->size();
  text->resize(at + (PieceView(pieces).size() + ...));
  char* out = text->data() + at;
  ((out = CopyPiece(out, PieceView(pieces))), ...);
}

}  // namespace brew
