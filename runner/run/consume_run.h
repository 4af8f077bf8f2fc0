// One consumer of a scenario (a `consume` step), running on its own thread:
// a consumer group reading the scenario's topic, on the timeline as a
// stream is.
//
// Its events, in the stream's lane:
//   start   positioned: "group=G from=F: partition 0 offset=0, ..."
//   recv    a record: "partition=P offset=O order_id=... customer_id=... amount_cents=..."
//   commit  its offset committed: "partition=P offset=O+1" (same n as its recv)
//   done    OK at its limit, CANCELLED when stopped (a `stop` step, or the
//           scenario's end), UNAVAILABLE if it could not start or commit
//
// The consumer commits each record before it reads the next
// (core/kafka/order_consumer.h), so a stopped consumer's group resumes
// right after the last record it received.
#pragma once

#include <atomic>
#include <string>
#include <thread>

#include "core/timeline/timeline.h"
#include "core/util/mutex.h"
#include "runner/result/result.h"
#include "runner/run/running_stream.h"
#include "runner/run/scenario_kafka.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

class ConsumeRun final : public RunningStream {
 public:
  // Starts the consumer of `step` at once, on its own thread.
  ConsumeRun(const ConsumeStep& step, const KafkaWiring& kafka, Timeline& timeline);
  ~ConsumeRun() override;  // StopAndJoin()

  ConsumeRun(const ConsumeRun&) = delete;
  ConsumeRun& operator=(const ConsumeRun&) = delete;

  const std::string& id() const override { return step_.id; }
  bool done() const override { return done_; }
  // Asks it to stop (after the record in hand): the `stop` step.
  void Stop() override { stop_ = true; }
  void StopAndJoin() override;
  StreamOutcome Outcome() const override;

 private:
  void Run(Timeline& timeline);
  // Sleeps `d` in slices, so that Stop() is seen; false if stopped.
  bool Pause(Duration d);

  const ConsumeStep step_;
  const KafkaWiring kafka_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> done_{false};
  mutable brew::Mutex mu_;
  StreamOutcome outcome_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace brew::lab
