// PaddingFor: a padded message has the size asked for, on the wire.
#include "core/util/padding.h"

#include <gtest/gtest.h>

#include "orders/v1/streaming.pb.h"

namespace brew {
namespace {

template <typename Message>
size_t PaddedSize(Message m, int target) {
  m.set_padding(PaddingFor(m.ByteSizeLong(), target));
  return m.ByteSizeLong();
}

TEST(Padding, ReachesTheSizeExactlyOrOneByteShort) {
  orders::v1::OrderInput record;
  record.set_customer_id("cust-import");
  record.set_amount_cents(12345);
  const size_t natural = record.ByteSizeLong();
  for (int target = static_cast<int>(natural) + 3; target < 70000; target += 97) {
    const size_t got = PaddedSize(record, target);
    EXPECT_LE(got, static_cast<size_t>(target)) << target;
    EXPECT_GE(got + 1, static_cast<size_t>(target)) << target;
  }
  // Exactly, away from a length-prefix boundary.
  EXPECT_EQ(PaddedSize(record, 1024), 1024u);
  EXPECT_EQ(PaddedSize(record, 65536), 65536u);
}

TEST(Padding, NothingWhenNoSizeIsAskedOrTheMessageIsLarger) {
  orders::v1::ChatMessage ping;
  ping.set_from("order-service");
  ping.set_text("ping 1");
  EXPECT_EQ(PaddingFor(ping.ByteSizeLong(), 0), "");
  EXPECT_EQ(PaddingFor(ping.ByteSizeLong(), -5), "");
  EXPECT_EQ(PaddingFor(ping.ByteSizeLong(), 3), "");
  EXPECT_EQ(PaddingFor(ping.ByteSizeLong(), static_cast<int>(ping.ByteSizeLong())), "");
}

TEST(Padding, EveryPaddedMessageKind) {
  orders::v1::ChatMessage ping;
  ping.set_text("ping 7");
  EXPECT_EQ(PaddedSize(ping, 4096), 4096u);
  orders::v1::OrderEvent event;
  event.set_order_id("ord-1");
  EXPECT_EQ(PaddedSize(event, 4096), 4096u);
}

}  // namespace
}  // namespace brew
