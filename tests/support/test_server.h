// Test support: a real StreamingServer on 127.0.0.1:0 whose log lines are
// captured, and a stub connected to it. Every wait has a deadline.
#pragma once

#include <grpcpp/channel.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "core/event/client_event.h"
#include "core/server/streaming_server.h"
#include "orders/v1/streaming.grpc.pb.h"

namespace brew::testing {

// Collects the server's log records; thread-safe.
class LogCapture {
 public:
  LogSink Sink();
  // Lines as "message key=value ..." (no timestamp or level).
  std::vector<std::string> Bodies() const;
  std::vector<LogRecord> Records() const;
  // Waits until a line matching `pattern` (a regex searched in the body) has
  // been logged; false after `timeout`.
  bool WaitFor(const std::string& pattern, std::chrono::milliseconds timeout);
  int Count(const std::string& pattern) const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<LogRecord> records_;
};

// Collects a client function's events; thread-safe.
class EventLog {
 public:
  ClientObserver Observer();
  std::vector<ClientEvent> Events() const;
  std::vector<ClientEvent> OfKind(EventKind kind) const;
  // Waits until at least `n` events of `kind` were seen.
  bool WaitForCount(EventKind kind, int n, std::chrono::milliseconds timeout);

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<ClientEvent> events_;
};

class TestServer {
 public:
  // `sink` and `feed`: the Kafka side (server_config.h's ServerOptions);
  // they must outlive the TestServer.
  explicit TestServer(ServerConfig config = {}, OrderSink* sink = nullptr,
                      OrderFeed* feed = nullptr);
  ~TestServer();

  StreamingServer& server() { return *server_; }
  LogCapture& logs() { return logs_; }
  orders::v1::StreamingService::Stub& stub() { return *stub_; }
  std::unique_ptr<orders::v1::StreamingService::Stub> NewStub() const;

 private:
  LogCapture logs_;
  std::unique_ptr<StreamingServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<orders::v1::StreamingService::Stub> stub_;
};

}  // namespace brew::testing
