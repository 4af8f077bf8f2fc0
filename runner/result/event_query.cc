#include "runner/result/event_query.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "core/event/client_printer.h"
#include "runner/result/log_record.h"

namespace brew::lab {
namespace {

// A line of `source`'s own (the server's or the broker's), not a client event.
bool IsLogOf(const TimelineEvent& e, LogSource source) {
  return !e.event && e.source == LogSourceName(source);
}

}  // namespace

std::vector<TimelineEvent> ClientLines(const std::vector<TimelineEvent>& events,
                                       const std::vector<StreamDecl>& streams) {
  std::map<std::string, ClientPrinter> printers;
  for (const StreamDecl& s : streams) printers.emplace(s.id, ClientPrinter(s.kind));
  std::vector<TimelineEvent> lines;
  for (const TimelineEvent& e : events) {
    if (e.source != "client") continue;
    auto printer = printers.find(e.stream);
    if (printer == printers.end()) continue;
    if (auto line = printer->second.Line(e.AsClientEvent())) {
      TimelineEvent out = e;
      out.kind = "log";
      out.text = *line;
      lines.push_back(std::move(out));
    }
  }
  return lines;
}

std::vector<TimelineEvent> MatchingLines(const LogPattern& pattern, LogSource source,
                                         const std::vector<TimelineEvent>& events,
                                         const std::vector<StreamDecl>& streams,
                                         const std::string& stream) {
  std::vector<TimelineEvent> out;
  if (source == LogSource::kClient) {
    for (TimelineEvent& line : ClientLines(events, streams)) {
      if (!stream.empty() && line.stream != stream) continue;
      if (MatchesLogPattern(pattern, line.text)) out.push_back(std::move(line));
    }
    return out;
  }
  for (const TimelineEvent& e : events) {
    if (IsLogOf(e, source) && MatchesLogPattern(pattern, e.text)) out.push_back(e);
  }
  return out;
}

std::vector<TimelineEvent> Candidates(const EventRef& ref, const std::vector<TimelineEvent>& events,
                                      const std::vector<StreamDecl>& streams) {
  if (ref.kind == EventRef::Kind::kLog) return MatchingLines(*ref.log, ref.source, events, streams);
  std::vector<TimelineEvent> out;
  for (const TimelineEvent& e : events) {
    if (e.event != ref.event || e.stream != ref.stream_id) continue;
    if (ref.text && !ref.text->Matches(e.text)) continue;
    out.push_back(e);
  }
  return out;
}

std::optional<TimelineEvent> Resolve(const EventRef& ref, const std::vector<TimelineEvent>& events,
                                     const std::vector<StreamDecl>& streams) {
  std::vector<TimelineEvent> all = Candidates(ref, events, streams);
  const int64_t size = static_cast<int64_t>(all.size());
  const int64_t index = ref.nth > 0 ? ref.nth - 1 : size + ref.nth;
  if (index < 0 || index >= size) return std::nullopt;
  return all[static_cast<size_t>(index)];
}

int CountStreamEvents(const std::vector<TimelineEvent>& events, const std::string& stream,
                      EventKind kind) {
  // The stream as a Name, compared by identity: this runs over every event
  // each time a wait step checks its condition.
  const Name stream_name(stream);
  return static_cast<int>(std::count_if(events.begin(), events.end(), [&](const TimelineEvent& e) {
    return e.event == kind && e.stream == stream_name;
  }));
}

std::string EventLabel(const TimelineEvent& e) {
  if (e.event && IsCounted(*e.event)) return e.kind.str() + " #" + std::to_string(e.n);
  if (e.event == EventKind::kDone) return "done " + e.status.str();
  return e.kind;
}

std::vector<TimelineEvent> EventsAround(const std::vector<TimelineEvent>& events, double t_ms,
                                        size_t max) {
  std::vector<const TimelineEvent*> nearest;
  for (const TimelineEvent& e : events) nearest.push_back(&e);
  std::stable_sort(nearest.begin(), nearest.end(),
                   [&](const TimelineEvent* a, const TimelineEvent* b) {
                     return std::fabs(a->t_ms - t_ms) < std::fabs(b->t_ms - t_ms);
                   });
  if (nearest.size() > max) nearest.resize(max);
  std::stable_sort(nearest.begin(), nearest.end(),
                   [](const TimelineEvent* a, const TimelineEvent* b) {
                     return a->t_ms != b->t_ms ? a->t_ms < b->t_ms : a->seq < b->seq;
                   });
  std::vector<TimelineEvent> out;
  for (const TimelineEvent* e : nearest) out.push_back(*e);
  return out;
}

std::vector<TimelineEvent> LastEvents(const std::vector<TimelineEvent>& events, size_t max) {
  const size_t from = events.size() > max ? events.size() - max : 0;
  return std::vector<TimelineEvent>(events.begin() + static_cast<long>(from), events.end());
}

std::string Pattern(const LogPattern& pattern) { return pattern.ToString(); }

std::string FormatMillis(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1fms", ms);
  return buf;
}

std::string DescribeEvent(const TimelineEvent& e) {
  std::string out = FormatMillis(e.t_ms) + " ";
  if (e.source == "server") return out.append("server log ").append(e.text);
  out += e.stream.str() + " " + EventLabel(e);
  if (!e.text.empty()) out.append(" ").append(e.text);
  return out;
}

}  // namespace brew::lab
