#include "load/chat_load.h"

#include <grpcpp/client_context.h>

#include <chrono>
#include <vector>

#include "core/client/grpc_status.h"
#include "core/event/client_event.h"

namespace brew::load {

Measurement MeasurePingPong(const MeasureContext& mc) {
  using Clock = std::chrono::steady_clock;
  Measurement m;
  m.name = "chat";
  m.unit = "round_trips";
  m.streams = 1;

  grpc::ClientContext ctx;
  ctx.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(mc.duration + mc.grace));
  auto stream = mc.stub->Chat(&ctx);
  orders::v1::ChatMessage ping;
  ping.set_from("streaming-load");
  orders::v1::ChatMessage echo;
  std::vector<int64_t> rtts;

  // One round trip; false when the stream broke or the echo is not ours.
  int n = 0;
  const auto round_trip = [&](int64_t* rtt_ns) {
    ping.set_text("ping " + std::to_string(++n));
    const auto t0 = Clock::now();
    if (!stream->Write(ping) || !stream->Read(&echo)) return false;
    *rtt_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - t0).count();
    if (echo.text() != "echo: " + ping.text()) {
      m.error = "echo " + std::to_string(n) + " is \"" + echo.text() +
                "\", expected \"echo: " + ping.text() + "\"";
      return false;
    }
    return true;
  };

  bool broken = false;
  int64_t rtt = 0;
  for (int i = 0; i < kChatWarmup && !broken; ++i) broken = !round_trip(&rtt);

  CpuWindow cpu(mc.server_pid);
  const auto start = Clock::now();
  const auto end = start + mc.duration;
  while (!broken && Clock::now() < end) {
    if (round_trip(&rtt)) {
      rtts.push_back(rtt);
    } else {
      broken = true;
    }
  }
  m.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  m.cpu = cpu.Stop();

  stream->WritesDone();
  while (stream->Read(&echo)) {
  }
  const grpc::Status status = stream->Finish();
  if (!status.ok() && m.error.empty()) {
    m.error = std::string("chat failed: ") + StatusCodeName(status.error_code()) +
              (status.error_message().empty() ? "" : ": " + status.error_message());
    if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED && rtts.empty()) {
      m.error += " (no echo in time: is the server's echo delay 0?)";
    }
  } else if (broken && m.error.empty()) {
    m.error = "the server ended the chat after " + std::to_string(n - 1) + " echoes";
  }
  m.count = static_cast<int64_t>(rtts.size());
  m.latency = Summarize(rtts);
  return m;
}

}  // namespace brew::load
