// The order-service's side of Chat (the lesson's client-bidi).
#pragma once

#include "core/client/call_control.h"
#include "core/client/client_options.h"
#include "core/event/client_event.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew {

// Sends "ping 1".."ping N", one every `interval`, while a reader thread
// receives the echoes, then closes the send side (Go's CloseSend) and waits
// for the reader to see the server's end. Blocks until the call ends.
// Pings are kSend events and echoes kRecv events, with the message text.
ChatResult RunChat(orders::v1::StreamingService::StubInterface& stub, const ChatOptions& options,
                   const ClientObserver& observer, CallControl* control = nullptr);

}  // namespace brew
