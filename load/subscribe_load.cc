#include "load/subscribe_load.h"

#include <grpcpp/client_context.h>
#include <grpcpp/support/client_callback.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include "core/client/grpc_status.h"
#include "core/event/client_event.h"
#include "core/util/mutex.h"

namespace brew::load {
namespace {

using SysClock = std::chrono::system_clock;

// One subscription. gRPC calls OnReadDone for one read at a time, so the
// counters need no lock until OnDone, which comes last.
class Subscriber final : public grpc::ClientReadReactor<orders::v1::OrderEvent> {
 public:
  Subscriber(orders::v1::StreamingService::Stub* stub, SysClock::time_point deadline,
             const std::atomic<bool>* stopping)
      : stopping_(stopping) {
    ctx_.set_deadline(deadline);
    request_.set_limit(0);
    stub->async()->Subscribe(&ctx_, &request_, this);
    StartRead(&event_);
    StartCall();
  }

  void Cancel() { ctx_.TryCancel(); }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream is over; OnDone follows
    const auto now = SysClock::now();
    if (stopping_->load(std::memory_order_relaxed)) return;  // after the window: no more reads
    ++events_;
    if (event_.has_created_at()) {
      const auto created = SysClock::time_point(std::chrono::duration_cast<SysClock::duration>(
          std::chrono::seconds(event_.created_at().seconds()) +
          std::chrono::nanoseconds(event_.created_at().nanos())));
      lags_ns_.push_back(
          std::chrono::duration_cast<std::chrono::nanoseconds>(now - created).count());
      if (has_previous_) {
        gaps_ns_.push_back(
            std::chrono::duration_cast<std::chrono::nanoseconds>(created - previous_).count());
      }
      previous_ = created;
      has_previous_ = true;
    }
    StartRead(&event_);
  }

  void OnDone(const grpc::Status& status) override {
    brew::MutexLock lock(&mu_);
    status_ = status;
    done_ = true;
    cv_.SignalAll();
  }

  // Waits for OnDone until `until`; false if it did not come.
  bool WaitDone(SysClock::time_point until) {
    brew::MutexLock lock(&mu_);
    return cv_.AwaitUntil(&mu_, until, [this] {
      mu_.AssertHeld();  // runs inside AwaitUntil, under mu_
      return done_;
    });
  }

  // After WaitDone returned true.
  grpc::Status status() const {
    brew::MutexLock lock(&mu_);
    return status_;
  }
  int64_t events() const { return events_; }
  std::vector<int64_t>& lags_ns() { return lags_ns_; }
  std::vector<int64_t>& gaps_ns() { return gaps_ns_; }

 private:
  const std::atomic<bool>* stopping_;
  grpc::ClientContext ctx_;
  orders::v1::SubscribeRequest request_;
  orders::v1::OrderEvent event_;
  int64_t events_ = 0;
  std::vector<int64_t> lags_ns_;
  std::vector<int64_t> gaps_ns_;
  SysClock::time_point previous_;
  bool has_previous_ = false;

  mutable brew::Mutex mu_;
  brew::CondVar cv_;
  grpc::Status status_ ABSL_GUARDED_BY(mu_);
  bool done_ ABSL_GUARDED_BY(mu_) = false;
};

std::string Describe(const grpc::Status& status) {
  return std::string(StatusCodeName(status.error_code())) +
         (status.error_message().empty() ? "" : ": " + status.error_message());
}

}  // namespace

Measurement MeasureSubscribe(const MeasureContext& mc, int subscribers) {
  Measurement m;
  m.name = "subscribe";
  m.unit = "events";
  m.streams = subscribers;

  std::atomic<bool> stopping{false};
  const auto deadline =
      SysClock::now() + std::chrono::duration_cast<SysClock::duration>(mc.duration + mc.grace);
  std::vector<std::unique_ptr<Subscriber>> subs;
  subs.reserve(static_cast<size_t>(subscribers));
  const CpuWindow cpu(mc.server_pid);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < subscribers; ++i) {
    subs.push_back(std::make_unique<Subscriber>(mc.stub, deadline, &stopping));
  }
  std::this_thread::sleep_until(start + mc.duration);
  if (mc.server_pid) m.server_footprint = ProcessFootprint(*mc.server_pid);
  stopping.store(true);
  m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (auto& s : subs) s->Cancel();

  // OnDone comes at once after a cancel; a call gRPC never finishes is left
  // allocated (freeing its reactor would be a use after free).
  const auto wait_until =
      SysClock::now() + std::chrono::duration_cast<SysClock::duration>(mc.grace);
  std::vector<int64_t> lags;
  std::vector<int64_t> gaps;
  for (size_t i = 0; i < subs.size(); ++i) {
    Subscriber& s = *subs[i];
    if (!s.WaitDone(wait_until)) {
      if (m.error.empty()) m.error = "subscriber " + std::to_string(i + 1) + " did not end";
      subs[i].release();
      continue;
    }
    m.count += s.events();
    lags.insert(lags.end(), s.lags_ns().begin(), s.lags_ns().end());
    gaps.insert(gaps.end(), s.gaps_ns().begin(), s.gaps_ns().end());
    const grpc::StatusCode code = s.status().error_code();
    // Ours ends CANCELLED; a deadline (too busy to cancel in time) is fine too.
    if (code == grpc::StatusCode::CANCELLED || code == grpc::StatusCode::DEADLINE_EXCEEDED)
      continue;
    if (m.error.empty()) {
      m.error = "subscriber " + std::to_string(i + 1) +
                (s.status().ok() ? ": the server ended a limit-0 stream (OK)"
                                 : " failed: " + Describe(s.status()));
    }
  }
  m.cpu = cpu.Stop();

  if (!lags.empty()) m.latency = Summarize(lags);
  if (!gaps.empty()) {
    std::vector<int64_t> sorted = gaps;
    std::sort(sorted.begin(), sorted.end());
    const double median_ns = static_cast<double>(Percentile(sorted, 50));
    const double tick_ns =
        mc.tick > Duration::zero()
            ? static_cast<double>(
                  std::chrono::duration_cast<std::chrono::nanoseconds>(mc.tick).count())
            : median_ns;
    if (median_ns > 0 && tick_ns > 0) {
      m.tick_ms = median_ns / 1e6;
      for (const int64_t gap : gaps) {
        m.skipped_ticks +=
            std::max<int64_t>(0, std::llround(static_cast<double>(gap) / tick_ns) - 1);
      }
    }
  }
  return m;
}

}  // namespace brew::load
