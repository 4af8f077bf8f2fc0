#include "core/server/streaming_server.h"

#include <absl/synchronization/mutex.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>

#include "core/util/host_port.h"

namespace brew {

StreamingServer::StreamingServer(const ServerOptions& options)
    : order_sink_(options.order_sink),
      logger_(options.log_sink),
      service_(options.config, logger_, options.order_sink, options.order_feed) {}

std::unique_ptr<StreamingServer> StreamingServer::Start(const ServerOptions& options,
                                                        std::string* error) {
  std::string host;
  int port = 0;
  if (!SplitHostPort(options.addr, &host, &port, error)) return nullptr;

  std::unique_ptr<StreamingServer> server(new StreamingServer(options));
  server->listen_host_ = host;
  // Go's ":50052" means every interface; gRPC spells that "[::]:50052".
  const std::string listen = (host.empty() ? "[::]" : host) + ":" + std::to_string(port);

  // gRPC 1.51 locks absl::Mutex on every operation, and Debian's abseil is
  // built with its deadlock detector on: each lock then records a lock-order
  // graph (GraphCycles), about 9% of the server's CPU with 1,000 screens
  // (docs/performance.md). It detects nothing gRPC's own tests would not;
  // our locks are brew::Mutex, checked by clang at compile time.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  // gRPC sets SO_REUSEPORT by default, which would let two servers share a
  // port silently; a port in use must be an error instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.config.max_receive_message_bytes);
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &server->port_);
  builder.RegisterService(&server->service_);
  server->server_ = builder.BuildAndStart();
  if (!server->server_ || server->port_ == 0) {
    *error = "cannot listen on " + options.addr + ": address in use or not available";
    brew::MutexLock lock(&server->shutdown_mu_);
    server->shut_down_ = true;  // nothing to shut down
    return nullptr;
  }
  const std::string addr = host + ":" + std::to_string(server->port_);
  const ServerConfig& config = options.config;
  if (config.read_delay > Duration::zero()) {  // only the backpressure exercises set it
    server->logger_.Info("streaming-server started", {{"addr", addr},
                                                      {"tick", config.tick},
                                                      {"echo_delay", config.echo_delay},
                                                      {"read_delay", config.read_delay}});
  } else {
    server->logger_.Info(
        "streaming-server started",
        {{"addr", addr}, {"tick", config.tick}, {"echo_delay", config.echo_delay}});
  }
  return server;
}

std::string StreamingServer::target() const {
  const bool any = listen_host_.empty() || listen_host_ == "0.0.0.0" || listen_host_ == "[::]";
  return (any ? std::string("127.0.0.1") : listen_host_) + ":" + std::to_string(port_);
}

void StreamingServer::Shutdown(Duration grace) {
  brew::MutexLock lock(&shutdown_mu_);
  if (shut_down_) return;
  shut_down_ = true;
  if (auto* health = server_->GetHealthCheckService()) health->Shutdown();
  service_.MarkStopping();
  // Past the deadline gRPC cancels the calls still open; their reactors see
  // OnCancel and finish, and Shutdown returns once every handler is done.
  server_->Shutdown(std::chrono::system_clock::now() +
                    std::chrono::duration_cast<std::chrono::system_clock::duration>(grace));
  server_->Wait();
  // An upload that ended while its orders were still on their way to Kafka
  // holds its reactor until the sink answers: answer now (with an error).
  if (order_sink_ != nullptr) order_sink_->AbandonPending();
  // gRPC has run every OnDone; an alarm callback may still be on its way to
  // a reactor (reactor_lifetime.h). Wait for the last reactor to go, so none
  // outlives the HandlerEnv it holds (bounded: a cancelled alarm runs at
  // once).
  service_.WaitIdle(std::chrono::steady_clock::now() + std::chrono::seconds(5));
  logger_.Info("streaming-server stopped");
}

bool StreamingServer::WaitIdle(Duration timeout) {
  return service_.WaitIdle(std::chrono::steady_clock::now() + timeout);
}

StreamingServer::~StreamingServer() { Shutdown(); }

}  // namespace brew
