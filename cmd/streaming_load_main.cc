// streaming-load: measures any server of the proto, several side by side.
//
//   streaming-load [--addr 127.0.0.1:50052]... [--duration 2s] [--streams 8]
//                  [--subscribers 50] [--only upload|chat|subscribe]...
//                  [--json FILE|-] [--server-pid PID]... [--connect-timeout 3s]
//
// For each --addr, one after another, each for --duration:
//   upload     records/s over 1 stream, then over --streams streams
//   chat       ping-pong round-trip time (p50, p99, p99.9) on one stream
//   subscribe  events/s over --subscribers subscriptions (limit 0), with
//              the lag and skipped ticks from each event's created_at
// and, when the server runs on this machine (a loopback address, its process
// found by its port, or --server-pid in --addr order), its CPU per item.
//
// The server's echo delay and tick are its own config: run it with echo
// delay 0 and a small tick (ours: streaming-server --echo-delay=0
// --tick=10ms); streaming-load warns when the figures say otherwise.
//
// Prints the table on stdout (stderr when --json is "-"); --json writes
// the same figures as JSON. Exit 0 when every measurement ran, 1 when a
// server cannot be reached (one line, within --connect-timeout) or a
// measurement failed, 2 on a usage error.
#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/cli/console.h"
#include "core/cli/flags.h"
#include "core/util/grpc_log.h"
#include "core/util/host_port.h"
#include "load/load_report.h"
#include "load/load_run.h"

namespace {

constexpr char kProgram[] = "streaming-load";

CLI::Validator HostPortCheck() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::string host;
        int port = 0;
        std::string error;
        return brew::SplitHostPort(text, &host, &port, &error) ? "" : error;
      },
      "");
}

}  // namespace

int main(int argc, char** argv) {
  brew::QuietGrpcLogs();

  brew::load::LoadOptions options;
  std::vector<std::string> addrs = {"127.0.0.1:50052"};
  std::vector<std::string> only;
  std::vector<int> server_pids;
  std::string json_path;

  brew::cli::FlagSet flags(kProgram,
                           "Measures servers of the streaming proto under load. Run each with "
                           "echo delay 0 and a small tick (ours: streaming-server "
                           "--echo-delay=0 --tick=10ms).");
  CLI::App& app = flags.app();
  app.add_option("--addr", addrs, "server host:port; repeat to measure several side by side")
      ->capture_default_str()
      ->type_name("HOST:PORT")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(HostPortCheck());
  flags.AddPositiveDuration("--duration", &options.duration,
                            "time of each measurement (Go duration)");
  flags.AddCount("--streams", &options.streams, "concurrent upload streams (the N of upload_n)");
  flags.AddCount("--subscribers", &options.subscribers, "concurrent subscriptions");
  app.add_option("--only", only, "measure only these: upload, chat, subscribe (repeat or a,b)")
      ->type_name("WHAT")
      ->delimiter(',')
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->check(CLI::IsMember({"upload", "chat", "subscribe"}));
  flags.AddString("--json", &json_path, "also write the figures as JSON to FILE (\"-\": stdout)");
  app.get_option("--json")->type_name("FILE");
  app.add_option("--server-pid", server_pids,
                 "the pid of each --addr's server, in order (0: find it by its port)")
      ->type_name("PID")
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  flags.AddDuration("--tick", &options.tick,
                    "the servers' tick, if known: skipped ticks are counted against it "
                    "(0s: against the median gap between a stream's events)");
  flags.AddPositiveDuration("--connect-timeout", &options.connect_timeout,
                            "how long to wait for each server to accept (Go duration)");
  if (const auto exit_code = flags.Parse(argc, argv)) return *exit_code;
  if (options.streams < 1) return flags.UsageError("--streams", "must be 1 or more");
  if (options.subscribers < 1) return flags.UsageError("--subscribers", "must be 1 or more");
  if (server_pids.size() > addrs.size()) {
    return flags.UsageError("--server-pid", "more pids than --addr");
  }
  if (!only.empty()) {
    const auto has = [&](const char* what) {
      return std::find(only.begin(), only.end(), what) != only.end();
    };
    options.upload = has("upload");
    options.chat = has("chat");
    options.subscribe = has("subscribe");
  }

  // A JSON file that cannot be written fails now, not after the run.
  std::ofstream json_file;
  if (!json_path.empty() && json_path != "-") {
    json_file.open(json_path);
    if (!json_file) return flags.UsageError("--json", "cannot write " + json_path);
  }

  // Every server reachable first: a wrong address costs seconds, not a run.
  brew::load::RunInfo info;
  info.cpus = std::thread::hardware_concurrency();
  info.loadavg_start = brew::load::ReadLoadAverage();
  std::vector<std::unique_ptr<brew::load::LoadTarget>> targets;
  for (size_t i = 0; i < addrs.size(); ++i) {
    std::optional<int> pid;
    if (i < server_pids.size() && server_pids[i] > 0) pid = server_pids[i];
    std::string error;
    auto target =
        brew::load::LoadTarget::Connect(brew::cli::DialTarget(addrs[i]), pid, options, &error);
    if (!target) {
      brew::cli::PrintError(kProgram, error);
      return 1;
    }
    targets.push_back(std::move(target));
  }

  std::vector<brew::load::TargetReport> reports;
  for (auto& target : targets) {
    reports.push_back(target->Run(
        options, [](const std::string& line) { brew::cli::PrintError(kProgram, line); }));
  }
  info.loadavg_end = brew::load::ReadLoadAverage();

  const std::string table = brew::load::FormatTable(options, info, reports);
  const std::string json = brew::load::ToJson(options, info, reports).dump(2) + "\n";
  if (json_path == "-") {
    std::cerr << table << std::flush;
    std::cout << json << std::flush;
  } else {
    std::cout << table << std::flush;
    if (json_file.is_open()) {
      json_file << json;
      json_file.close();
      if (!json_file) {
        brew::cli::PrintError(kProgram, "--json: cannot write " + json_path);
        return 1;
      }
    }
  }

  for (const auto& r : reports) {
    if (!r.ok()) return 1;
  }
  return 0;
}
