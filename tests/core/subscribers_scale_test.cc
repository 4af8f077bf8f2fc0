// Issue #6: 1,000 concurrent subscribers at a 100 ms tick for 30 s.
//
// A real server on 127.0.0.1:0 and 1,000 real Subscribe calls, each
// with limit 300 (30 s of ticks). The client side is the callback API (one
// grpc::ClientReadReactor per call), so 1,000 calls need no 1,000 threads.
// For every subscriber:
//   - it gets 300 events, the i-th with the i-th amount of the mock order
//     source (mock_orders.cc: 250 + i*137 % 900), order ids increasing (the
//     mock's order counter is shared by all streams, so not consecutive);
//   - the call ends OK (limit reached) and the server logs
//     "subscribe ended: limit reached sent=300" for it.
// And the process's thread count (server and clients: /proc/self/task),
// sampled every 100 ms through the run, stays under 64.
//
// How late events are (received - created_at) and how many ticks the server
// dropped for a slow stream (a gap of two ticks between created_at's) are
// measured and printed, never asserted: they are speed, and a loaded
// machine may legitimately drop a tick (docs/performance.md has them).
// It takes about 32 s (label `scale`; part of `make test`).

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_callback.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/process_stats.h"
#include "tests/support/test_server.h"

namespace brew {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;
using testing::TestServer;
using testing::ThreadCount;

constexpr int kSubscribers = 1000;
constexpr int kLimit = 300;  // 30 s at the tick
constexpr auto kTick = 100ms;
constexpr int kMaxThreads = 64;
constexpr int kChannels = 4;  // connections the subscribers are spread over

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

Clock::time_point FromTimestamp(const google::protobuf::Timestamp& ts) {
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(
      std::chrono::seconds(ts.seconds()) + std::chrono::nanoseconds(ts.nanos())));
}

int64_t OrderNumber(const std::string& order_id) {  // "ord-000123" -> 123
  return order_id.rfind("ord-", 0) == 0 ? std::atoll(order_id.c_str() + 4) : -1;
}

// What one subscriber saw, checked as the events arrive (nothing is kept
// per event: 300,000 events in all).
struct Tally {
  int received = 0;
  int bad_amount = 0;   // the i-th event is not the i-th of its stream
  int bad_spacing = 0;  // created_at not exactly one tick after the previous
  int skipped = 0;      // ... of which a gap of more than one tick
  int bad_order = 0;    // order id not above the previous one
  int late = 0;         // received more than one tick after created_at
  Clock::duration max_lateness{0};
  std::string first_problem;
};

class Subscriber final : public grpc::ClientReadReactor<orders::v1::OrderEvent> {
 public:
  Subscriber(orders::v1::StreamingService::Stub& stub, int index) {
    request_.set_customer_id("cust-" + std::to_string(index));
    request_.set_limit(kLimit);
    stub.async()->Subscribe(&ctx_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream is over: OnDone follows
    const Clock::time_point now = Clock::now();
    Check(now);
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    status_ = status;
    done_ = true;
    cv_.notify_all();
  }

  bool WaitDone(Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return cv_.wait_until(lock, deadline, [this] { return done_; });
  }
  void Cancel() { ctx_.TryCancel(); }
  grpc::Status status() {
    std::lock_guard<std::mutex> lock(mu_);
    return status_;
  }
  const Tally& tally() const { return tally_; }  // after OnDone

 private:
  // Called for one read at a time (the next StartRead comes after), so
  // tally_ needs no lock; OnDone happens after the last of them.
  void Check(Clock::time_point now) {
    Tally& t = tally_;
    const int i = ++t.received;
    const Clock::time_point created = FromTimestamp(event_.created_at());
    const int64_t order = OrderNumber(event_.order_id());
    auto problem = [&](const std::string& what) {
      if (t.first_problem.empty()) t.first_problem = "event " + std::to_string(i) + ": " + what;
    };
    if (event_.amount_cents() != 250 + (static_cast<int64_t>(i) * 137) % 900) {
      ++t.bad_amount;
      problem("amount_cents " + std::to_string(event_.amount_cents()) + " is not the " +
              std::to_string(i) + "th tick's");
    }
    if (i > 1) {
      const auto gap = created - last_created_;
      if (gap != kTick) {
        ++t.bad_spacing;
        if (gap > kTick) ++t.skipped;
        problem("created_at " +
                std::to_string(std::chrono::duration_cast<std::chrono::microseconds>(gap).count()) +
                " us after the previous event's");
      }
      if (order <= last_order_) {
        ++t.bad_order;
        problem("order id " + event_.order_id() + " not above the previous one");
      }
    }
    const auto lateness = now - created;
    t.max_lateness = std::max(t.max_lateness, lateness);
    if (lateness > kTick) {
      ++t.late;
      problem(
          "received " +
          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(lateness).count()) +
          " ms after its created_at");
    }
    last_created_ = created;
    last_order_ = order;
  }

  grpc::ClientContext ctx_;
  orders::v1::SubscribeRequest request_;
  orders::v1::OrderEvent event_;
  Tally tally_;
  Clock::time_point last_created_;
  int64_t last_order_ = -1;

  std::mutex mu_;
  std::condition_variable cv_;
  bool done_ = false;
  grpc::Status status_;
};

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

TEST(SubscribersScale, ThousandSubscribersGetEveryTickOnTime) {
  if (kSanitized) GTEST_SKIP() << "timing bounds are for the plain build, not under a sanitizer";
  ServerConfig config;
  config.tick = kTick;
  TestServer ts(config);

  // Sample the thread count through the whole run.
  std::atomic<bool> sampling{true};
  std::atomic<int> max_threads{ThreadCount()};
  std::thread sampler([&] {
    while (sampling) {
      const int n = ThreadCount();
      int seen = max_threads;
      while (n > seen && !max_threads.compare_exchange_weak(seen, n)) {
      }
      std::this_thread::sleep_for(100ms);
    }
  });

  std::vector<std::unique_ptr<orders::v1::StreamingService::Stub>> stubs;
  for (int c = 0; c < kChannels; ++c) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection of its own
    stubs.push_back(orders::v1::StreamingService::NewStub(
        grpc::CreateCustomChannel(ts.server().target(), grpc::InsecureChannelCredentials(), args)));
  }

  const auto started = Clock::now();
  std::vector<std::unique_ptr<Subscriber>> subscribers;
  for (int i = 0; i < kSubscribers; ++i) {
    subscribers.push_back(std::make_unique<Subscriber>(*stubs[i % kChannels], i));
  }
  const auto all_started = Clock::now();

  // 30 s of ticks; generous slack for a loaded machine before calling a
  // stream stuck (then it is cancelled, and fails below).
  const auto deadline = all_started + kLimit * kTick + 30s;
  int stuck = 0;
  for (auto& s : subscribers) {
    if (!s->WaitDone(deadline)) {
      ++stuck;
      s->Cancel();
    }
  }
  for (auto& s : subscribers) s->WaitDone(Clock::now() + 10s);
  const auto ended = Clock::now();
  sampling = false;
  sampler.join();

  ASSERT_TRUE(ts.logs().WaitFor("^subscribe ended", 5s));
  ts.server().WaitIdle(5s);

  int ok = 0;
  int complete = 0;
  Tally sum;
  std::vector<std::string> problems;
  for (int i = 0; i < kSubscribers; ++i) {
    const Tally& t = subscribers[i]->tally();
    const grpc::Status status = subscribers[i]->status();
    if (status.ok()) ++ok;
    if (t.received == kLimit) ++complete;
    sum.received += t.received;
    sum.bad_amount += t.bad_amount;
    sum.bad_spacing += t.bad_spacing;
    sum.skipped += t.skipped;
    sum.bad_order += t.bad_order;
    sum.late += t.late;
    sum.max_lateness = std::max(sum.max_lateness, t.max_lateness);
    if (problems.size() < 10 &&
        (!status.ok() || t.received != kLimit || !t.first_problem.empty())) {
      problems.push_back("subscriber " + std::to_string(i) + ": status " +
                         std::to_string(status.error_code()) + " " + status.error_message() +
                         ", received " + std::to_string(t.received) + "; " + t.first_problem);
    }
  }
  const int limit_lines =
      ts.logs().Count("^subscribe ended: limit reached sent=" + std::to_string(kLimit) + "$");
  const int started_lines = ts.logs().Count("^subscribe started ");

  std::printf(
      "subscribers=%d tick=100ms limit=%d: started in %.0f ms, all ended after %.1f s\n"
      "  ok=%d complete=%d events=%d late(>1 tick)=%d max_lateness=%.1f ms "
      "bad_spacing=%d skipped=%d bad_amount=%d bad_order=%d\n"
      "  max threads in the process (server + clients)=%d; server log: started=%d "
      "\"limit reached sent=%d\"=%d\n",
      kSubscribers, kLimit, Ms(all_started - started), Ms(ended - started) / 1000.0, ok, complete,
      sum.received, sum.late, Ms(sum.max_lateness), sum.bad_spacing, sum.skipped, sum.bad_amount,
      sum.bad_order, max_threads.load(), started_lines, kLimit, limit_lines);
  std::fflush(stdout);

  std::string detail;
  for (const std::string& p : problems) detail += p + "\n";
  EXPECT_EQ(stuck, 0) << detail;
  EXPECT_EQ(ok, kSubscribers) << detail;
  EXPECT_EQ(complete, kSubscribers) << detail;
  EXPECT_EQ(sum.bad_amount, 0) << detail;
  EXPECT_EQ(sum.bad_order, 0) << detail;
  EXPECT_LT(max_threads.load(), kMaxThreads);
  EXPECT_EQ(started_lines, kSubscribers);
  EXPECT_EQ(limit_lines, kSubscribers);
}

}  // namespace
}  // namespace brew
