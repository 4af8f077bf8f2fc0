// One server under load: connect to its address, find its process when it
// is local, run the chosen measurements one after another, and judge the
// figures (warnings when the server's echo delay or tick looks wrong for a
// load run).
#pragma once

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/util/duration.h"
#include "load/measurement.h"

namespace brew::load {

struct LoadOptions {
  Duration duration = std::chrono::seconds(2);  // per measurement
  Duration connect_timeout = std::chrono::seconds(3);
  Duration grace = std::chrono::seconds(5);  // see MeasureContext
  int streams = 8;                           // upload_n
  int subscribers = 50;
  // The servers' tick, when the caller knows it (zero: not known). Skipped
  // ticks are counted against it; otherwise against the median gap between
  // a stream's events, which a server that skips every other tick doubles.
  Duration tick = Duration::zero();
  bool upload = true;
  bool chat = true;
  bool subscribe = true;
};

// Round trips slower than this at p50 mean the server's echo delay is on.
constexpr double kEchoDelayWarnUs = 50'000;
// A tick above this gives too few events for a load figure.
constexpr double kLargeTickMs = 100;

struct TargetReport {
  std::string addr;               // as dialled
  std::optional<int> server_pid;  // the local server's process
  std::string pid_note;           // how it was found, or why not
  std::vector<Measurement> measurements;
  std::vector<std::string> warnings;
  // Set when the server stopped answering mid-run: the measurements after
  // the failed one were not run.
  std::string gone;

  // Whether every measurement ran and none failed.
  bool ok() const;
};

class LoadTarget {
 public:
  // Dials `addr` (host:port, as gRPC dials it) and waits until connected,
  // at most options.connect_timeout. `server_pid`: the server's pid if the
  // user gave it; else it is looked up when the address is on loopback.
  // On failure returns null and sets `error` to one line.
  static std::unique_ptr<LoadTarget> Connect(const std::string& addr, std::optional<int> server_pid,
                                             const LoadOptions& options, std::string* error);

  // Runs the measurements; `progress` (may be empty) gets a line as each
  // starts.
  TargetReport Run(const LoadOptions& options,
                   const std::function<void(const std::string&)>& progress);

 private:
  LoadTarget() = default;
  // Whether the server answers an empty upload within `timeout`; if not,
  // `why` says how it failed.
  bool Probe(Duration timeout, std::string* why);

  TargetReport report_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<orders::v1::StreamingService::Stub> stub_;
};

}  // namespace brew::load
