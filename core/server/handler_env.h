// What every handler of the streaming service shares: the server's config,
// its logger, and whether the server is stopping (so a stream the server
// itself ends is not logged as a client that went away).
#pragma once

#include <atomic>

#include "core/server/server_config.h"
#include "core/util/logger.h"

namespace brew {

struct HandlerEnv {
  HandlerEnv(const ServerConfig& c, Logger& l) : config(c), logger(l) {}

  const ServerConfig config;
  Logger& logger;
  std::atomic<bool> stopping{false};
};

}  // namespace brew
