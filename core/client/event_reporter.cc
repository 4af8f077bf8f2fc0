#include "core/client/event_reporter.h"

#include <chrono>
#include <thread>

namespace brew {

void EventReporter::Emit(EventKind kind, int n, std::string text, grpc::StatusCode code) {
  if (!observer_) return;
  ClientEvent ev;
  ev.kind = kind;
  ev.time = std::chrono::steady_clock::now();
  ev.n = n;
  ev.text = std::move(text);
  ev.code = FromGrpc(code);
  observer_(ev);
}

void EventReporter::Done(const grpc::Status& status, const std::string& ok_text) {
  Emit(EventKind::kDone, 0, status.ok() ? ok_text : status.error_message(), status.error_code());
}

void ApplyDeadline(grpc::ClientContext* ctx, const std::optional<Duration>& deadline) {
  if (!deadline) return;
  ctx->set_deadline(std::chrono::system_clock::now() +
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(*deadline));
}

bool ShouldCloseSend(bool close_send, CallControl* control, const grpc::ClientContext& ctx) {
  if (close_send || control == nullptr) return true;
  return control->WaitForCloseSend(ctx.deadline());
}

bool PauseFor(Duration d, CallControl* control) {
  if (control != nullptr) return control->SleepFor(d);
  std::this_thread::sleep_for(d);
  return true;
}

bool PauseUntil(std::chrono::steady_clock::time_point t, CallControl* control) {
  if (control != nullptr) return control->SleepUntil(t);
  std::this_thread::sleep_until(t);
  return true;
}

}  // namespace brew
