// HandlerEnv: what every handler (reactor) of the streaming service shares.
//
// Contract
// - The HandlerEnv outlives every reactor that holds it: StreamingServer owns
//   it (through the service) and, when it stops, waits for gRPC to finish
//   every call and then for LiveHandlers to reach zero -- that is, for every
//   reactor to be destroyed, alarm callbacks included -- before it goes.
// - `config` is read-only after construction: read it from any thread.
// - `logger` is thread-safe (Logger's contract): each call writes one whole
//   line.
// - `stopping` is set once, by StreamingServer::Shutdown, before gRPC starts
//   cancelling calls, so a handler that sees its call cancelled can tell
//   "the server is stopping" from "the client went away".
// - `live` counts live reactors; each reactor holds one LiveHandlers::Handle
//   for its whole life (see below).
// - `ticks` is the one schedule of every Subscribe stream's ticks
//   (tick_schedule.h); it stops with the HandlerEnv, after every reactor.
// - `sink` and `feed` are null for the lesson's server; when set (the Kafka
//   side: --kafka, --orders-from kafka) they outlive the server, as their
//   headers say.
#pragma once

#include <atomic>
#include <chrono>

#include "core/server/order_feed.h"
#include "core/server/order_sink.h"
#include "core/server/server_config.h"
#include "core/server/tick_schedule.h"
#include "core/util/logger.h"
#include "core/util/mutex.h"

namespace brew {

// Counts the handlers (reactors) that exist, so an embedding program can
// wait until every stream the server served has ended on the server's side
// too -- its last log line written -- before it looks at the log or stops.
// A client's call can end a moment before the server notices (the cancel is
// still on its way), which is why labrun waits for this. Thread-safe.
class LiveHandlers {
 public:
  // Held by a reactor from its construction to its destruction: the count
  // covers the alarm callbacks that may run after OnDone.
  class Handle {
   public:
    explicit Handle(LiveHandlers& live) : live_(live) { live_.Add(); }
    ~Handle() { live_.Done(); }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

   private:
    LiveHandlers& live_;
  };

  // True once no handler is live; false if `deadline` passes first.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);

 private:
  void Add();
  void Done();

  Mutex mu_;
  CondVar idle_;  // live_ reached zero
  int live_ ABSL_GUARDED_BY(mu_) = 0;
};

struct HandlerEnv {
  HandlerEnv(const ServerConfig& c, Logger& l, OrderSink* s, OrderFeed* f)
      : config(c), logger(l), sink(s), feed(f) {}

  const ServerConfig config;
  Logger& logger;
  OrderSink* const sink;  // UploadOrders publishes accepted orders here, if set
  OrderFeed* const feed;  // Subscribe's orders come from here, if set (else the tick)
  std::atomic<bool> stopping{false};
  LiveHandlers live;
  TickSchedule ticks;  // last: its thread stops first
};

}  // namespace brew
