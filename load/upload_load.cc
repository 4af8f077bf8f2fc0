#include "load/upload_load.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <thread>
#include <vector>

#include "core/client/grpc_status.h"
#include "core/event/client_event.h"

namespace brew::load {
namespace {

struct StreamResult {
  grpc::Status status;
  int64_t sent = 0;
  orders::v1::UploadSummary summary;
};

void RunStream(orders::v1::StreamingService::Stub* stub, int index,
               std::chrono::steady_clock::time_point end,
               std::chrono::system_clock::time_point deadline, StreamResult* out) {
  grpc::ClientContext ctx;
  ctx.set_deadline(deadline);
  auto writer = stub->UploadOrders(&ctx, &out->summary);
  orders::v1::OrderInput record;
  record.set_customer_id("load-" + std::to_string(index));
  record.set_amount_cents(100);
  while (std::chrono::steady_clock::now() < end) {
    if (!writer->Write(record)) break;  // the call is over: Finish says why
    ++out->sent;
  }
  writer->WritesDone();
  out->status = writer->Finish();
}

}  // namespace

Measurement MeasureUpload(const MeasureContext& mc, int streams, const std::string& name) {
  Measurement m;
  m.name = name;
  m.unit = "records";
  m.streams = streams;
  std::vector<StreamResult> results(static_cast<size_t>(streams));
  const CpuWindow cpu(mc.server_pid);
  const auto start = std::chrono::steady_clock::now();
  const auto end = start + mc.duration;
  const auto deadline =
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(mc.duration + mc.grace);
  std::vector<std::thread> threads;
  threads.reserve(results.size());
  for (int i = 0; i < streams; ++i) {
    threads.emplace_back(RunStream, mc.stub, i, end, deadline, &results[static_cast<size_t>(i)]);
  }
  for (std::thread& t : threads) t.join();
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  m.cpu = cpu.Stop();

  for (size_t i = 0; i < results.size(); ++i) {
    const StreamResult& r = results[i];
    if (!r.status.ok()) {
      if (m.error.empty()) {
        m.error = "upload stream " + std::to_string(i + 1) +
                  " failed: " + StatusCodeName(r.status.error_code()) +
                  (r.status.error_message().empty() ? "" : ": " + r.status.error_message());
      }
      continue;
    }
    m.count += r.summary.received();
    if (r.summary.received() != r.sent && m.error.empty()) {
      m.error = "upload stream " + std::to_string(i + 1) +
                ": the summary says received=" + std::to_string(r.summary.received()) + " of " +
                std::to_string(r.sent) + " records sent";
    }
  }
  return m;
}

}  // namespace brew::load
