#include "core/server/mock_orders.h"

#include <atomic>
#include <cstdio>

#include "core/util/proto_time.h"

namespace brew {

orders::v1::OrderEvent MockOrderEvent(const std::string& customer_id, int64_t seq,
                                      std::chrono::system_clock::time_point tick_time) {
  static std::atomic<int64_t> next_order{1};
  static const char* const kCustomers[] = {"cust-ana", "cust-ben", "cust-chen", "cust-dara"};

  const int64_t order = next_order.fetch_add(1, std::memory_order_relaxed);
  char order_id[32];
  std::snprintf(order_id, sizeof order_id, "ord-%06lld", static_cast<long long>(order));

  orders::v1::OrderEvent ev;
  ev.set_order_id(order_id);
  ev.set_customer_id(customer_id.empty() ? kCustomers[order % 4] : customer_id);
  ev.set_amount_cents(250 + (seq * 137) % 900);  // a flat white to a large latte
  SetTimestamp(ev.mutable_created_at(), tick_time);
  return ev;
}

}  // namespace brew
