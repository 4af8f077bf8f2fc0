// Chat ping-pong latency: one Chat stream; send a ping, wait for its echo,
// repeat for the window. Every round trip is a sample (after a short
// warm-up that is not counted).
//
// The server's echo delay adds to every round trip: the server under test
// must run with echo delay 0 (ours: streaming-server --echo-delay=0).
#pragma once

#include "load/measurement.h"

namespace brew::load {

// Round trips not counted at the start (first use of the stream).
constexpr int kChatWarmup = 5;

// Round-trip times in `latency`; `count` round trips.
Measurement MeasurePingPong(const MeasureContext& mc);

}  // namespace brew::load
