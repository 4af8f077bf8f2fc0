// RunningStream: what the executor knows of anything a step starts that
// runs beside the later steps: a gRPC stream (StreamRun), a consumer of
// brew.orders.v1 (ConsumeRun), and whatever a step may start next. Each runs
// on a thread of its own, reports to the scenario's timeline, and ends on
// its own (a limit, the server's end) or when it is stopped.
//
// The executor keeps them in one list, in step order: it finds one by id,
// waits for all to end, stops and joins all when the run is over, and puts
// each one's outcome in the result.
#pragma once

#include <string>

#include "runner/result/result.h"

namespace brew::lab {

class RunningStream {
 public:
  virtual ~RunningStream() = default;

  // The id its step gave it: unique among a scenario's streams.
  virtual const std::string& id() const = 0;
  // True once it has ended and its outcome is final.
  virtual bool done() const = 0;
  // Asks it to end early, in its own terms: a gRPC call is cancelled (the
  // lesson's Ctrl+C); a consumer stops after the record in hand. Returns at
  // once; a stream that has ended ignores it.
  virtual void Stop() = 0;
  // Closes its send side (Go's CloseSend). Only for a stream whose kind has
  // one (StreamHasEvent(kind, kCloseSend)); the loader guarantees it.
  virtual void CloseSend() {}
  // Stop(), then waits for its thread to end. Idempotent.
  virtual void StopAndJoin() = 0;
  // Its outcome so far (final once done()).
  virtual StreamOutcome Outcome() const = 0;
};

}  // namespace brew::lab
