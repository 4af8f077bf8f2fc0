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
  // Not in the lesson (its backpressure section): how long the handler
  // "works" on each UploadOrders record or Chat message it reads before it
  // reads the next. A slow reader is what makes a client's sends block.
  Duration read_delay = Duration::zero();
  // Not in the lesson: the largest message the server accepts (gRPC's
  // default, 4 MiB, set explicitly). gRPC refuses a larger one: the client
  // gets RESOURCE_EXHAUSTED and the handler's log says what it saw (see
  // call_end.h).
  int max_receive_message_bytes = 4 * 1024 * 1024;
};

}  // namespace brew
