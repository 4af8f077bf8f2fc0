// The client functions' side of ClientObserver: numbers sends and receives
// and stamps each event with the monotonic clock.
#pragma once

#include <grpcpp/client_context.h>

#include <atomic>
#include <chrono>
#include <string>
#include <utility>

#include "core/client/call_control.h"
#include "core/client/grpc_status.h"
#include "core/event/client_event.h"

namespace brew {

class EventReporter {
 public:
  explicit EventReporter(const ClientObserver& observer) : observer_(observer) {}

  void Start() { Emit(EventKind::kStart, 0, ""); }
  // The client closed its send side (after WritesDone).
  void ClosedSend() { Emit(EventKind::kCloseSend, 0, ""); }
  // A message sent or received. `describe(&text)` writes the message in
  // short into `text`. It is called only when someone observes, so an
  // unobserved stream (a load test, a benchmark) formats nothing; and it
  // writes into a string kept per direction, so once that has grown,
  // describing a message allocates nothing.
  template <typename Describe>
  int Sent(const Describe& describe) {
    return Message(EventKind::kSend, ++sent_, describe, &send_event_);
  }
  template <typename Describe>
  int Received(const Describe& describe) {
    return Message(EventKind::kRecv, ++received_, describe, &recv_event_);
  }
  // `ok_text` replaces the (empty) status message of an OK ending.
  void Done(const grpc::Status& status, const std::string& ok_text = "");

  int sent() const { return sent_; }
  int received() const { return received_; }

 private:
  template <typename Describe>
  int Message(EventKind kind, int n, const Describe& describe, ClientEvent* event) {
    if (observer_) {
      event->kind = kind;
      event->n = n;
      event->text.clear();  // keeps its room
      describe(&event->text);
      event->time = std::chrono::steady_clock::now();
      observer_(*event);
    }
    return n;
  }
  void Emit(EventKind kind, int n, std::string text, grpc::StatusCode code = grpc::StatusCode::OK);

  const ClientObserver& observer_;
  std::atomic<int> sent_{0};      // the sending thread's count
  std::atomic<int> received_{0};  // the receiving thread's count
  ClientEvent send_event_;        // the sending thread's, reused
  ClientEvent recv_event_;        // the receiving thread's, reused
};

// Sets the optional deadline on `ctx`.
void ApplyDeadline(grpc::ClientContext* ctx, const std::optional<Duration>& deadline);

// Whether to close the send side now: at once when `close_send` is set (or
// there is no control to ask), else after the control's CloseSend() -- false
// if the call was cancelled or hit its deadline first.
bool ShouldCloseSend(bool close_send, CallControl* control, const grpc::ClientContext& ctx);

// A client's pause (between records, pings or reads): sleeps for `d`, or
// until `t`, cut short by the control's Cancel() (then false). Without a
// control it just sleeps.
bool PauseFor(Duration d, CallControl* control);
bool PauseUntil(std::chrono::steady_clock::time_point t, CallControl* control);

// Attaches a CallControl (if any) to a call for the call's lifetime.
class ControlScope {
 public:
  ControlScope(CallControl* control, grpc::ClientContext* ctx, const ClientObserver* observer)
      : control_(control) {
    if (control_ != nullptr) control_->Attach(ctx, observer);
  }
  ~ControlScope() {
    if (control_ != nullptr) control_->Detach();
  }
  ControlScope(const ControlScope&) = delete;
  ControlScope& operator=(const ControlScope&) = delete;

 private:
  CallControl* control_;
};

}  // namespace brew
