// The nightly import's side of UploadOrders (the lesson's client-upload).
#pragma once

#include "core/client/call_control.h"
#include "core/client/client_options.h"
#include "core/event/client_event.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew {

// Sends `count` records (the first `bad` invalid, amount 0), pausing after
// each, then closes the send side and reads the summary (Go's CloseAndRecv).
// Blocks until the call ends. Each record is a kSend event with text
// "customer_id=... amount_cents=...".
UploadResult RunUpload(orders::v1::StreamingService::StubInterface& stub,
                       const UploadOptions& options, const ClientObserver& observer,
                       CallControl* control = nullptr);

// "received=20 accepted=17 rejected=3 total_cents=20400"
std::string DescribeSummary(const orders::v1::UploadSummary& summary);

}  // namespace brew
