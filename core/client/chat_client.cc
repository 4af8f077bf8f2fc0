#include "core/client/chat_client.h"

#include <thread>

#include "core/client/event_reporter.h"
#include "core/util/proto_time.h"

namespace brew {

ChatResult RunChat(orders::v1::StreamingService::StubInterface& stub, const ChatOptions& options,
                   const ClientObserver& observer, CallControl* control) {
  EventReporter report(observer);
  grpc::ClientContext ctx;
  ApplyDeadline(&ctx, options.deadline);
  ControlScope scope(control, &ctx, &observer);

  report.Start();
  auto stream = stub.Chat(&ctx);

  // The reader thread (the lesson's readEchoes goroutine): Read blocks, so
  // receiving runs beside the sending below. A gRPC stream allows one reader
  // and one writer at the same time.
  std::thread reader([&] {
    orders::v1::ChatMessage echo;
    while (stream->Read(&echo)) report.Received(echo.text());
    if (control != nullptr) control->CallEnded();
  });

  // Pings go out at a steady rate, ping i at start + (i-1) * interval, so
  // small delays in one sleep do not add up over the stream.
  const auto first_ping = std::chrono::steady_clock::now();
  for (int i = 1; i <= options.count; ++i) {
    orders::v1::ChatMessage ping;
    ping.set_from(options.from);
    ping.set_text("ping " + std::to_string(i));
    SetTimestamp(ping.mutable_sent_at(), std::chrono::system_clock::now());
    if (!stream->Write(ping)) break;  // the call is over; Finish says why
    report.Sent(ping.text());
    const auto next = first_ping + i * options.interval;
    const bool go_on = control != nullptr ? control->SleepUntil(next)
                                          : (std::this_thread::sleep_until(next), true);
    if (!go_on) break;
  }
  // CloseSend: tells the server we are done sending (the EOF its reader
  // sees). Forget it and the server waits for more until the deadline --
  // which is what a chat held open (close_send = false) shows when it is
  // never told to close: then the call ends by deadline or cancel instead.
  if (ShouldCloseSend(options.close_send, control, ctx)) stream->WritesDone();
  reader.join();  // the lesson's wg.Wait()

  ChatResult result;
  result.status = stream->Finish();
  result.sent = report.sent();
  result.received = report.received();
  report.Done(result.status);
  return result;
}

}  // namespace brew
