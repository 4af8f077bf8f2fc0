// Subscribe delivery: N subscribers (limit 0) on one channel for the
// window, then each is cancelled. Counts the events received in the window
// and, from each event's created_at, how late it arrived (the lag), the
// server's tick (the median gap between consecutive events of a stream)
// and the ticks that brought no event (skipped).
//
// The tick is the server's config (ours: streaming-server --tick); with a
// small tick (10ms) the rate is about N / tick. Uses the callback client
// API: no thread per subscriber, so N may be in the thousands.
#pragma once

#include "load/measurement.h"

namespace brew::load {

Measurement MeasureSubscribe(const MeasureContext& mc, int subscribers);

}  // namespace brew::load
