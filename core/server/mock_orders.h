// The stand-in for a real order source: one made-up OrderEvent per tick.
// (The lesson's mockOrderEvent.)
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "orders/v1/streaming.pb.h"

namespace brew {

// `seq` counts the events of one stream from 1; `customer_id` may be empty,
// in which case a mock customer is picked. The order id is unique within the
// process; the amount is always positive.
orders::v1::OrderEvent MockOrderEvent(const std::string& customer_id, int64_t seq,
                                      std::chrono::system_clock::time_point tick_time);

}  // namespace brew
