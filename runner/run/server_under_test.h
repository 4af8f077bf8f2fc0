// The server a scenario runs against. By default labrun starts brewlab's own
// server in-process; for grading other implementations of the proto it can
// start a program per scenario (--server-cmd) or use a server that is
// already running (--target). The executor sees one interface.
#pragma once

#include <memory>
#include <string>

#include "core/timeline/timeline.h"
#include "core/util/duration.h"
#include "runner/run/scenario_kafka.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// The settings a --target server runs with: given by --target-config or its
// start line in --server-log; the lesson's defaults when neither says.
struct TargetSettings {
  Duration tick = defaults::kTick;
  Duration echo_delay = defaults::kEchoDelay;
  Duration read_delay = Duration::zero();
  std::string source = "the lesson's defaults";  // where they came from, for reports
};

// Which server, from labrun's flags.
struct ServerSpec {
  enum class Kind { kInProcess, kCommand, kTarget };
  Kind kind = Kind::kInProcess;
  // kCommand: run with `sh -c`, after replacing {addr}, {port}, {tick},
  // {echo_delay} and {read_delay} with the scenario's values (durations in
  // Go's spelling), and, for a scenario with `kafka: true`, {kafka} and
  // {kafka_topic} with its broker's address and topic ("" otherwise), and
  // {orders_from} with "tick" or "kafka".
  std::string command;
  std::string target;              // kTarget: HOST:PORT
  std::string log_file;            // kTarget: the server's log, read from its end
  TargetSettings target_settings;  // kTarget
  // kCommand, kTarget: the server has brewlab's extensions beyond
  // --read-delay (message_bytes, brewlab's log lines): --server-extensions.
  bool extensions = false;
  // labrun --kafka HOST:PORT: the Kafka scenarios use this cluster (a topic
  // of their own each), not an embedded broker.
  std::string kafka;
};

class ServerUnderTest {
 public:
  virtual ~ServerUnderTest() = default;

  // Starts (or, for a target, connects to) the server. `port` 0 picks a
  // free one; a restart passes the old port. False with `error` on failure.
  virtual bool Start(int port, std::string* error) = 0;
  // Stops it: live streams get `grace` to end. Idempotent.
  virtual void Stop(Duration grace) = 0;
  // Waits (at most `timeout`) until the server has no live stream, where it
  // can tell; else returns at once.
  virtual void WaitIdle(Duration timeout) { (void)timeout; }

  virtual std::string target() const = 0;
  virtual int port() const = 0;
  // Whether labrun can stop and start this server (restart_server).
  virtual bool CanRestart() const { return true; }
  // Whether the server's log lines reach the timeline; if not, expectations
  // on them are reported as skipped.
  virtual bool HasLog() const { return true; }
  // Something went wrong with the server itself while it ran (its process
  // died, say), in words; "" if nothing did.
  virtual std::string Problem() const { return ""; }
};

// The server for one scenario run; its log lines go to `timeline`. With
// `kafka` (a scenario with `kafka: true`; it must outlive the server), the
// server publishes accepted uploads there, and takes its screens' orders
// from there if `settings` say orders_from: kafka.
std::unique_ptr<ServerUnderTest> MakeServer(const ServerSpec& spec, const ServerSettings& settings,
                                            Timeline& timeline, const KafkaWiring* kafka = nullptr);

// Replaces {addr}, {port}, {tick}, {echo_delay}, {read_delay}, and with
// `kafka` {kafka} and {kafka_topic}, in a --server-cmd.
std::string SubstituteCommand(const std::string& command, const std::string& addr, int port,
                              const ServerSettings& settings, const KafkaWiring* kafka = nullptr);

// A port on 127.0.0.1 that was free a moment ago.
int PickFreePort();

}  // namespace brew::lab
