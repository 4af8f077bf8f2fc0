// The ceilings our stream benchmarks are measured against
// (docs/performance.md):
//   - a loopback TCP round trip: one byte each way between two threads,
//     the least a chat ping-pong over 127.0.0.1 can cost;
//   - protobuf serialise + parse of one OrderInput: the least CPU an
//     upload record costs the two ends together, before any transport.
#include <arpa/inet.h>
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>

#include "orders/v1/streaming.pb.h"

namespace {

// A connected pair of TCP sockets over 127.0.0.1 (Nagle off, as gRPC does).
struct LoopbackPair {
  int client = -1;
  int server = -1;

  LoopbackPair() {
    const int listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(listener, 1);
    getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
    client = socket(AF_INET, SOCK_STREAM, 0);
    connect(client, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    server = accept(listener, nullptr, nullptr);
    close(listener);
    const int one = 1;
    setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    setsockopt(server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }
  ~LoopbackPair() {
    close(client);
    close(server);
  }
};

void BM_LoopbackTcpRoundTrip(benchmark::State& state) {
  LoopbackPair pair;
  if (pair.client < 0 || pair.server < 0) {
    state.SkipWithError("cannot open a loopback TCP connection");
    return;
  }
  // The echo side: reads a byte, writes it back, until the client closes.
  std::thread echo([fd = pair.server] {
    char b;
    while (read(fd, &b, 1) == 1) {
      if (write(fd, &b, 1) != 1) break;
    }
  });
  char b = 'x';
  for (auto _ : state) {
    if (write(pair.client, &b, 1) != 1 || read(pair.client, &b, 1) != 1) {
      state.SkipWithError("loopback round trip failed");
      break;
    }
  }
  shutdown(pair.client, SHUT_RDWR);
  echo.join();
}
BENCHMARK(BM_LoopbackTcpRoundTrip)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_OrderInputSerializeParse(benchmark::State& state) {
  orders::v1::OrderInput record;
  record.set_customer_id("cust-import");
  record.set_amount_cents(12345);
  std::string wire;
  orders::v1::OrderInput parsed;
  for (auto _ : state) {
    wire.clear();
    record.SerializeToString(&wire);
    parsed.ParseFromString(wire);
    benchmark::DoNotOptimize(parsed.amount_cents());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_OrderInputSerializeParse);

}  // namespace

BENCHMARK_MAIN();
