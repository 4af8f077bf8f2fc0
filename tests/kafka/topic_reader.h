// Test support: everything on a topic, read back through a consumer group
// of its own from the earliest offset, with a deadline.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/kafka/order_consumer.h"

namespace brew::testing {

// Reads until `want` records came or `wait` passed; then reads for another
// `settle` to catch any extra record. Fails the test if the consumer
// cannot start.
std::vector<kafka::ConsumedRecord> ReadTopic(const std::string& bootstrap, const std::string& topic,
                                             size_t want, std::chrono::milliseconds wait,
                                             std::chrono::milliseconds settle);

}  // namespace brew::testing
