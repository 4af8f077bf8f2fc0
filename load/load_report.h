// streaming-load's output: the figures of every server as a table (one
// column per server, side by side) and as JSON:
//
//   {"tool": "streaming-load",
//    "settings": {"duration": "2s", "duration_s": 2, "streams": 8,
//                 "subscribers": 50, "chat_warmup": 5},
//    "machine": {"cpus": 2, "cpu_clock_tick_s": 0.01,
//                "loadavg_start": "1.45 0.88 1.37", "loadavg_end": "..."},
//    "servers": [{"addr": "127.0.0.1:50052",
//                 "server_pid": 4242 | null, "server_pid_note": "...",
//                 "error": null | "the server stopped answering during ...",
//                 "warnings": ["chat round trip p50 is 201.1ms: ..."],
//                 "measurements": {"upload_1": M, "upload_n": M,
//                                  "chat": M, "subscribe": M}}]}
//
// where each M (left out when not run: --only, or the server went away) is
//
//   {"streams": 8, "unit": "records" | "round_trips" | "events",
//    "count": 443653, "seconds": 2.0096, "per_second": 220768.4,
//    "server_cpu_s": 1.46 | null, "server_cpu_us_per_item": 3.291 | null,
//    "client_cpu_s": 2.179, "error": null | "upload stream 3 failed: ...",
//    chat:      "rtt_us": L,
//    subscribe: "per_subscriber_per_second": 99.5, "tick_ms": 10.0 | null,
//               "lag_ms": L | null, "skipped_ticks": 0,
//               "server_threads": 13 | null, "server_rss_mib": 36.1 | null}
//               (the server's threads and resident memory at the end of the
//               window, every subscriber still connected)
//
// and L is {"count", "min", "mean", "p50", "p90", "p99", "p99_9", "max"}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "load/load_run.h"

namespace brew::load {

// The machine the run was on: the figures mean little without it.
struct RunInfo {
  unsigned cpus = 0;
  std::string loadavg_start;  // /proc/loadavg's first three fields
  std::string loadavg_end;
};

// "1.45 0.88 1.37", or "" if unreadable.
std::string ReadLoadAverage();

nlohmann::json ToJson(const LoadOptions& options, const RunInfo& info,
                      const std::vector<TargetReport>& targets);

// The table, lines ending in '\n'; then each server's pid note, then the
// warnings and errors, one line each.
std::string FormatTable(const LoadOptions& options, const RunInfo& info,
                        const std::vector<TargetReport>& targets);

}  // namespace brew::load
