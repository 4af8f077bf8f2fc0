// Where OrderEvents come from: the lesson's stand-in for a real order
// source (one made-up OrderEvent per tick, its mockOrderEvent), and, on the
// Kafka side, the order an accepted upload record becomes.
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

// Not in the lesson: an accepted UploadOrders record as the order published
// to brew.orders.v1 -- a new order id (unique within the process, from the
// same counter as the mock's), the record's customer and amount.
orders::v1::OrderEvent AcceptedOrderEvent(const std::string& customer_id, int64_t amount_cents,
                                          std::chrono::system_clock::time_point created_at);

}  // namespace brew
