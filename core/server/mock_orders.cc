#include "core/server/mock_orders.h"

#include <atomic>
#include <cstdio>

#include "core/util/proto_time.h"

namespace brew {
namespace {

// "ord-000042": one counter for the process, so no two orders share an id.
std::string NextOrderId(int64_t* number) {
  static std::atomic<int64_t> next_order{1};
  *number = next_order.fetch_add(1, std::memory_order_relaxed);
  char order_id[32];
  std::snprintf(order_id, sizeof order_id, "ord-%06lld", static_cast<long long>(*number));
  return order_id;
}

}  // namespace

orders::v1::OrderEvent MockOrderEvent(const std::string& customer_id, int64_t seq,
                                      std::chrono::system_clock::time_point tick_time) {
  static const char* const kCustomers[] = {"cust-ana", "cust-ben", "cust-chen", "cust-dara"};

  int64_t order = 0;
  orders::v1::OrderEvent ev;
  ev.set_order_id(NextOrderId(&order));
  ev.set_customer_id(customer_id.empty() ? kCustomers[order % 4] : customer_id);
  ev.set_amount_cents(250 + (seq * 137) % 900);  // a flat white to a large latte
  SetTimestamp(ev.mutable_created_at(), tick_time);
  return ev;
}

orders::v1::OrderEvent AcceptedOrderEvent(const std::string& customer_id, int64_t amount_cents,
                                          std::chrono::system_clock::time_point created_at) {
  int64_t order = 0;
  orders::v1::OrderEvent ev;
  ev.set_order_id(NextOrderId(&order));
  ev.set_customer_id(customer_id);
  ev.set_amount_cents(amount_cents);
  SetTimestamp(ev.mutable_created_at(), created_at);
  return ev;
}

}  // namespace brew
