// Questions about a timeline that waits and expectations both ask: which
// events an event reference means, how many lines match a pattern, what the
// client would have printed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/timeline/timeline.h"
#include "runner/scenario/scenario.h"

namespace brew::lab {

// The lines a lesson client prints for its events, as log lines of source
// "client": "[1] order_id=...", "> sent: ping 1", "< echo from server: ...",
// "stream closed by server, got 5 events", ... Each keeps its event's time.
// `kinds` maps stream id -> kind.
std::vector<TimelineEvent> ClientLines(const std::vector<TimelineEvent>& events,
                                       const std::vector<StreamDecl>& streams);

// All events the reference could mean, ignoring nth, in time order.
std::vector<TimelineEvent> Candidates(const EventRef& ref, const std::vector<TimelineEvent>& events,
                                      const std::vector<StreamDecl>& streams);

// The event the reference means (nth from the start, or from the end when
// negative), or nullopt if there are not that many.
std::optional<TimelineEvent> Resolve(const EventRef& ref, const std::vector<TimelineEvent>& events,
                                     const std::vector<StreamDecl>& streams);

// Lines of `source` matching `pattern`; with `stream` (client lines only),
// that stream's lines alone.
std::vector<TimelineEvent> MatchingLines(const LogPattern& pattern, LogSource source,
                                         const std::vector<TimelineEvent>& events,
                                         const std::vector<StreamDecl>& streams,
                                         const std::string& stream = "");

// Events of one stream and kind.
int CountStreamEvents(const std::vector<TimelineEvent>& events, const std::string& stream,
                      EventKind kind);

// An event as the reports name it: "send #3", "recv #1", "done OK", or its
// kind ("start", "cancel", "log").
std::string EventLabel(const TimelineEvent& e);

// The events within `radius` of `t_ms` (at most `max` of them, nearest
// first, returned in time order): what the console shows around a failure.
std::vector<TimelineEvent> EventsAround(const std::vector<TimelineEvent>& events, double t_ms,
                                        size_t max = 6);

// The last `max` events.
std::vector<TimelineEvent> LastEvents(const std::vector<TimelineEvent>& events, size_t max = 6);

// "/chat ended/" -- a log pattern as messages quote it.
std::string Pattern(const LogPattern& pattern);

// "12.3ms" -- a t_ms for messages.
std::string FormatMillis(double ms);

// One line for an event: "212.4ms chat recv #1 echo: ping 1",
// "4001.2ms server log chat ended: client closed send".
std::string DescribeEvent(const TimelineEvent& event);

}  // namespace brew::lab
