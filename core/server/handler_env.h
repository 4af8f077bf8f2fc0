// What every handler of the streaming service shares: the server's config,
// its logger, whether the server is stopping (so a stream the server itself
// ends is not logged as a client that went away), and the count of live
// handlers.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>

#include "core/server/server_config.h"
#include "core/util/logger.h"

namespace brew {

// Counts the handlers (reactors) that are running, so an embedding program
// can wait until every stream the server served has ended on the server's
// side too -- its last log line written -- before it stops the server.
// A client's call can end a moment before the server notices (the cancel
// is still on its way), which is why labrun waits for this.
class LiveHandlers {
 public:
  void Add();
  void Done();  // from the reactor's OnDone
  // True once no handler is live; false if `deadline` passes first.
  bool WaitIdle(std::chrono::steady_clock::time_point deadline);

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int live_ = 0;
};

struct HandlerEnv {
  HandlerEnv(const ServerConfig& c, Logger& l) : config(c), logger(l) {}

  const ServerConfig config;
  Logger& logger;
  std::atomic<bool> stopping{false};
  LiveHandlers live;
};

}  // namespace brew
