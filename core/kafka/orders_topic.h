// brew.orders.v1: Brew's durable order flow, the Kafka topic the lesson's
// "What NOT to do with streams" points to. kitchen-service,
// payment-service, inventory-service, courier-service and analytics each
// read it as a consumer group of their own, each with its own offsets;
// records are keyed by customer_id, so one customer's orders stay in order
// on one partition.
#pragma once

namespace brew::kafka {

inline constexpr char kOrdersTopic[] = "brew.orders.v1";
inline constexpr int kOrdersPartitions = 3;

}  // namespace brew::kafka
