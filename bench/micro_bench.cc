// Hot paths of brewlab's own code, measured with Google Benchmark:
// recording a timeline event, formatting a log line, loading a scenario.
#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>

#include "core/timeline/timeline.h"
#include "core/util/logger.h"
#include "runner/scenario/scenario_loader.h"

namespace brew {
namespace {

// One client event recorded on the timeline, as every send and receive is
// (an upload record's text: too long for a std::string's inline buffer):
// the recording thread's part, an append to the pending log (the
// timeline's builder thread builds the events meanwhile).
void BM_TimelineRecord(benchmark::State& state) {
  Timeline timeline;
  ClientObserver observer = timeline.ObserverFor("import");
  ClientEvent ev;
  ev.kind = EventKind::kSend;
  ev.text = "customer_id=cust-import amount_cents=100";
  for (auto _ : state) {
    ev.time = std::chrono::steady_clock::now();
    ++ev.n;
    observer(ev);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TimelineRecord);

// The whole of an event's cost: recorded, then built into a TimelineEvent
// by a reader (here a waiter's check, which builds what is pending), 100
// events at a time.
void BM_TimelineRecordAndBuild(benchmark::State& state) {
  constexpr int kBatch = 100;
  Timeline timeline;
  ClientObserver observer = timeline.ObserverFor("import");
  ClientEvent ev;
  ev.kind = EventKind::kSend;
  ev.text = "customer_id=cust-import amount_cents=100";
  const auto built = [](const std::vector<TimelineEvent>&) { return true; };
  for (auto _ : state) {
    for (int i = 0; i < kBatch; ++i) {
      ev.time = std::chrono::steady_clock::now();
      ++ev.n;
      observer(ev);
    }
    timeline.WaitUntil(built, std::chrono::steady_clock::now());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}
BENCHMARK(BM_TimelineRecordAndBuild);

// The server's log line, from record to text, as the stderr sink writes it.
void BM_LogLineFormat(benchmark::State& state) {
  LogRecord record;
  record.wall_time = std::chrono::system_clock::now();
  record.level = LogLevel::kInfo;
  record.message = "upload ended";
  record.attrs = {{"received", 20}, {"accepted", 17}, {"rejected", 3}, {"total_cents", 20400}};
  for (auto _ : state) benchmark::DoNotOptimize(record.Format());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LogLineFormat);

void BM_LogLineFormatQuoted(benchmark::State& state) {
  LogRecord record;
  record.wall_time = std::chrono::system_clock::now();
  record.message = "subscribe ended: client gone";
  record.attrs = {{"sent", 12}, {"err", "context canceled"}};
  for (auto _ : state) benchmark::DoNotOptimize(record.Format());
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LogLineFormatQuoted);

// Loading and validating one of the lesson's scenarios.
void BM_ScenarioLoad(benchmark::State& state) {
  std::ifstream in(std::string(BREW_SOURCE_DIR) + "/scenarios/bidi_divergence.yaml");
  std::stringstream text;
  text << in.rdbuf();
  const std::string yaml = text.str();
  for (auto _ : state) {
    auto loaded = lab::LoadScenarioText(yaml, "bidi_divergence.yaml");
    if (!loaded.ok()) state.SkipWithError("scenario did not load");
    benchmark::DoNotOptimize(loaded);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ScenarioLoad);

}  // namespace
}  // namespace brew

BENCHMARK_MAIN();
