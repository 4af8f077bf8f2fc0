#include "runner/isolated_run.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <deque>
#include <mutex>

#include "runner/child_process.h"
#include "runner/event_query.h"
#include "runner/result_json.h"

namespace brew::lab {
namespace {

using Clock = std::chrono::steady_clock;

// How many of the child's own output lines a failure shows.
constexpr size_t kOutputTail = 20;

// What the parent learns from the child while it runs.
class ChildReport {
 public:
  void OnLine(ChildProcess::Pipe pipe, const std::string& line) {
    std::lock_guard<std::mutex> lock(mu_);
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
    std::lock_guard<std::mutex> lock(mu_);
    return result_;
  }

  // A result for a child that crashed or hung: the events it reported, the
  // cause, and every expectation marked as not checked.
  ScenarioResult Failed(const Scenario& scenario, const std::string& cause, double duration_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    ScenarioResult r = NewResult(scenario);
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
  std::mutex mu_;
  std::vector<TimelineEvent> events_;
  std::string waiting_;
  std::deque<std::string> output_;
  std::optional<ScenarioResult> result_;
};

// Child side: one JSON line at a time on the pipe to the parent.
class ParentPipe {
 public:
  explicit ParentPipe(int fd) : out_(fdopen(fd, "w")) {}
  ~ParentPipe() {
    if (out_ != nullptr) std::fclose(out_);
  }
  void Send(const nlohmann::json& j) {
    std::lock_guard<std::mutex> lock(mu_);
    if (out_ == nullptr) return;
    const std::string line =
        j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
    std::fwrite(line.data(), 1, line.size(), out_);
    std::fflush(out_);
  }

 private:
  std::mutex mu_;
  std::FILE* out_;
};

}  // namespace

ScenarioResult RunIsolated(const Scenario& scenario, const RunOptions& options,
                           const std::vector<std::string>& child_argv) {
  const auto started = Clock::now();
  const Duration timeout = EffectiveTimeout(scenario, options);
  ChildReport report;
  std::string error;
  auto child = ChildProcess::Start(
      child_argv, /*fd3=*/true,
      [&report](ChildProcess::Pipe pipe, const std::string& line, Clock::time_point) {
        report.OnLine(pipe, line);
      },
      &error);
  auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(Clock::now() - started).count();
  };
  if (!child) return report.Failed(scenario, "could not start: " + error, elapsed_ms());

  const auto status = child->Wait(started + timeout + kChildGrace);
  if (!status) {
    child->Stop(Duration::zero());
    return report.Failed(scenario, "timed out after " + FormatDuration(timeout),
                         elapsed_ms());
  }
  if (auto result = report.result(); result && WIFEXITED(*status) && WEXITSTATUS(*status) == 0) {
    return *result;
  }
  const std::string cause = WIFSIGNALED(*status)
                                ? "crashed: " + SignalName(WTERMSIG(*status))
                                : "crashed: the run " + DescribeWaitStatus(*status);
  return report.Failed(scenario, cause, elapsed_ms());
}

int RunAsChild(const Scenario& scenario, RunOptions options, int fd) {
  ParentPipe parent(fd);
  options.on_event = [&parent](const TimelineEvent& e) {
    nlohmann::json j = EventToJson(e);
    j["type"] = "event";
    parent.Send(j);
  };
  options.on_wait = [&parent](const std::string& what) {
    parent.Send({{"type", "waiting"}, {"what", what}});
  };
  const ScenarioResult result = RunScenario(scenario, options);
  parent.Send({{"type", "result"}, {"result", ResultToJson(result)}});
  return 0;
}

}  // namespace brew::lab
