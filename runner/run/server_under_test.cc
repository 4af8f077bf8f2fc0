#include "runner/run/server_under_test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>

#include "core/kafka/server_kafka.h"
#include "core/server/streaming_server.h"
#include "runner/result/log_record.h"
#include "runner/run/child_process.h"

namespace brew::lab {
namespace {

using Clock = std::chrono::steady_clock;

// stop_server's default grace is the server's own (server_lifecycle_test
// shows what the server does with it).
static_assert(defaults::kServerGrace == StreamingServer::kDefaultGrace);

// How long a server program may take to start listening.
constexpr Duration kStartWait = std::chrono::seconds(10);
// How long a server program's last log lines get to arrive before it stops.
constexpr Duration kLogSettle = std::chrono::milliseconds(200);

void RecordLog(Timeline& timeline, const std::string& raw, Clock::time_point when) {
  const LogRecordLine line = ParseLogLine(raw);
  TimelineEvent event;
  event.time = when;
  event.source = "server";
  event.kind = "log";
  event.level = line.level;
  event.text = line.Canonical();
  timeline.Record(std::move(event));
}

bool PortAccepts(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  close(fd);
  return ok;
}

// brewlab's own server, in this process: its logger writes to the timeline.
class InProcessServer final : public ServerUnderTest {
 public:
  InProcessServer(const ServerSettings& settings, Timeline& timeline, const KafkaWiring* kafka)
      : settings_(settings), timeline_(timeline), kafka_wiring_(kafka) {}

  bool Start(int port, std::string* error) override {
    ServerOptions options;
    if (kafka_wiring_ != nullptr) {
      // A publisher (and feed) per server: a restarted server connects anew,
      // to the same broker, which labrun keeps (scenario_kafka.h).
      kafka::ServerKafkaOptions kafka_options;
      kafka_options.kafka = kafka_wiring_->bootstrap;
      kafka_options.topic = kafka_wiring_->topic;
      kafka_options.orders_from_kafka = settings_.orders_from_kafka;
      kafka_ = kafka::ServerKafka::Start(kafka_options, timeline_.ServerLogSink(), error);
      if (!kafka_) return false;
      options.order_sink = kafka_->sink();
      options.order_feed = kafka_->feed();
    }
    options.addr = "127.0.0.1:" + std::to_string(port);
    options.config.tick = settings_.tick;
    options.config.echo_delay = settings_.echo_delay;
    options.config.read_delay = settings_.read_delay;
    options.log_sink = timeline_.ServerLogSink();
    server_ = StreamingServer::Start(options, error);
    if (!server_) return false;
    port_ = server_->port();
    return true;
  }
  void Stop(Duration grace) override {
    if (server_) server_->Shutdown(grace);
    server_.reset();
    kafka_.reset();  // after the server: it used them
  }
  void WaitIdle(Duration timeout) override {
    if (server_) server_->WaitIdle(timeout);
  }
  std::string target() const override { return "127.0.0.1:" + std::to_string(port_); }
  int port() const override { return port_; }

 private:
  const ServerSettings settings_;
  Timeline& timeline_;
  const KafkaWiring* const kafka_wiring_;
  std::unique_ptr<kafka::ServerKafka> kafka_;  // before server_: outlives it
  std::unique_ptr<StreamingServer> server_;
  int port_ = 0;
};

// Any implementation of the proto, started as a program per scenario. Its
// stdout and stderr are its log.
class CommandServer final : public ServerUnderTest {
 public:
  CommandServer(std::string command, const ServerSettings& settings, Timeline& timeline,
                const KafkaWiring* kafka)
      : command_(std::move(command)), settings_(settings), timeline_(timeline), kafka_(kafka) {}
  ~CommandServer() override { Stop(Duration::zero()); }

  bool Start(int port, std::string* error) override {
    port_ = port != 0 ? port : PickFreePort();
    const std::string cmd = SubstituteCommand(command_, target(), port_, settings_, kafka_);
    process_ = ChildProcess::Start(
        {"/bin/sh", "-c", cmd}, ChildProcess::Options{},
        [this](ChildProcess::Pipe, const std::string& line, Clock::time_point when) {
          RecordLog(timeline_, line, when);
        },
        error);
    if (!process_) return false;
    const auto give_up = Clock::now() + kStartWait;
    while (!PortAccepts(port_)) {
      if (!process_->Running()) {
        *error = "the server command " + DescribeWaitStatus(process_->Stop(Duration::zero())) +
                 " before listening on " + target() + ": " + cmd;
        process_.reset();
        return false;
      }
      if (Clock::now() >= give_up) {
        *error = "the server command did not listen on " + target() + " within " +
                 FormatDuration(kStartWait) + ": " + cmd;
        Stop(Duration::zero());
        return false;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return true;
  }

  void Stop(Duration grace) override {
    if (!process_) return;
    if (!process_->Running() && problem_.empty()) {
      problem_ = "the server process " + DescribeWaitStatus(process_->Stop(Duration::zero())) +
                 " while the scenario ran";
    } else {
      process_->Stop(grace);
    }
    process_.reset();
  }

  // A program cannot say when its handlers are done; give its last log
  // lines a moment to arrive before it is stopped.
  void WaitIdle(Duration timeout) override {
    std::this_thread::sleep_for(std::min<Duration>(timeout, kLogSettle));
  }

  std::string target() const override { return "127.0.0.1:" + std::to_string(port_); }
  int port() const override { return port_; }
  std::string Problem() const override { return problem_; }

 private:
  const std::string command_;
  const ServerSettings settings_;
  Timeline& timeline_;
  const KafkaWiring* const kafka_;
  std::unique_ptr<ChildProcess> process_;
  int port_ = 0;
  std::string problem_;
};

// A server someone else runs. Its log, if given, is read from its end as it
// grows.
class TargetServer final : public ServerUnderTest {
 public:
  TargetServer(std::string target, std::string log_file, Timeline& timeline)
      : target_(std::move(target)), log_file_(std::move(log_file)), timeline_(timeline) {}
  ~TargetServer() override { Stop(Duration::zero()); }

  bool Start(int, std::string*) override {
    if (!log_file_.empty() && !tail_.joinable()) {
      tail_ = std::thread([this] { Tail(); });
    }
    return true;
  }
  void Stop(Duration) override {
    stop_ = true;
    if (tail_.joinable()) tail_.join();
  }
  // Its log lines come through a file: give the last ones a moment.
  void WaitIdle(Duration timeout) override {
    if (HasLog()) std::this_thread::sleep_for(std::min<Duration>(timeout, kLogSettle));
  }
  std::string target() const override { return target_; }
  int port() const override { return 0; }
  bool CanRestart() const override { return false; }
  bool HasLog() const override { return !log_file_.empty(); }

 private:
  void Tail() {
    std::ifstream in(log_file_);
    in.seekg(0, std::ios::end);
    std::string partial;
    // One more read after stop_, so lines written just before are kept.
    for (bool last = false; !last;) {
      last = stop_;
      std::string chunk;
      char buf[4096];
      in.clear();
      while (in.read(buf, sizeof buf) || in.gcount() > 0) chunk.append(buf, in.gcount());
      if (chunk.empty()) {
        if (!last) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        continue;
      }
      partial += chunk;
      size_t start = 0;
      for (size_t nl; (nl = partial.find('\n', start)) != std::string::npos; start = nl + 1) {
        RecordLog(timeline_, partial.substr(start, nl - start), Clock::now());
      }
      partial.erase(0, start);
    }
  }

  const std::string target_;
  const std::string log_file_;
  Timeline& timeline_;
  std::thread tail_;
  std::atomic<bool> stop_{false};
};

}  // namespace

std::string SubstituteCommand(const std::string& command, const std::string& addr, int port,
                              const ServerSettings& settings, const KafkaWiring* kafka) {
  const std::pair<std::string, std::string> values[] = {
      {"{addr}", addr},
      {"{port}", std::to_string(port)},
      {"{tick}", FormatDuration(settings.tick)},
      {"{echo_delay}", FormatDuration(settings.echo_delay)},
      {"{read_delay}", FormatDuration(settings.read_delay)},
      {"{kafka}", kafka != nullptr ? kafka->bootstrap : std::string()},
      {"{kafka_topic}", kafka != nullptr ? kafka->topic : std::string()},
      {"{orders_from}", settings.orders_from_kafka ? "kafka" : "tick"},
  };
  std::string out = command;
  for (const auto& [key, value] : values) {
    for (size_t at; (at = out.find(key)) != std::string::npos;) out.replace(at, key.size(), value);
  }
  return out;
}

int PickFreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  close(fd);
  return port;
}

std::unique_ptr<ServerUnderTest> MakeServer(const ServerSpec& spec, const ServerSettings& settings,
                                            Timeline& timeline, const KafkaWiring* kafka) {
  switch (spec.kind) {
    case ServerSpec::Kind::kCommand:
      return std::make_unique<CommandServer>(spec.command, settings, timeline, kafka);
    case ServerSpec::Kind::kTarget:
      return std::make_unique<TargetServer>(spec.target, spec.log_file, timeline);
    case ServerSpec::Kind::kInProcess: break;
  }
  return std::make_unique<InProcessServer>(settings, timeline, kafka);
}

}  // namespace brew::lab
