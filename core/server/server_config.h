// The knobs of the lesson's server, with the lesson's defaults.
#pragma once

#include <chrono>

#include "core/util/duration.h"

namespace brew {

struct ServerConfig {
  // Subscribe sends one OrderEvent per tick (the lesson's time.Ticker).
  Duration tick = std::chrono::seconds(1);
  // Chat sends each echo at least this long after the previous one.
  Duration echo_delay = std::chrono::milliseconds(200);
};

}  // namespace brew
