// The barista screen's side of Subscribe (the lesson's client-server-stream).
#pragma once

#include "core/client/call_control.h"
#include "core/client/client_options.h"
#include "core/event/client_event.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew {

// Subscribes and reads events until the stream ends; blocks until then.
// Each OrderEvent is reported as a kRecv event with text
// "order_id=... customer_id=... amount_cents=...". The result's status is OK
// when the server ended the stream (the lesson's io.EOF from Recv), CANCELLED
// when `control` cancelled it, DEADLINE_EXCEEDED at the deadline.
SubscribeResult RunSubscribe(orders::v1::StreamingService::StubInterface& stub,
                             const SubscribeOptions& options, const ClientObserver& observer,
                             CallControl* control = nullptr);

// Appends the event in short to `text`:
// "order_id=ord-000001 customer_id=cust-ana amount_cents=387"
void DescribeOrderEvent(const orders::v1::OrderEvent& event, std::string* text);

}  // namespace brew
