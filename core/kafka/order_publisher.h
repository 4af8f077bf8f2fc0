// OrderPublisher: UploadOrders' OrderSink on Kafka -- each accepted order
// produced to brew.orders.v1 as a serialized OrderEvent keyed by its
// customer_id (one customer's orders stay in order on one partition).
//
// The producer idiom of librdkafka's examples/producer.cpp: produce() only
// queues; a delivery report per message says whether the broker took it;
// poll() serves the reports, here on a thread of the publisher's own.
//
// What it promises
// - acks=all with idempotence: a successful report means every in-sync
//   replica has the record, and retries neither duplicate nor reorder it.
//   Until `publish_timeout` has passed, a broker that is down is retried;
//   after it the order fails with librdkafka's "Message timed out".
// - Each Publish that returns true gets its `done` exactly once, on the
//   publisher's poll thread (OrderSink's contract).
// - AbandonPending() makes every pending `done` run soon with an error
//   (the server calls it when it stops); the destructor abandons what is
//   still pending, runs every `done`, and joins its thread, within a second.
// What it does not
// - Exactly-once across a server crash: an upload that failed or was cut
//   off may have had some of its orders stored. The client was told none
//   were accepted; a retried upload makes them twice (docs/stream-or-kafka.md).
#pragma once

#include <librdkafka/rdkafkacpp.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/server/order_sink.h"
#include "core/util/duration.h"

namespace brew::kafka {

class OrderPublisher final : public OrderSink {
 public:
  // Connects to `bootstrap` and checks that `topic` is there (at most 5 s);
  // nullptr with one line in `error` if not.
  static std::unique_ptr<OrderPublisher> Start(const std::string& bootstrap,
                                               const std::string& topic, Duration publish_timeout,
                                               std::string* error);
  ~OrderPublisher() override;

  bool Publish(const orders::v1::OrderEvent& order, Done done, std::string* error) override;
  void AbandonPending() override;

 private:
  // Runs each message's `done` (its opaque) from poll().
  class Reports final : public RdKafka::DeliveryReportCb {
   public:
    void dr_cb(RdKafka::Message& message) override;
  };

  OrderPublisher() = default;
  void PollLoop();

  Reports reports_;  // before producer_: the producer calls it until it goes
  std::unique_ptr<RdKafka::Producer> producer_;
  std::string topic_;
  std::atomic<bool> stop_{false};
  std::thread poller_;
};

}  // namespace brew::kafka
