#include "tests/support/test_server.h"

#include <stdexcept>

#include "core/client/client_channel.h"

namespace brew::testing {

LogSink LogCapture::Sink() {
  return [this](const LogRecord& record) {
    std::lock_guard<std::mutex> lock(mu_);
    records_.push_back(record);
    cv_.notify_all();
  };
}

std::vector<std::string> LogCapture::Bodies() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::string> out;
  for (const LogRecord& r : records_) out.push_back(r.FormatBody());
  return out;
}

std::vector<LogRecord> LogCapture::Records() const {
  std::lock_guard<std::mutex> lock(mu_);
  return records_;
}

int LogCapture::Count(const std::string& pattern) const {
  const std::regex re(pattern);
  int n = 0;
  for (const std::string& body : Bodies()) n += std::regex_search(body, re) ? 1 : 0;
  return n;
}

bool LogCapture::WaitFor(const std::string& pattern, std::chrono::milliseconds timeout) {
  const std::regex re(pattern);
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    for (const LogRecord& r : records_) {
      if (std::regex_search(r.FormatBody(), re)) return true;
    }
    return false;
  });
}

ClientObserver EventLog::Observer() {
  return [this](const ClientEvent& ev) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(ev);
    cv_.notify_all();
  };
}

std::vector<ClientEvent> EventLog::Events() const {
  std::lock_guard<std::mutex> lock(mu_);
  return events_;
}

std::vector<ClientEvent> EventLog::OfKind(EventKind kind) const {
  std::vector<ClientEvent> out;
  for (const ClientEvent& ev : Events()) {
    if (ev.kind == kind) out.push_back(ev);
  }
  return out;
}

bool EventLog::WaitForCount(EventKind kind, int n, std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [&] {
    int count = 0;
    for (const ClientEvent& ev : events_) count += ev.kind == kind ? 1 : 0;
    return count >= n;
  });
}

TestServer::TestServer(ServerConfig config, OrderSink* sink, OrderFeed* feed) {
  ServerOptions options;
  options.order_sink = sink;
  options.order_feed = feed;
  options.addr = "127.0.0.1:0";
  options.config = config;
  options.log_sink = logs_.Sink();
  std::string error;
  server_ = StreamingServer::Start(options, &error);
  if (!server_) throw std::runtime_error("test server did not start: " + error);
  channel_ = NewClientChannel(server_->target());
  stub_ = orders::v1::StreamingService::NewStub(channel_);
}

TestServer::~TestServer() { server_->Shutdown(std::chrono::milliseconds(100)); }

std::unique_ptr<orders::v1::StreamingService::Stub> TestServer::NewStub() const {
  return orders::v1::StreamingService::NewStub(channel_);
}

}  // namespace brew::testing
