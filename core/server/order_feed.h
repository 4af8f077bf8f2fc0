// OrderFeed: orders from outside the server, fanned out to the live
// Subscribe streams (streaming-server --orders-from kafka: kitchen-service
// reads brew.orders.v1 and pushes each order onto the barista screens).
// Without a feed -- the lesson's server -- each Subscribe stream makes up
// one order per tick.
//
// What it promises
// - FanOut(order) hands the order to every screen joined at that moment,
//   in Join order, one call each; a screen joined later never sees it: a
//   stream has no replay.
// - After Leave(screen) returns, the feed never calls that screen again,
//   and no call to it is still running. So a screen must not Join or Leave
//   while holding a lock its OnOrder takes (OnOrder runs under the feed's
//   lock).
// - Thread-safe: FanOut, Join and Leave may come from any thread.
#pragma once

#include <vector>

#include "core/util/mutex.h"
#include "orders/v1/streaming.pb.h"

namespace brew {

class OrderFeed {
 public:
  class Screen {
   public:
    // Must not block: it runs on the FanOut caller's thread, under the feed's
    // lock.
    virtual void OnOrder(const orders::v1::OrderEvent& order) = 0;

   protected:
    ~Screen() = default;
  };

  void Join(Screen* screen);
  void Leave(Screen* screen);
  // Not "Publish": that word is kept for Kafka (OrderPublisher, OrderSink).
  void FanOut(const orders::v1::OrderEvent& order);

 private:
  Mutex mu_;
  std::vector<Screen*> screens_ ABSL_GUARDED_BY(mu_);
};

}  // namespace brew
