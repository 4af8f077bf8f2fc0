// What the three measurements share: what each is given (MeasureContext),
// what each returns (Measurement), and the CPU time spent over its window
// (CpuWindow).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/util/duration.h"
#include "load/latency_stats.h"
#include "load/server_process.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew::load {

struct MeasureContext {
  orders::v1::StreamingService::Stub* stub = nullptr;  // on a connected channel
  Duration duration = std::chrono::seconds(2);         // the measuring window
  // Every call's deadline is duration + grace from its start: a server that
  // stops answering ends the measurement with an error, never a hang.
  Duration grace = std::chrono::seconds(5);
  std::optional<int> server_pid;     // the server's process, when it is local
  Duration tick = Duration::zero();  // LoadOptions::tick
};

// CPU seconds used over a measurement's window.
struct CpuUse {
  std::optional<double> server_s;  // when the server's pid is known
  double client_s = 0;             // this process (all its threads)
};

struct Measurement {
  std::string name;    // "upload_1", "upload_n", "chat", "subscribe"
  std::string unit;    // what `count` counts: "records", "round_trips", "events"
  int streams = 0;     // concurrent streams (upload), 1 (chat), subscribers
  std::string error;   // empty when the measurement ran to its end
  int64_t count = 0;   // acknowledged records, round trips, events received
  double seconds = 0;  // wall time of the window
  CpuUse cpu;

  // chat: round-trip times; subscribe: receive time - created_at (from the
  // server's clock: meaningful when the server is on this machine).
  std::optional<LatencySummary> latency;
  // subscribe, from created_at: the tick (median gap between consecutive
  // events of a stream) and the ticks with no event (gaps of 2+ ticks).
  std::optional<double> tick_ms;
  int64_t skipped_ticks = 0;
  // subscribe: the server's threads and memory at the end of the window,
  // every stream still open (when the server's pid is known).
  std::optional<Footprint> server_footprint;

  bool ok() const { return error.empty(); }
  double PerSecond() const { return seconds > 0 ? static_cast<double>(count) / seconds : 0; }
  // Server CPU microseconds per counted item, when known.
  std::optional<double> ServerCpuUsPerItem() const;
};

// Reads the CPU clocks at construction; Stop() gives the use since.
class CpuWindow {
 public:
  explicit CpuWindow(std::optional<int> server_pid);
  CpuUse Stop() const;

 private:
  std::optional<int> server_pid_;
  std::optional<double> server_start_;
  double client_start_;
};

}  // namespace brew::load
