// One client stream of a scenario, running on its own thread.
//
// A stream step starts it and returns at once, so several streams run
// together, as the lesson's separate terminals do. The thread runs the same
// client function the lesson's programs use (RunSubscribe, RunUpload,
// RunChat), reporting to the timeline; `control` is how the executor's
// `cancel` and `close_send` steps reach into it.
#pragma once

#include <grpcpp/channel.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "core/client/call_control.h"
#include "core/timeline/timeline.h"
#include "core/util/mutex.h"
#include "runner/result/result.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

class StreamRun {
 public:
  // Starts the stream of `step` (a subscribe, upload or chat step) against
  // `target` on its own channel, so each stream has its own connection.
  StreamRun(const Step& step, const std::string& target, Timeline& timeline);
  ~StreamRun();  // cancels if still running, then joins

  StreamRun(const StreamRun&) = delete;
  StreamRun& operator=(const StreamRun&) = delete;

  const std::string& id() const { return id_; }
  CallControl& control() { return control_; }
  bool done() const { return done_; }

  // Cancels (if still running) and waits for the thread to end.
  void CancelAndJoin();
  // The outcome so far (final once done()).
  StreamOutcome Outcome() const;

 private:
  void Run(const Step& step, std::shared_ptr<grpc::Channel> channel, Timeline& timeline);

  const std::string id_;
  const StreamKind kind_;
  CallControl control_;
  mutable brew::Mutex mu_;
  StreamOutcome outcome_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> done_{false};
  std::thread thread_;
};

}  // namespace brew::lab
