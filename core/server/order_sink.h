// OrderSink: where UploadOrders puts the orders it accepts, when the server
// has somewhere durable to put them (streaming-server --kafka: the topic
// brew.orders.v1). Without one -- the lesson's server -- an accepted record
// is only counted.
//
// With a sink, "accepted" means "durable": UploadOrders counts a record as
// accepted only once the sink says the order is stored, and answers with
// its summary only after every publish it started has been answered. A
// publish that fails fails the upload (UNAVAILABLE and the reason); nothing
// the sink did not take is counted.
//
// Contract for implementations
// - Publish is thread-safe and does not block on the network (it queues).
// - If Publish returns true, `done` runs exactly once, later, on a thread
//   of the sink's (never inside Publish), with "" once the order is stored
//   or the reason it was not. If it returns false, `done` never runs and
//   `error` says why.
// - The sink outlives the server that uses it, and runs every pending
//   `done` (with an error, if it must) before it is destroyed.
#pragma once

#include <functional>
#include <string>

#include "orders/v1/streaming.pb.h"

namespace brew {

class OrderSink {
 public:
  using Done = std::function<void(const std::string& error)>;

  virtual ~OrderSink() = default;

  virtual bool Publish(const orders::v1::OrderEvent& order, Done done, std::string* error) = 0;

  // Gives up on every publish still pending: each `done` runs soon, with an
  // error. The server calls it when it stops, so no upload waits on a
  // broker that is down past the server's shutdown grace.
  virtual void AbandonPending() = 0;
};

}  // namespace brew
