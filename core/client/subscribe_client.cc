#include "core/client/subscribe_client.h"

#include "core/client/event_reporter.h"
#include "core/util/append.h"

namespace brew {

void DescribeOrderEvent(const orders::v1::OrderEvent& event, std::string* text) {
  AppendPieces(text, "order_id=", event.order_id(), " customer_id=", event.customer_id(),
               " amount_cents=", Decimal(event.amount_cents()));
}

SubscribeResult RunSubscribe(orders::v1::StreamingService::StubInterface& stub,
                             const SubscribeOptions& options, const ClientObserver& observer,
                             CallControl* control) {
  EventReporter report(observer);
  grpc::ClientContext ctx;
  ApplyDeadline(&ctx, options.deadline);
  ControlScope scope(control, &ctx, &observer);

  orders::v1::SubscribeRequest request;
  request.set_customer_id(options.customer_id);
  request.set_limit(options.limit);
  request.set_message_bytes(options.message_bytes);

  report.Start();
  auto stream = stub.Subscribe(&ctx, request);
  orders::v1::OrderEvent event;
  // Read returns false when the stream is over, whoever ended it; Finish
  // then tells which: OK is the server's normal end (Go's io.EOF).
  while (stream->Read(&event)) {
    report.Received([&](std::string* text) { DescribeOrderEvent(event, text); });
    // A slow reader: while it pauses, the server's events queue up in the
    // transport's windows; once those are full, the server's sends wait.
    if (options.read_delay > Duration::zero() && !PauseFor(options.read_delay, control)) break;
  }

  SubscribeResult result;
  result.status = stream->Finish();
  result.received = report.received();
  report.Done(result.status);
  return result;
}

}  // namespace brew
