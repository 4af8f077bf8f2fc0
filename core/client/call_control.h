// CallControl: steer a running client call from another thread.
//
// Go cancels a call by cancelling its context, from anywhere. In C++ the
// call's grpc::ClientContext belongs to the thread running it; CallControl
// is the handle other threads hold instead:
//
//   Cancel()     -- the lesson's Ctrl+C: cancels the call (TryCancel), and
//                   wakes any pause the client function is sleeping in.
//   CloseSend()  -- for a chat or upload started with close_send = false:
//                   lets the client function close its send side now.
//
// Both are thread-safe, may come before the call starts (then they apply as
// soon as it does) or after it ended (then they do nothing), and are
// idempotent. The client functions use the rest: Attach/Detach around the
// call, SleepFor for pauses that a cancel must cut short.
#pragma once

#include <grpcpp/client_context.h>

#include <chrono>

#include "core/event/client_event.h"
#include "core/util/duration.h"
#include "core/util/mutex.h"

namespace brew {

class CallControl {
 public:
  CallControl() = default;
  CallControl(const CallControl&) = delete;
  CallControl& operator=(const CallControl&) = delete;

  void Cancel();
  void CloseSend();

  bool cancelled() const;

  // --- For the client functions. ---

  // From now until Detach, Cancel() cancels `ctx` and reports a kCancel event
  // to `observer`. If Cancel() came earlier, cancels at once. The observer
  // is called with the control's lock held: it must not call back into it.
  void Attach(grpc::ClientContext* ctx, const ClientObserver* observer);
  void Detach();

  // Sleeps for `d` (until `t`); returns false at once if the call is
  // cancelled.
  bool SleepFor(Duration d);
  bool SleepUntil(std::chrono::steady_clock::time_point t);

  // Blocks until CloseSend(), Cancel(), CallEnded() or `deadline`; returns
  // true only for CloseSend().
  bool WaitForCloseSend(std::chrono::system_clock::time_point deadline);

  // The call is over (its reader saw the end): wakes WaitForCloseSend.
  void CallEnded();

 private:
  mutable Mutex mu_;
  CondVar cv_;  // Cancel(), CloseSend() or CallEnded()
  grpc::ClientContext* ctx_ ABSL_GUARDED_BY(mu_) = nullptr;
  const ClientObserver* observer_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool close_send_ ABSL_GUARDED_BY(mu_) = false;
  bool call_ended_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace brew
