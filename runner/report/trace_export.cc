#include "runner/report/trace_export.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "runner/result/event_query.h"

namespace brew::lab {
namespace {

using nlohmann::json;

constexpr int kServerTid = 0;
constexpr int kKafkaTid = 100000;  // the Kafka broker's track, after every stream's
constexpr double kSliceUs = 10;    // how long a send/recv/... slice is drawn

// Microseconds, at the timeline's (microsecond) precision.
double Micros(double t_ms) { return std::round(t_ms * 1000.0 * 1000.0) / 1000.0; }

json Meta(const char* name, int pid, int tid, json args) {
  return {{"ph", "M"}, {"name", name}, {"pid", pid}, {"tid", tid}, {"args", std::move(args)}};
}

}  // namespace

json TraceJson(const std::vector<ScenarioResult>& results) {
  json events = json::array();
  long flow_id = 0;
  for (size_t index = 0; index < results.size(); ++index) {
    const ScenarioResult& r = results[index];
    const int pid = static_cast<int>(index) + 1;
    events.push_back(
        Meta("process_name", pid, 0, {{"name", r.name + (r.passed ? " (PASS)" : " (FAIL)")}}));
    events.push_back(Meta("process_sort_index", pid, 0, {{"sort_index", pid}}));

    // Tracks: the server, then each stream in step order (and any stream
    // that only the events name).
    std::map<std::string, int> tids;
    std::map<std::string, StreamKind> kinds;
    for (const StreamOutcome& s : r.streams) {
      kinds[s.id] = s.kind;
      tids.emplace(s.id, static_cast<int>(tids.size()) + 1);
    }
    bool kafka = false;
    for (const TimelineEvent& e : r.events) {
      if (e.source == "client" && !e.stream.empty()) {
        tids.emplace(e.stream, static_cast<int>(tids.size()) + 1);
      }
      kafka = kafka || e.source == "kafka";
    }
    if (kafka) {
      events.push_back(Meta("thread_name", pid, kKafkaTid, {{"name", "kafka broker"}}));
      events.push_back(Meta("thread_sort_index", pid, kKafkaTid, {{"sort_index", kKafkaTid}}));
    }
    events.push_back(Meta("thread_name", pid, kServerTid, {{"name", "server"}}));
    events.push_back(Meta("thread_sort_index", pid, kServerTid, {{"sort_index", 0}}));
    for (const auto& [id, tid] : tids) {
      const auto kind = kinds.find(id);
      const std::string name =
          "stream " + id +
          (kind == kinds.end() ? "" : " (" + std::string(StreamKindName(kind->second)) + ")");
      events.push_back(Meta("thread_name", pid, tid, {{"name", name}}));
      events.push_back(Meta("thread_sort_index", pid, tid, {{"sort_index", tid}}));
    }

    // Each slice lasts kSliceUs, or less when the next slice on its track
    // starts sooner, so slices on a track never overlap.
    std::vector<double> dur(r.events.size(), kSliceUs);
    std::map<int, size_t> last_on_track;
    auto tid_of = [&](const TimelineEvent& e) {
      if (e.source == "kafka") return kKafkaTid;
      return e.source == "server" || e.stream.empty() ? kServerTid : tids.at(e.stream);
    };
    for (size_t i = 0; i < r.events.size(); ++i) {
      const TimelineEvent& e = r.events[i];
      if (e.source == "server" || e.source == "kafka") continue;  // instants
      const int tid = tid_of(e);
      const auto prev = last_on_track.find(tid);
      if (prev != last_on_track.end()) {
        const double gap = Micros(e.t_ms) - Micros(r.events[prev->second].t_ms);
        if (gap > 0) dur[prev->second] = std::min(kSliceUs, gap);
        else dur[prev->second] = std::min(dur[prev->second], 1.0);
      }
      last_on_track[tid] = i;
    }

    // Flows: chat stream send #n (the ping) -> recv #n (its echo).
    std::map<std::pair<std::string, int>, long> pending;  // (stream, n) -> flow id
    double broker_down_at = -1;  // kafka_down: a slice from there to "broker up"; -1: none
    for (size_t i = 0; i < r.events.size(); ++i) {
      const TimelineEvent& e = r.events[i];
      const double ts = Micros(e.t_ms);
      const int tid = tid_of(e);
      if (e.source == "kafka") {
        const std::string text(e.text);
        if (text.rfind("broker down", 0) == 0) {
          broker_down_at = ts;
        } else if (text.rfind("broker up", 0) == 0 && broker_down_at >= 0) {
          events.push_back({{"ph", "X"},
                            {"name", "broker down"},
                            {"cat", "kafka"},
                            {"ts", broker_down_at},
                            {"dur", ts - broker_down_at},
                            {"pid", pid},
                            {"tid", tid},
                            {"args", {{"from_ms", broker_down_at / 1000}, {"to_ms", e.t_ms}}}});
          broker_down_at = -1;
        }
        events.push_back({{"ph", "i"},
                          {"s", "t"},
                          {"name", e.text},
                          {"cat", "kafka"},
                          {"ts", ts},
                          {"pid", pid},
                          {"tid", tid},
                          {"args", {{"text", e.text}}}});
        continue;
      }
      if (e.source == "server") {
        json args = {{"text", e.text}};
        if (!e.level.empty()) args["level"] = e.level;
        events.push_back({{"ph", "i"},
                          {"s", "t"},
                          {"name", e.text},
                          {"cat", "log"},
                          {"ts", ts},
                          {"pid", pid},
                          {"tid", tid},
                          {"args", args}});
        continue;
      }
      json args = {{"t_ms", e.t_ms}, {"kind", e.kind}, {"text", e.text}};
      if (e.event && IsCounted(*e.event)) args["n"] = e.n;
      if (!e.status.empty()) args["status"] = e.status;
      events.push_back({{"ph", "X"},
                        {"name", EventLabel(e)},
                        {"cat", e.kind},
                        {"ts", ts},
                        {"dur", dur[i]},
                        {"pid", pid},
                        {"tid", tid},
                        {"args", args}});
      const auto kind = kinds.find(e.stream);
      const bool chat = kind != kinds.end() && kind->second == StreamKind::kChat;
      if (!chat) continue;
      if (e.event == EventKind::kSend) {
        const long id = ++flow_id;
        pending[{e.stream, e.n}] = id;
        events.push_back({{"ph", "s"},
                          {"name", "ping→echo"},
                          {"cat", "flow"},
                          {"id", id},
                          {"ts", ts},
                          {"pid", pid},
                          {"tid", tid}});
      } else if (e.event == EventKind::kRecv) {
        const auto it = pending.find({e.stream, e.n});
        if (it == pending.end()) continue;
        events.push_back({{"ph", "f"},
                          {"bp", "e"},
                          {"name", "ping→echo"},
                          {"cat", "flow"},
                          {"id", it->second},
                          {"ts", ts},
                          {"pid", pid},
                          {"tid", tid}});
        pending.erase(it);
      }
    }
    // A ping never echoed: its flow start would dangle, so drop it.
    for (const auto& [key, id] : pending) {
      events.erase(
          std::remove_if(events.begin(), events.end(),
                         [id = id](const json& j) { return j["ph"] == "s" && j["id"] == id; }),
          events.end());
    }
  }
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

}  // namespace brew::lab
