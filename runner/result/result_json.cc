#include "runner/result/result_json.h"

namespace brew::lab {
namespace {

nlohmann::json EventsToJson(const std::vector<TimelineEvent>& events) {
  nlohmann::json out = nlohmann::json::array();
  for (const TimelineEvent& e : events) out.push_back(EventToJson(e));
  return out;
}

std::vector<TimelineEvent> EventsFromJson(const nlohmann::json& j) {
  std::vector<TimelineEvent> out;
  for (const auto& e : j) out.push_back(EventFromJson(e));
  return out;
}

}  // namespace

nlohmann::json EventToJson(const TimelineEvent& e) {
  nlohmann::json j = {{"t_ms", e.t_ms}, {"source", e.source}, {"kind", e.kind}, {"text", e.text}};
  if (!e.stream.empty()) j["stream"] = e.stream;
  if (e.event && IsCounted(*e.event)) j["n"] = e.n;
  if (!e.status.empty()) j["status"] = e.status;
  if (!e.level.empty()) j["level"] = e.level;
  return j;
}

TimelineEvent EventFromJson(const nlohmann::json& j) {
  TimelineEvent e;
  e.t_ms = j.at("t_ms").get<double>();
  e.source = j.at("source").get<std::string>();
  e.kind = j.at("kind").get<std::string>();
  if (auto event = EventKindFromName(e.kind.str())) e.SetEvent(*event);  // not for "log"
  e.text = j.at("text").get<std::string>();
  e.stream = j.value("stream", "");
  e.n = j.value("n", 0);
  e.status = j.value("status", "");
  if (auto code = StatusCodeFromName(e.status.str())) e.code = *code;
  e.level = j.value("level", "");
  return e;
}

nlohmann::json ResultToJson(const ScenarioResult& r) {
  nlohmann::json streams = nlohmann::json::array();
  for (const StreamOutcome& s : r.streams) {
    nlohmann::json j = {{"id", s.id},
                        {"kind", static_cast<int>(s.kind)},
                        {"done", s.done},
                        {"status", StatusCodeName(s.status)},
                        {"message", s.message},
                        {"sent", s.sent},
                        {"received", s.received}};
    if (s.summary) {
      j["summary"] = {s.summary->received, s.summary->accepted, s.summary->rejected,
                      s.summary->total_cents};
    }
    streams.push_back(j);
  }
  nlohmann::json expectations = nlohmann::json::array();
  for (const ExpectationResult& e : r.expectations) {
    expectations.push_back({{"expect", e.expect},
                            {"source", e.source},
                            {"passed", e.passed},
                            {"skipped", e.skipped},
                            {"detail", e.detail},
                            {"context", EventsToJson(e.context)}});
  }
  return {{"name", r.name},
          {"file", r.file},
          {"description", r.description},
          {"points", r.points},
          {"passed", r.passed},
          {"error", r.error},
          {"error_context", EventsToJson(r.error_context)},
          {"process_output", r.process_output},
          {"skipped", r.skipped},
          {"started_at", r.started_at},
          {"duration_ms", r.duration_ms},
          {"server_addr", r.server_addr},
          {"tick_ns", r.tick.count()},
          {"echo_delay_ns", r.echo_delay.count()},
          {"streams", streams},
          {"events", EventsToJson(r.events)},
          {"expectations", expectations}};
}

ScenarioResult ResultFromJson(const nlohmann::json& j) {
  ScenarioResult r;
  r.name = j.at("name").get<std::string>();
  r.file = j.at("file").get<std::string>();
  r.description = j.at("description").get<std::string>();
  r.points = j.at("points").get<int>();
  r.passed = j.at("passed").get<bool>();
  r.error = j.at("error").get<std::string>();
  r.error_context = EventsFromJson(j.at("error_context"));
  r.process_output = j.at("process_output").get<std::vector<std::string>>();
  r.skipped = j.at("skipped").get<std::string>();
  r.started_at = j.at("started_at").get<std::string>();
  r.duration_ms = j.at("duration_ms").get<double>();
  r.server_addr = j.at("server_addr").get<std::string>();
  r.tick = Duration(j.at("tick_ns").get<int64_t>());
  r.echo_delay = Duration(j.at("echo_delay_ns").get<int64_t>());
  for (const auto& s : j.at("streams")) {
    StreamOutcome o;
    o.id = s.at("id").get<std::string>();
    o.kind = static_cast<StreamKind>(s.at("kind").get<int>());
    o.done = s.at("done").get<bool>();
    o.status = StatusCodeFromName(s.at("status").get<std::string>()).value_or(StatusCode::kUnknown);
    o.message = s.at("message").get<std::string>();
    o.sent = s.at("sent").get<int>();
    o.received = s.at("received").get<int>();
    if (s.contains("summary")) {
      const auto& v = s["summary"];
      o.summary = StreamOutcome::Summary{v.at(0).get<int64_t>(), v.at(1).get<int64_t>(),
                                         v.at(2).get<int64_t>(), v.at(3).get<int64_t>()};
    }
    r.streams.push_back(o);
  }
  r.events = EventsFromJson(j.at("events"));
  for (const auto& e : j.at("expectations")) {
    ExpectationResult x;
    x.expect = e.at("expect").get<std::string>();
    x.source = e.at("source").get<std::string>();
    x.passed = e.at("passed").get<bool>();
    x.skipped = e.value("skipped", false);
    x.detail = e.at("detail").get<std::string>();
    x.context = EventsFromJson(e.at("context"));
    r.expectations.push_back(x);
  }
  return r;
}

}  // namespace brew::lab
