#include "core/client/chat_client.h"

#include <thread>

#include "core/client/ack_window.h"
#include "core/client/event_reporter.h"
#include "core/util/padding.h"
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
  AckWindow acks;  // each echo acknowledges one ping (used with ack_batch)
  std::thread reader([&] {
    orders::v1::ChatMessage echo;
    while (stream->Read(&echo)) {
      report.Received([&](std::string* text) { *text = echo.text(); });
      acks.Acked();
    }
    acks.StreamEnded();
    if (control != nullptr) control->CallEnded();
  });

  // Pings go out at a steady rate, ping i at start + (i-1) * interval, so
  // small delays in one sleep do not add up over the stream.
  auto first_ping = std::chrono::steady_clock::now();
  int paced_from = 0;  // the ping the steady rate counts from
  for (int i = 1; i <= options.count; ++i) {
    // With ack_batch, the next batch waits until the kitchen has
    // acknowledged every ping so far; the steady rate then starts over.
    if (options.ack_batch > 0 && i > 1 && (i - 1) % options.ack_batch == 0) {
      if (!acks.WaitForAcks(i - 1, ctx.deadline())) break;  // the stream ended first
      first_ping = std::chrono::steady_clock::now();
      paced_from = i - 1;
    }
    orders::v1::ChatMessage ping;
    ping.set_from(options.from);
    ping.set_text("ping " + std::to_string(i));
    SetTimestamp(ping.mutable_sent_at(), std::chrono::system_clock::now());
    ping.set_padding(PaddingFor(ping.ByteSizeLong(), options.message_bytes));
    if (!stream->Write(ping)) break;  // the call is over; Finish says why
    report.Sent([&](std::string* text) { *text = ping.text(); });
    if (!PauseUntil(first_ping + (i - paced_from) * options.interval, control)) break;
  }
  // CloseSend: tells the server we are done sending (the EOF its reader
  // sees). Forget it and the server waits for more until the deadline --
  // which is what a chat held open (close_send = false) shows when it is
  // never told to close: then the call ends by deadline or cancel instead.
  if (ShouldCloseSend(options.close_send, control, ctx)) {
    stream->WritesDone();
    report.ClosedSend();
  }
  reader.join();  // the lesson's wg.Wait()

  ChatResult result;
  result.status = stream->Finish();
  result.sent = report.sent();
  result.received = report.received();
  report.Done(result.status);
  return result;
}

}  // namespace brew
