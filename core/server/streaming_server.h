// A running streaming-server: the service, a bound port, health and
// reflection, and a shutdown that ends live streams within a bounded grace.
//
// This is what the `streaming-server` program runs, and what labrun and the
// tests start in-process on 127.0.0.1:0.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "core/server/server_config.h"
#include "core/server/streaming_service.h"
#include "core/util/logger.h"
#include "core/util/mutex.h"

namespace brew {

struct ServerOptions {
  // host:port; port 0 picks a free one. ":50052" (no host) listens on every
  // interface, as Go's net.Listen does.
  std::string addr = "127.0.0.1:50052";
  ServerConfig config;
  LogSink log_sink = StderrSink();
  // Not in the lesson: the Kafka side (core/kafka/server_kafka.h). Null:
  // the lesson's server. Each must outlive the StreamingServer.
  OrderSink* order_sink = nullptr;  // UploadOrders publishes accepted orders
  OrderFeed* order_feed = nullptr;  // Subscribe's orders, instead of the tick
};

class StreamingServer {
 public:
  // Binds and starts serving. On failure (bad address, port in use) returns
  // null and sets `error` to one line that says what went wrong.
  static std::unique_ptr<StreamingServer> Start(const ServerOptions& options, std::string* error);

  ~StreamingServer();  // Shutdown() with the default grace
  StreamingServer(const StreamingServer&) = delete;
  StreamingServer& operator=(const StreamingServer&) = delete;

  int port() const { return port_; }
  // An address clients on this machine can dial, e.g. "127.0.0.1:41234".
  std::string target() const;

  // Waits until every stream this server served has ended on its side
  // (each handler finished and logged its end); false after `timeout`.
  bool WaitIdle(Duration timeout);

  // Stops accepting calls, gives live streams `grace` to end on their own,
  // then cancels the rest and waits for every handler to finish. Logs
  // "streaming-server stopped". Idempotent and thread-safe.
  void Shutdown(Duration grace = kDefaultGrace);

  static constexpr Duration kDefaultGrace = std::chrono::milliseconds(500);

 private:
  StreamingServer(const ServerOptions& options);

  std::string listen_host_;
  OrderSink* const order_sink_;  // null: the lesson's server
  int port_ = 0;
  Logger logger_;
  StreamingServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  brew::Mutex shutdown_mu_;
  bool shut_down_ ABSL_GUARDED_BY(shutdown_mu_) = false;
};

}  // namespace brew
