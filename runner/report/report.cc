#include "runner/report/report.h"

#include <cmath>
#include <cstdio>
#include <fstream>

#include "runner/report/score.h"
#include "runner/result/result.h"

namespace brew::lab {
namespace {

// Microsecond precision is plenty for a timeline and keeps reports short.
double Round3(double v) { return std::round(v * 1000.0) / 1000.0; }

nlohmann::json EventJson(const TimelineEvent& e) {
  nlohmann::json j = {{"t_ms", Round3(e.t_ms)}, {"source", e.source}};
  if (!e.stream.empty()) j["stream"] = e.stream;
  j["kind"] = e.kind;
  if (e.event && IsCounted(*e.event)) j["n"] = e.n;
  if (!e.status.empty()) j["status"] = e.status;
  if (!e.level.empty()) j["level"] = e.level;
  j["text"] = e.text;
  return j;
}

nlohmann::json StreamJson(const StreamOutcome& s) {
  nlohmann::json j = {
      {"id", s.id},
      {"kind", StreamKindName(s.kind)},
      {"done", s.done},
      {"status", s.done ? nlohmann::json(StatusCodeName(s.status)) : nlohmann::json(nullptr)},
      {"message", s.message},
      {"sent", s.sent},
      {"received", s.received}};
  if (s.summary) {
    j["summary"] = {{"received", s.summary->received},
                    {"accepted", s.summary->accepted},
                    {"rejected", s.summary->rejected},
                    {"total_cents", s.summary->total_cents}};
  }
  return j;
}

}  // namespace

nlohmann::json ScenarioReport(const ScenarioResult& r) {
  nlohmann::json events = nlohmann::json::array();
  for (const TimelineEvent& e : r.events) events.push_back(EventJson(e));
  nlohmann::json streams = nlohmann::json::array();
  for (const StreamOutcome& s : r.streams) streams.push_back(StreamJson(s));
  nlohmann::json expectations = nlohmann::json::array();
  for (const ExpectationResult& e : r.expectations) {
    // A skipped check is reported as skipped, never as passed.
    nlohmann::json j = {{"expect", e.expect},
                        {"source", e.source},
                        {"passed", e.passed && !IsSkipped(e)},
                        {"detail", IsSkipped(e) ? "skipped: " + e.detail : e.detail}};
    if (IsSkipped(e)) j["skipped"] = true;
    expectations.push_back(j);
  }
  return {
      {"scenario", r.name},
      {"file", r.file},
      {"description", r.description},
      {"passed", r.passed},
      {"points", r.points},
      {"score", r.passed ? r.points : 0},
      {"error", r.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.error)},
      // A crashed or hung run's last lines of output; empty otherwise.
      {"process_output", r.process_output},
      {"skipped", r.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.skipped)},
      {"started_at", r.started_at},
      {"duration_ms", Round3(r.duration_ms)},
      {"server",
       {{"addr", r.server_addr},
        {"tick_ms", Round3(ToMillis(r.tick))},
        {"echo_delay_ms", Round3(ToMillis(r.echo_delay))}}},
      {"streams", streams},
      {"events", events},
      {"expectations", expectations},
  };
}

std::string ReportFileName(const std::string& name) {
  std::string out;
  for (char c : name) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '_' || c == '-' || (c == '.' && !out.empty());
    out += safe ? c : '_';
  }
  return (out.empty() ? "scenario" : out) + ".json";
}

nlohmann::json IndexReport(const std::vector<ScenarioSummary>& scenarios,
                           const std::string& started_at, double duration_ms) {
  nlohmann::json list = nlohmann::json::array();
  const RunTotals totals = CountTotals(scenarios);
  int flaky = 0;
  for (const ScenarioSummary& s : scenarios) {
    list.push_back(
        {{"scenario", s.name},
         {"file", s.file},
         {"passed", s.passed()},
         {"flaky", s.flaky()},
         {"runs", s.runs},
         {"failures", s.failures},
         {"points", s.points},
         {"duration_ms", Round3(s.duration_ms)},
         {"report", s.report},
         {"skipped", s.skipped.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.skipped)}});
    flaky += s.flaky() ? 1 : 0;  // a SKIP never ran, so is never flaky
  }
  return {{"started_at", started_at}, {"duration_ms", Round3(duration_ms)},
          {"passed", totals.passed},  {"failed", totals.failed},
          {"flaky", flaky},           {"skipped", totals.skipped},
          {"score", totals.score},    {"max_score", totals.max_score},
          {"scenarios", list}};
}

bool WriteText(const std::string& path, const std::string& text, std::string* error) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << text;
    if (!out.flush()) {
      *error = "cannot write " + path;
      std::remove(tmp.c_str());
      return false;
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = "cannot write " + path;
    std::remove(tmp.c_str());
    return false;
  }
  return true;
}

std::string PrettyJson(const nlohmann::json& doc) {
  // Texts come from the server and clients under test: never let a stray
  // invalid UTF-8 byte cost the report.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool WriteJson(const std::string& path, const nlohmann::json& doc, std::string* error) {
  return WriteText(path, PrettyJson(doc), error);
}

}  // namespace brew::lab
