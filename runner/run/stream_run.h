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
#include "runner/run/running_stream.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

class StreamRun final : public RunningStream {
 public:
  // Starts the stream of `step` (a subscribe, upload or chat step) against
  // `target` on its own channel, so each stream has its own connection.
  StreamRun(const Step& step, const std::string& target, Timeline& timeline);
  ~StreamRun() override;  // StopAndJoin()

  StreamRun(const StreamRun&) = delete;
  StreamRun& operator=(const StreamRun&) = delete;

  const std::string& id() const override { return id_; }
  bool done() const override { return done_; }
  // Cancels the call (the `cancel` step), if it is still running.
  void Stop() override;
  // The `close_send` step, for a stream started with close_send: false.
  void CloseSend() override { control_.CloseSend(); }
  void StopAndJoin() override;
  StreamOutcome Outcome() const override;

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
