// End to end, each stream shape over loopback: a real server on
// 127.0.0.1:0 and the real client functions, with the lesson's pauses set
// to zero so the numbers are the stack's own cost.
#include <benchmark/benchmark.h>
#include <grpcpp/create_channel.h>

#include "core/client/chat_client.h"
#include "core/client/subscribe_client.h"
#include "core/client/upload_client.h"
#include "core/server/streaming_server.h"
#include "core/timeline/timeline.h"

namespace brew {
namespace {

struct Loopback {
  explicit Loopback(ServerConfig config) {
    ServerOptions options;
    options.addr = "127.0.0.1:0";
    options.config = config;
    options.log_sink = [](const LogRecord&) {};
    std::string error;
    server = StreamingServer::Start(options, &error);
    channel = grpc::CreateChannel(server->target(), grpc::InsecureChannelCredentials());
    stub = orders::v1::StreamingService::NewStub(channel);
  }
  std::unique_ptr<StreamingServer> server;
  std::shared_ptr<grpc::Channel> channel;
  std::unique_ptr<orders::v1::StreamingService::Stub> stub;
};

// One upload, and with recording on its Timeline (made, filled by every
// send, its events built by its builder thread as the upload goes, freed),
// as labrun records a stream. Not inlined: the unit whose instructions
// bench/timeline_overhead.py counts, on and off.
__attribute__((noinline)) bool UploadOnce(orders::v1::StreamingService::Stub& stub,
                                          const UploadOptions& options, bool record) {
  Timeline timeline;
  ClientObserver observer = record ? timeline.ObserverFor("import") : ClientObserver{};
  return RunUpload(stub, options, observer).status.ok();
}

// UploadOrders: records per second in one stream, with the timeline
// recorder off (/0) and on (/1): issue #6 asks that recording cost under 5%
// of the throughput. Compare the two with --benchmark_repetitions (wall
// time is noisy on a busy machine), or count instructions with
// bench/timeline_overhead.py (repeatable), or in wall-clock time with
// bench/upload_overhead.py (several processes, interleaved).
void BM_Upload(benchmark::State& state) {
  Loopback lb({});
  const bool record = state.range(1) != 0;
  UploadOptions options;
  options.count = static_cast<int>(state.range(0));
  for (auto _ : state) {
    if (!UploadOnce(*lb.stub, options, record)) state.SkipWithError("upload failed");
  }
  state.SetItemsProcessed(state.iterations() * options.count);
  state.SetLabel(record ? "timeline on" : "timeline off");
}
BENCHMARK(BM_Upload)
    ->Args({10000, 0})
    ->Args({10000, 1})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// Chat: one ping, one echo, with no echo delay: the round trip.
void BM_ChatRoundTrip(benchmark::State& state) {
  ServerConfig config;
  config.echo_delay = Duration::zero();
  Loopback lb(config);
  ChatOptions options;
  options.count = 1;
  options.interval = Duration::zero();
  for (auto _ : state) {
    ChatResult r = RunChat(*lb.stub, options, nullptr);
    if (!r.status.ok() || r.received != 1) state.SkipWithError("chat failed");
  }
}
BENCHMARK(BM_ChatRoundTrip)->Unit(benchmark::kMicrosecond);

// Subscribe: events per second at a 1 ms tick, 100 events per stream.
void BM_Subscribe(benchmark::State& state) {
  ServerConfig config;
  config.tick = std::chrono::milliseconds(1);
  Loopback lb(config);
  SubscribeOptions options;
  options.limit = 100;
  for (auto _ : state) {
    SubscribeResult r = RunSubscribe(*lb.stub, options, nullptr);
    if (!r.status.ok() || r.received != 100) state.SkipWithError("subscribe failed");
  }
  state.SetItemsProcessed(state.iterations() * options.limit);
}
BENCHMARK(BM_Subscribe)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace brew

BENCHMARK_MAIN();
