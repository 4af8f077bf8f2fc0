#include "runner/run/isolated_run.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <deque>
#include <thread>
#include <vector>

#include "core/util/mutex.h"
#include "runner/result/event_query.h"
#include "runner/result/result_json.h"
#include "runner/run/child_process.h"

namespace brew::lab {
namespace {

using Clock = std::chrono::steady_clock;

// How many of the child's own output lines a failure shows.
constexpr size_t kOutputTail = 20;

// What the parent learns from the child while it runs.
class ChildReport {
 public:
  void OnLine(ChildProcess::Pipe pipe, const std::string& line) {
    brew::MutexLock lock(&mu_);
    if (pipe != ChildProcess::Pipe::kFd3) {
      output_.push_back(line);
      if (output_.size() > kOutputTail) output_.pop_front();
      return;
    }
    const auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return;
    const std::string type = j.value("type", "");
    try {
      if (type == "event") {
        events_.push_back(EventFromJson(j));
      } else if (type == "waiting") {
        waiting_ = j.value("what", "");
      } else if (type == "result") {
        result_ = ResultFromJson(j.at("result"));
      }
    } catch (const nlohmann::json::exception&) {
      // A garbled line from a dying child: keep what came before it.
    }
  }

  std::optional<ScenarioResult> result() {
    brew::MutexLock lock(&mu_);
    return result_;
  }

  // A result for a child that crashed or hung: the events it reported, the
  // cause, and every expectation marked as not checked.
  ScenarioResult Failed(const Scenario& scenario, const ServerSpec& server,
                        const std::string& cause, double duration_ms) {
    brew::MutexLock lock(&mu_);
    ScenarioResult r = NewResult(scenario, server);
    r.started_at = FormatTimestamp(std::chrono::system_clock::now() -
                                   std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       std::chrono::duration<double, std::milli>(duration_ms)));
    r.duration_ms = duration_ms;
    r.events = events_;
    r.error = cause;
    if (!waiting_.empty()) r.error += " waiting for " + waiting_;
    r.error_context = LastEvents(events_);
    r.process_output.assign(output_.begin(), output_.end());
    for (const Expectation& e : scenario.expectations) {
      ExpectationResult x;
      x.expect = e.Describe();
      x.source = e.pos.ToString();
      x.detail = "not checked: the run did not finish (" + cause + ")";
      r.expectations.push_back(x);
    }
    return r;
  }

 private:
  brew::Mutex mu_;
  std::vector<TimelineEvent> events_ ABSL_GUARDED_BY(mu_);
  std::string waiting_ ABSL_GUARDED_BY(mu_);
  std::deque<std::string> output_ ABSL_GUARDED_BY(mu_);
  std::optional<ScenarioResult> result_ ABSL_GUARDED_BY(mu_);
};

// Child side: JSON lines on the pipe to the parent.
class ParentPipe {
 public:
  explicit ParentPipe(int fd) : out_(fdopen(fd, "w")) {}
  ~ParentPipe() {
    if (out_ != nullptr) std::fclose(out_);
  }
  void Send(const nlohmann::json& j) { SendLines(Line(j)); }

  // The events as "event" lines, in one write.
  void SendEvents(const std::vector<TimelineEvent>& events) {
    std::string lines;
    for (const TimelineEvent& e : events) {
      nlohmann::json j = EventToJson(e);
      j["type"] = "event";
      lines += Line(j);
    }
    SendLines(lines);
  }

 private:
  static std::string Line(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  void SendLines(const std::string& lines) {
    brew::MutexLock lock(&mu_);
    if (out_ == nullptr) return;
    std::fwrite(lines.data(), 1, lines.size(), out_);
    std::fflush(out_);
  }

  brew::Mutex mu_;
  std::FILE* out_ ABSL_GUARDED_BY(mu_);
};

// Child side: the run's events on their way to the parent. An upload or a
// chat makes one event per message, reported by the timeline's listener
// under the timeline's lock (on its builder thread for messages, on the
// recording thread for the rest). Turning each into JSON and writing it to
// the pipe there costs a system call per message, and holds up every
// reader and recorder that needs the lock whenever the parent is behind.
// (Written from the sending thread, as it once was, an upload of 20,000
// records took 141-188 ms, against 101-130 ms with --in-process; batched,
// 96-149 ms.) So sends and receives are only copied into a batch, which a
// thread of the batcher's writes every kSendEvery;
// every other event (a start, a cancel, a done, a server log line) is
// written at once, after the batch before it, so the order on the pipe is
// the order of recording.
//
// The price: a child that crashes may take the sends and receives of its
// last kSendEvery with it, never a log line or a stream's start or end (a
// hang loses nothing: the batches go on until the parent kills it).
class EventBatcher {
 public:
  static constexpr std::chrono::milliseconds kSendEvery{10};

  explicit EventBatcher(ParentPipe& parent) : parent_(parent), thread_([this] { Run(); }) {}
  ~EventBatcher() { Finish(); }
  EventBatcher(const EventBatcher&) = delete;
  EventBatcher& operator=(const EventBatcher&) = delete;

  void Add(const TimelineEvent& event) {
    if (event.event && IsCounted(*event.event)) {
      brew::MutexLock lock(&mu_);
      pending_.push_back(event);
      return;
    }
    SendPending(&event);
  }

  // Sends what is pending and ends the thread; call it once nothing can
  // record any more (the run is over).
  void Finish() {
    {
      brew::MutexLock lock(&mu_);
      finishing_ = true;
    }
    cv_.Signal();
    if (thread_.joinable()) thread_.join();
  }

 private:
  void Run() {
    bool last = false;
    while (!last) {
      {
        brew::MutexLock lock(&mu_);
        if (!finishing_) cv_.WaitFor(&mu_, kSendEvery);
        last = finishing_;
      }
      SendPending(nullptr);
    }
  }

  // Writes the pending batch, then `also` if given. One writer at a time,
  // so no batch overtakes an earlier one.
  void SendPending(const TimelineEvent* also) {
    brew::MutexLock writing(&write_mu_);
    std::vector<TimelineEvent> batch;
    {
      brew::MutexLock lock(&mu_);
      batch.swap(pending_);
    }
    if (also != nullptr) batch.push_back(*also);
    if (!batch.empty()) parent_.SendEvents(batch);
  }

  ParentPipe& parent_;
  brew::Mutex write_mu_ ABSL_ACQUIRED_BEFORE(mu_);  // held while a batch is written
  brew::Mutex mu_;
  brew::CondVar cv_;  // Finish()
  std::vector<TimelineEvent> pending_ ABSL_GUARDED_BY(mu_);
  bool finishing_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;  // last: starts once the rest is made
};

}  // namespace

ScenarioResult RunIsolated(const Scenario& scenario, const RunOptions& options,
                           const std::vector<std::string>& child_argv) {
  const auto started = Clock::now();
  const Duration timeout = EffectiveTimeout(scenario, options);
  ChildReport report;
  std::string error;
  auto child = ChildProcess::Start(
      child_argv, ChildProcess::Options{/*fd3=*/true, {}},
      [&report](ChildProcess::Pipe pipe, const std::string& line, Clock::time_point) {
        report.OnLine(pipe, line);
      },
      &error);
  auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  };
  if (!child)
    return report.Failed(scenario, options.server, "could not start: " + error, elapsed_ms());

  const auto status = child->Wait(started + timeout + kChildGrace);
  if (!status) {
    child->Stop(Duration::zero());
    return report.Failed(scenario, options.server, "timed out after " + FormatDuration(timeout),
                         elapsed_ms());
  }
  if (auto result = report.result(); result && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) {
    return *result;
  }
  const std::string cause = WIFSIGNALED(*status)
                                ? "crashed: " + SignalName(WTERMSIG(*status))
                                : "crashed: the run " + DescribeWaitStatus(*status);
  return report.Failed(scenario, options.server, cause, elapsed_ms());
}

int RunAsChild(const Scenario& scenario, RunOptions options, int fd) {
  ParentPipe parent(fd);
  EventBatcher events(parent);
  options.on_event = [&events](const TimelineEvent& e) { events.Add(e); };
  options.on_wait = [&parent](const std::string& what) {
    parent.Send({{"type", "waiting"}, {"what", what}});
  };
  const ScenarioResult result = RunScenario(scenario, options);
  events.Finish();  // every event before the result
  parent.Send({{"type", "result"}, {"result", ResultToJson(result)}});
  return 0;
}

}  // namespace brew::lab
