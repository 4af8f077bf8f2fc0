#include "load/load_run.h"

#include <cstdio>

#include "core/client/client_channel.h"
#include "core/client/grpc_status.h"
#include "core/event/client_event.h"
#include "core/util/host_port.h"
#include "load/chat_load.h"
#include "load/server_process.h"
#include "load/subscribe_load.h"
#include "load/upload_load.h"

namespace brew::load {
namespace {

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

void Judge(const Measurement& m, Duration tick, std::vector<std::string>* warnings) {
  if (m.name == "chat" && m.ok() && m.latency && m.latency->p50_us > kEchoDelayWarnUs) {
    warnings->push_back("chat round trip p50 is " + Fixed(m.latency->p50_us / 1000, 1) +
                        "ms: the server's echo delay looks on; run it with echo delay 0 "
                        "(ours: streaming-server --echo-delay=0)");
  }
  if (m.name == "subscribe" && m.ok()) {
    if (!m.tick_ms && m.count > m.streams) {
      warnings->push_back("the events carry no created_at: no tick, lag or skipped figures");
    } else if (!m.tick_ms) {
      warnings->push_back(
          "subscribe got at most one event per subscriber: the server's tick "
          "looks about as long as --duration or longer; run it with a small "
          "tick (ours: streaming-server --tick=10ms)");
    } else if (*m.tick_ms > kLargeTickMs && tick == Duration::zero()) {  // not chosen (--tick)
      warnings->push_back("the server's tick looks like " + Fixed(*m.tick_ms, 0) +
                          "ms: events/s is then small; run it with a small tick (ours: "
                          "streaming-server --tick=10ms)");
    }
  }
}

}  // namespace

bool TargetReport::ok() const {
  if (!gone.empty()) return false;
  for (const Measurement& m : measurements) {
    if (!m.ok()) return false;
  }
  return true;
}

std::unique_ptr<LoadTarget> LoadTarget::Connect(const std::string& addr,
                                                std::optional<int> server_pid,
                                                const LoadOptions& options, std::string* error) {
  std::unique_ptr<LoadTarget> t(new LoadTarget());
  t->report_.addr = addr;
  grpc::ChannelArguments args = ClientChannelArgs();
  // Each target its own connection, even when two --addr name one server.
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  t->channel_ = NewClientChannel(addr, args);
  t->stub_ = orders::v1::StreamingService::NewStub(t->channel_);
  const auto deadline =
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(options.connect_timeout);
  if (!t->channel_->WaitForConnected(deadline)) {
    *error = "cannot reach server at " + addr +
             ": connection refused or no server listening (waited " +
             FormatDuration(options.connect_timeout) + ")";
    return nullptr;
  }

  if (server_pid) {
    if (ProcessCpuSeconds(*server_pid)) {
      t->report_.server_pid = server_pid;
      t->report_.pid_note = "given by --server-pid";
    } else {
      t->report_.pid_note = "--server-pid " + std::to_string(*server_pid) + ": no such process";
    }
    return t;
  }
  std::string host;
  int port = 0;
  std::string why;
  if (!SplitHostPort(addr, &host, &port, &why) || !IsLoopbackHost(host)) {
    t->report_.pid_note = "not on loopback: no server CPU (pass --server-pid if it is local)";
  } else if (const auto pid = FindListeningPid(port, &why)) {
    t->report_.server_pid = pid;
    t->report_.pid_note = "found listening on port " + std::to_string(port);
  } else {
    t->report_.pid_note = why;
  }
  return t;
}

bool LoadTarget::Probe(Duration timeout, std::string* why) {
  // The proto promises a summary of zeros for an empty upload, at once.
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::duration_cast<std::chrono::system_clock::duration>(timeout));
  orders::v1::UploadSummary summary;
  auto writer = stub_->UploadOrders(&ctx, &summary);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  if (status.ok()) return true;
  *why = status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED
             ? "no answer within " + FormatDuration(timeout)
             : std::string(StatusCodeName(status.error_code()));
  return false;
}

TargetReport LoadTarget::Run(const LoadOptions& options,
                             const std::function<void(const std::string&)>& progress) {
  MeasureContext mc;
  mc.stub = stub_.get();
  mc.duration = options.duration;
  mc.grace = options.grace;
  mc.server_pid = report_.server_pid;
  mc.tick = options.tick;
  const auto say = [&](const std::string& what) {
    if (progress) progress(report_.addr + ": " + what + " for " + FormatDuration(options.duration));
  };
  TargetReport report = report_;
  std::vector<std::pair<std::string, std::function<Measurement()>>> steps;
  if (options.upload) {
    steps.emplace_back("upload, 1 stream", [&] { return MeasureUpload(mc, 1, "upload_1"); });
    steps.emplace_back("upload, " + std::to_string(options.streams) + " streams",
                       [&] { return MeasureUpload(mc, options.streams, "upload_n"); });
  }
  if (options.chat) steps.emplace_back("chat ping-pong", [&] { return MeasurePingPong(mc); });
  if (options.subscribe) {
    steps.emplace_back("subscribe, " + std::to_string(options.subscribers) + " subscribers",
                       [&] { return MeasureSubscribe(mc, options.subscribers); });
  }
  for (const auto& [what, measure] : steps) {
    say(what);
    report.measurements.push_back(measure());
    const Measurement& m = report.measurements.back();
    if (m.ok()) continue;
    // A failure that is not the server going away (UNIMPLEMENTED, an echo
    // delay left on) leaves the rest to run; a server gone or hung is one
    // error, not one per measurement.
    std::string why;
    if (!Probe(options.connect_timeout, &why)) {
      report.gone = "the server stopped answering during " + m.name + " (" + m.error +
                    "); an empty upload then failed too (" + why +
                    "), so the rest was not measured";
      break;
    }
  }
  for (const Measurement& m : report.measurements) Judge(m, options.tick, &report.warnings);
  return report;
}

}  // namespace brew::load
