#include "runner/run/wait_condition.h"

#include "runner/result/event_query.h"

namespace brew::lab {
namespace {

// At least `n` events of one kind on one stream (n = 1 for `start` and
// `done`).
class StreamEvents final : public WaitCondition {
 public:
  StreamEvents(std::string stream, EventKind kind, int64_t n)
      : stream_(std::move(stream)), kind_(kind), n_(n) {}

  bool Holds(const std::vector<TimelineEvent>& events) const override {
    return CountStreamEvents(events, stream_, kind_) >= n_;
  }

  std::string Describe(const std::vector<TimelineEvent>& events) const override {
    if (kind_ == EventKind::kDone) return "stream " + stream_ + " to end";
    if (kind_ == EventKind::kStart) return "stream " + stream_ + " to start";
    const bool sent = kind_ == EventKind::kSend;
    return "stream " + stream_ + (sent ? " to send " : " to receive ") + std::to_string(n_) +
           " messages (it " + (sent ? "sent " : "received ") +
           std::to_string(CountStreamEvents(events, stream_, kind_)) + ")";
  }

 private:
  const std::string stream_;
  const EventKind kind_;
  const int64_t n_;
};

// At least `n` lines of `source` matching a pattern.
class LogLines final : public WaitCondition {
 public:
  LogLines(const WaitStep& wait, const std::vector<StreamDecl>& streams)
      : pattern_(*wait.log), source_(wait.source), n_(wait.n), streams_(streams) {}

  bool Holds(const std::vector<TimelineEvent>& events) const override { return Seen(events) >= n_; }

  std::string Describe(const std::vector<TimelineEvent>& events) const override {
    return std::to_string(n_) + " " + LogSourceName(source_) + " log line(s) matching " +
           Pattern(pattern_) + " (saw " + std::to_string(Seen(events)) + ")";
  }

 private:
  int64_t Seen(const std::vector<TimelineEvent>& events) const {
    return static_cast<int64_t>(MatchingLines(pattern_, source_, events, streams_).size());
  }

  const LogPattern pattern_;
  const LogSource source_;
  const int64_t n_;
  const std::vector<StreamDecl>& streams_;
};

}  // namespace

std::unique_ptr<WaitCondition> MakeWaitCondition(const WaitStep& wait,
                                                 const std::vector<StreamDecl>& streams) {
  switch (wait.condition) {
    case WaitStep::Condition::kDuration: return nullptr;
    case WaitStep::Condition::kReceived:
      return std::make_unique<StreamEvents>(wait.stream_id, EventKind::kRecv, wait.n);
    case WaitStep::Condition::kSent:
      return std::make_unique<StreamEvents>(wait.stream_id, EventKind::kSend, wait.n);
    case WaitStep::Condition::kStarted:
      return std::make_unique<StreamEvents>(wait.stream_id, EventKind::kStart, 1);
    case WaitStep::Condition::kDone:
      return std::make_unique<StreamEvents>(wait.stream_id, EventKind::kDone, 1);
    case WaitStep::Condition::kLog: return std::make_unique<LogLines>(wait, streams);
  }
  return nullptr;
}

}  // namespace brew::lab
