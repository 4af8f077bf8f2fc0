#include "runner/run/executor.h"

#include <chrono>
#include <memory>
#include <thread>

#include "runner/result/event_query.h"
#include "runner/run/consume_run.h"
#include "runner/run/expectations.h"
#include "runner/run/scenario_kafka.h"
#include "runner/run/stream_run.h"
#include "runner/run/target_fit.h"
#include "runner/run/wait_condition.h"

namespace brew::lab {
namespace {

using Clock = std::chrono::steady_clock;

// How long the server may take to notice that its clients are gone.
constexpr Duration kSettle = std::chrono::seconds(1);

class ScenarioRun {
 public:
  ScenarioRun(const Scenario& scenario, const RunOptions& options)
      : scenario_(scenario),
        options_(options),
        timeout_(EffectiveTimeout(scenario, options)),
        deadline_(timeline_.start() + timeout_),
        kafka_(scenario.server.kafka ? std::make_unique<ScenarioKafka>(options.server.kafka)
                                     : nullptr),
        server_(MakeServer(options.server, scenario.server, timeline_,
                           kafka_ ? &kafka_->wiring() : nullptr)) {
    if (options_.on_event) timeline_.SetListener(options_.on_event);
  }

  ScenarioResult Execute();

 private:
  bool StartKafka();
  bool KafkaDown(Duration d, const std::string& where);
  void RecordKafka(const std::string& text);
  CommittedByGroup ReadCommitted();
  bool StartServer(int port);
  void StopServer(Duration grace);
  bool RunStep(const Step& step, size_t index);
  bool Wait(const WaitStep& wait, const std::string& where);
  bool Pause(Duration d, const std::string& where);
  bool WaitForStreamsToEnd();
  bool WaitForNoneWindows();
  void Fail(const std::string& message);
  RunningStream* Stream(const std::string& id);

  void Announce(const std::string& waiting_for) {
    if (options_.on_wait) options_.on_wait(waiting_for);
  }

  const Scenario& scenario_;
  const RunOptions& options_;
  const Duration timeout_;
  Timeline timeline_;
  const Clock::time_point deadline_;
  std::unique_ptr<ScenarioKafka> kafka_;  // before server_, which uses it
  std::unique_ptr<ServerUnderTest> server_;
  bool server_up_ = false;
  std::string server_addr_;
  // gRPC streams and consumers alike, in step order.
  std::vector<std::unique_ptr<RunningStream>> streams_;
  std::string error_;
};

ScenarioResult ScenarioRun::Execute() {
  ScenarioResult result = NewResult(scenario_, options_.server);
  result.started_at = FormatTimestamp(std::chrono::system_clock::now());

  bool ok = StartKafka() && StartServer(0);
  if (ok) Announce("the steps");
  for (size_t i = 0; ok && i < scenario_.steps.size(); ++i) ok = RunStep(scenario_.steps[i], i);
  if (ok) ok = WaitForNoneWindows();
  if (ok) ok = WaitForStreamsToEnd();
  // A client's call can end a moment before the server notices (its cancel
  // is still on the way): let every handler finish, and log its end, before
  // the server is stopped -- else it would log "server stopping" instead.
  if (ok && server_up_) server_->WaitIdle(std::min<Duration>(kSettle, deadline_ - Clock::now()));
  // Whatever happened, nothing is left running: a failed run cancels its
  // streams; then the server goes (its last lines land on the timeline).
  for (auto& stream : streams_) stream->StopAndJoin();
  StopServer(ok ? defaults::kServerGrace : Duration::zero());
  const CommittedByGroup committed = ReadCommitted();

  result.server_addr = server_addr_;
  result.events = timeline_.Events();
  for (auto& stream : streams_) result.streams.push_back(stream->Outcome());
  result.expectations =
      CheckExpectations(scenario_, result.events, result.streams, server_->HasLog(), committed);
  Fail(server_->Problem());
  result.error = error_;
  if (!error_.empty()) result.error_context = LastEvents(result.events);
  result.passed = error_.empty();
  for (const ExpectationResult& e : result.expectations) {
    result.passed = result.passed && (e.passed || e.skipped);
  }
  result.duration_ms = timeline_.MillisSinceStart(Clock::now());
  return result;
}

bool ScenarioRun::StartKafka() {
  if (!kafka_) return true;
  Announce("the Kafka broker to start");
  std::string error;
  if (!kafka_->Start(&error)) {
    Fail("the Kafka broker did not start: " + error);
    return false;
  }
  RecordKafka("broker up at " + kafka_->wiring().bootstrap + " topic=" + kafka_->wiring().topic);
  return true;
}

// Not a server line: the broker's own events, on the timeline's "kafka"
// source (drawn as the broker's band in the HTML report).
void ScenarioRun::RecordKafka(const std::string& text) {
  TimelineEvent event;
  event.time = Clock::now();
  event.source = "kafka";
  event.kind = "log";
  event.level = "INFO";
  event.text = text;
  timeline_.Record(std::move(event));
}

// The broker is down for `d`: it drops every connection and refuses new
// ones; then it comes back with its data (kafka_down).
bool ScenarioRun::KafkaDown(Duration d, const std::string& where) {
  kafka_->SetDown(true);
  RecordKafka("broker down for=" + FormatDuration(d));
  const bool ok = Pause(d, where);
  kafka_->SetDown(false);
  RecordKafka("broker up");
  return ok;
}

// Every group a `committed` expectation names, asked of the broker once the
// consumers have stopped.
CommittedByGroup ScenarioRun::ReadCommitted() {
  CommittedByGroup out;
  if (!kafka_) return out;
  for (const Expectation& expectation : scenario_.expectations) {
    const auto* c = std::get_if<CommittedExpectation>(&expectation.body);
    if (c == nullptr || out.count(c->group) > 0) continue;
    GroupCommitted& group = out[c->group];
    group.total = kafka_->CommittedTotal(c->group, &group.error);
  }
  return out;
}

bool ScenarioRun::StartServer(int port) {
  Announce("the server to start");
  std::string error;
  if (!server_->Start(port, &error)) {
    Fail("the server did not start: " + error);
    return false;
  }
  server_up_ = true;
  server_addr_ = server_->target();
  return true;
}

void ScenarioRun::StopServer(Duration grace) {
  if (!server_up_) return;
  Announce("the server to stop (it waits for every handler to end its stream)");
  server_->Stop(grace);
  server_up_ = false;
}

void ScenarioRun::Fail(const std::string& message) {
  if (error_.empty() && !message.empty()) error_ = message;
}

RunningStream* ScenarioRun::Stream(const std::string& id) {
  for (auto& stream : streams_) {
    if (stream->id() == id) return stream.get();
  }
  return nullptr;  // the loader guarantees ids name earlier stream steps
}

bool ScenarioRun::RunStep(const Step& step, size_t index) {
  const std::string where = "step " + std::to_string(index + 1) + " (" + StepKindName(step.kind()) +
                            ", " + step.pos.ToString() + ")";
  switch (step.kind()) {
    case StepKind::kSubscribe:
    case StepKind::kUpload:
    case StepKind::kChat:
      streams_.push_back(std::make_unique<StreamRun>(step, server_addr_, timeline_));
      return true;
    case StepKind::kWait: return Wait(std::get<WaitStep>(step.body), where);
    case StepKind::kSleep: return Pause(std::get<SleepStep>(step.body).duration, where);
    case StepKind::kCancel:
    case StepKind::kStop:
      if (RunningStream* s = Stream(step.stream_id())) s->Stop();
      return true;
    case StepKind::kCloseSend:
      if (RunningStream* s = Stream(step.stream_id())) s->CloseSend();
      return true;
    case StepKind::kStopServer: StopServer(std::get<StopServerStep>(step.body).grace); return true;
    case StepKind::kConsume:
      streams_.push_back(std::make_unique<ConsumeRun>(std::get<ConsumeStep>(step.body),
                                                      kafka_->wiring(), timeline_));
      return true;
    case StepKind::kKafkaDown: return KafkaDown(std::get<KafkaDownStep>(step.body).duration, where);
    case StepKind::kRestartServer:
      if (!server_->CanRestart()) {
        Fail(where + ": restart_server needs a server labrun starts itself (not --target)");
        return false;
      }
      // The same port, so clients dial the same address; a new server knows
      // nothing of the old one's streams (the lesson: no durability).
      StopServer(std::get<RestartServerStep>(step.body).grace);
      return StartServer(server_->port());
  }
  return true;
}

bool ScenarioRun::Pause(Duration d, const std::string& where) {
  Announce(FormatDuration(d) + " to pass (" + where + ")");
  const auto until = Clock::now() + d;
  std::this_thread::sleep_until(std::min(until, deadline_));
  if (until > deadline_) {
    Fail("timed out after " + FormatDuration(timeout_) + " during " + where);
    return false;
  }
  return true;
}

bool ScenarioRun::Wait(const WaitStep& wait, const std::string& where) {
  const std::unique_ptr<WaitCondition> condition = MakeWaitCondition(wait, scenario_.streams);
  if (condition == nullptr) return Pause(wait.duration, where);
  // Without the server's log (--target without --server-log) a wait for a
  // server line cannot be decided; it is passed over, and the expectations
  // on the log are reported as skipped.
  if (wait.condition == WaitStep::Condition::kLog && wait.source == LogSource::kServer &&
      !server_->HasLog()) {
    return true;
  }
  Announce(condition->Describe(timeline_.Events()) + " (" + where + ")");

  const auto own_deadline = Clock::now() + wait.timeout;
  const auto until = std::min(own_deadline, deadline_);
  auto holds = [&](const std::vector<TimelineEvent>& events) { return condition->Holds(events); };
  if (timeline_.WaitUntil(holds, until)) return true;

  const std::string what = condition->Describe(timeline_.Events());
  if (own_deadline <= deadline_) {
    Fail(where + ": timed out after " + FormatDuration(wait.timeout) + " waiting for " + what);
  } else {
    Fail("timed out after " + FormatDuration(timeout_) + " waiting for " + what + " (" + where +
         ")");
  }
  return false;
}

// A `none ... for: D` expectation needs the timeline to run at least D past
// its `after` event before the server is stopped.
bool ScenarioRun::WaitForNoneWindows() {
  for (const Expectation& expectation : scenario_.expectations) {
    const auto* none = std::get_if<NoneExpectation>(&expectation.body);
    if (none == nullptr || !none->for_duration) continue;
    auto after = Resolve(none->after, timeline_.Events(), scenario_.streams);
    if (!after) continue;  // the check itself reports it
    const auto until = after->time + *none->for_duration;
    std::this_thread::sleep_until(std::min(until, deadline_));
  }
  return true;
}

bool ScenarioRun::WaitForStreamsToEnd() {
  auto all_done = [&](const std::vector<TimelineEvent>&) {
    for (auto& stream : streams_) {
      if (!stream->done()) return false;
    }
    return true;
  };
  Announce("every stream to end");
  if (timeline_.WaitUntil(all_done, deadline_)) return true;
  std::string open;
  for (auto& stream : streams_) {
    if (!stream->done()) open += (open.empty() ? "" : ", ") + stream->id();
  }
  Fail("timed out after " + FormatDuration(timeout_) + " waiting for stream " + open +
       " to end (the steps are over; a stream that never ends on its own needs a cancel, a "
       "limit or a deadline; a consumer, a limit or a stop)");
  return false;
}

}  // namespace

ScenarioResult NewResult(const Scenario& scenario, const ServerSpec& server) {
  ScenarioResult result;
  result.name = scenario.name;
  result.file = scenario.file;
  result.description = scenario.description;
  result.points = scenario.points;
  // The settings the server really runs with (a --target has its own).
  const ServerSettings settings = EffectiveSettings(scenario, server);
  result.tick = settings.tick;
  result.echo_delay = settings.echo_delay;
  return result;
}

Duration EffectiveTimeout(const Scenario& scenario, const RunOptions& options) {
  if (options.timeout_cap && *options.timeout_cap < scenario.timeout) return *options.timeout_cap;
  return scenario.timeout;
}

ScenarioResult RunScenario(const Scenario& scenario, const RunOptions& options) {
  return ScenarioRun(scenario, options).Execute();
}

}  // namespace brew::lab
