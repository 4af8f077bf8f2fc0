#include "core/util/append.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <string>

namespace brew {
namespace {

TEST(AppendPieces, AppendsEveryPieceInOrderAfterWhatIsThere) {
  std::string text = "> ";
  const std::string id = "cust-import";
  AppendPieces(&text, "customer_id=", id, " amount_cents=", Decimal(100));
  EXPECT_EQ(text, "> customer_id=cust-import amount_cents=100");
}

TEST(AppendPieces, EmptyPiecesAddNothing) {
  std::string text;
  AppendPieces(&text, "", std::string(), std::string_view(), "x", "");
  EXPECT_EQ(text, "x");
}

TEST(AppendPieces, ReusesTheRoomOfAClearedString) {
  std::string text(64, 'x');
  text.clear();
  const size_t room = text.capacity();
  AppendPieces(&text, "order_id=", "ord-000001", " amount_cents=", Decimal(387));
  EXPECT_EQ(text, "order_id=ord-000001 amount_cents=387");
  EXPECT_EQ(text.capacity(), room);
}

TEST(Decimal, WritesEveryInt64) {
  std::string text;
  AppendPieces(&text, Decimal(0), " ", Decimal(-7), " ", Decimal(1234567890123), " ",
               Decimal(std::numeric_limits<int64_t>::max()), " ",
               Decimal(std::numeric_limits<int64_t>::min()));
  EXPECT_EQ(text, "0 -7 1234567890123 9223372036854775807 -9223372036854775808");
}

// A copy holds its own digits: it outlives, and does not follow, the
// Decimal it was copied from.
TEST(Decimal, ACopyKeepsItsDigits) {
  auto original = std::make_unique<Decimal>(1234567);
  const Decimal copy = *original;
  *original = Decimal(-7);
  original.reset();
  EXPECT_EQ(copy.view(), "1234567");
}

}  // namespace
}  // namespace brew
