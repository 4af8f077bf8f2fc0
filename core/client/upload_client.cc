#include "core/client/upload_client.h"

#include "core/client/event_reporter.h"
#include "core/util/append.h"
#include "core/util/padding.h"

namespace brew {

int64_t UploadAmountCents(int index) { return 100 * static_cast<int64_t>(index + 1); }

int64_t ExpectedUploadTotalCents(int count, int bad) {
  int64_t total = 0;
  for (int i = bad; i < count; ++i) total += UploadAmountCents(i);
  return total;
}

std::string DescribeSummary(const orders::v1::UploadSummary& summary) {
  return "received=" + std::to_string(summary.received()) +
         " accepted=" + std::to_string(summary.accepted()) +
         " rejected=" + std::to_string(summary.rejected()) +
         " total_cents=" + std::to_string(summary.total_cents());
}

// The record as the client prints it; a padded record also shows its size.
void DescribeRecord(const orders::v1::OrderInput& record, std::string* text) {
  AppendPieces(text, "customer_id=", record.customer_id(),
               " amount_cents=", Decimal(record.amount_cents()));
  if (!record.padding().empty()) {
    AppendPieces(text, " bytes=", Decimal(static_cast<int64_t>(record.ByteSizeLong())));
  }
}

UploadResult RunUpload(orders::v1::StreamingService::StubInterface& stub,
                       const UploadOptions& options, const ClientObserver& observer,
                       CallControl* control) {
  EventReporter report(observer);
  grpc::ClientContext ctx;
  ApplyDeadline(&ctx, options.deadline);
  ControlScope scope(control, &ctx, &observer);

  UploadResult result;
  report.Start();
  auto stream = stub.UploadOrders(&ctx, &result.summary);
  bool open = true;
  for (int i = 0; i < options.count && open; ++i) {
    orders::v1::OrderInput record;
    record.set_customer_id(options.customer_id);
    record.set_amount_cents(i < options.bad ? 0 : UploadAmountCents(i));
    record.set_padding(PaddingFor(record.ByteSizeLong(), options.message_bytes));
    // Write blocks while the transport's window is full: the server reading
    // slowly slows us down (transport-level backpressure).
    if (!stream->Write(record)) break;  // the call is over; Finish says why
    report.Sent([&](std::string* text) { DescribeRecord(record, text); });
    if (options.pause > Duration::zero()) open = PauseFor(options.pause, control);
  }
  // Go's CloseAndRecv: WritesDone is the EOF the server sees in Recv, and
  // Finish reads the one response (into result.summary) and the status.
  // An upload held open (close_send = false) closes only when told to; like
  // any client-stream client it learns that the call ended some other way
  // (deadline, cancel, server gone) only from Finish.
  if (ShouldCloseSend(options.close_send, control, ctx)) {
    stream->WritesDone();
    report.ClosedSend();
  }
  result.status = stream->Finish();
  result.sent = report.sent();
  report.Done(result.status, DescribeSummary(result.summary));
  return result;
}

}  // namespace brew
