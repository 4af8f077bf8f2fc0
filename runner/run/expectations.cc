#include "runner/run/expectations.h"

#include <algorithm>

#include "core/util/closest_match.h"
#include "runner/result/event_query.h"
#include "runner/run/executor.h"

namespace brew::lab {
namespace {

std::string At(const TimelineEvent& e) { return "at " + FormatMillis(e.t_ms); }

bool Before(const TimelineEvent& a, const TimelineEvent& b) {
  return a.time != b.time ? a.time < b.time : a.seq < b.seq;
}

// The text of `events` nearest to what `text` asks for (by edit distance
// to its literal text, or to a regex's pattern), for a failure to show.
std::string NearestText(const TextMatch& text, const std::vector<TimelineEvent>& events) {
  const std::string want = text.value.regex ? text.value.regex->pattern : text.value.text;
  constexpr int kCap = 1000;
  int best = kCap + 1;
  std::string nearest;
  for (const TimelineEvent& e : events) {
    const int d = EditDistance(e.text, want, kCap);
    if (d < best) {
      best = d;
      nearest = e.text;
    }
  }
  return nearest;
}

// Why a reference resolves to nothing: "chat recv #21 never happened (chat
// had 20 recv event(s))"; with a text, how many of them matched it and the
// nearest miss: "chat recv \"/echo: ping 3$/\" #1 never happened (chat had 3
// recv event(s), 0 matching /echo: ping 3$/; nearest: \"echo: ping 3 \")".
std::string Missing(const EventRef& ref, const std::vector<TimelineEvent>& events,
                    const std::vector<StreamDecl>& streams) {
  const size_t have = Candidates(ref, events, streams).size();
  if (ref.kind == EventRef::Kind::kLog) {
    return ref.ToString() + " never happened (" + std::to_string(have) + " matching " +
           LogSourceName(ref.source) + " log line(s))";
  }
  std::string what = ref.stream_id + " had ";
  if (!ref.text) {
    what += std::to_string(have) + " " + EventKindName(ref.event) + " event(s)";
    return ref.ToString() + " never happened (" + what + ")";
  }
  EventRef any_text = ref;
  any_text.text.reset();
  const std::vector<TimelineEvent> all = Candidates(any_text, events, streams);
  what += std::to_string(all.size()) + " " + EventKindName(ref.event) + " event(s), " +
          std::to_string(have) + " matching " + ref.text->ToString();
  if (have == 0 && !all.empty()) what += "; nearest: \"" + NearestText(*ref.text, all) + "\"";
  return ref.ToString() + " never happened (" + what + ")";
}

class Checker {
 public:
  Checker(const Scenario& scenario, const std::vector<TimelineEvent>& events,
          const std::vector<StreamOutcome>& streams, const CommittedByGroup& committed)
      : scenario_(scenario), events_(events), streams_(streams), committed_(committed) {}

  ExpectationResult Check(const Expectation& expectation) {
    result_ = ExpectationResult{};
    result_.expect = expectation.Describe();
    result_.source = expectation.pos.ToString();
    result_.passed = true;
    std::visit([this](const auto& body) { CheckBody(body); }, expectation.body);
    return result_;
  }

 private:
  void Failed(std::string detail, std::vector<TimelineEvent> context) {
    result_.passed = false;
    result_.detail = std::move(detail);
    result_.context = std::move(context);
  }

  std::optional<TimelineEvent> Find(const EventRef& ref, std::string* missing) {
    auto e = Resolve(ref, events_, scenario_.streams);
    if (!e && missing->empty()) *missing = Missing(ref, events_, scenario_.streams);
    return e;
  }

  std::vector<TimelineEvent> Around(double t_ms) const { return EventsAround(events_, t_ms); }

  void CheckBody(const StreamExpectation& e);
  void CheckBody(const LogExpectation& e);
  void CheckBody(const OrderExpectation& e);
  void CheckBody(const WithinExpectation& e);
  void CheckBody(const NoneExpectation& e);
  void CheckBody(const GapsExpectation& e);
  void CheckBody(const CommittedExpectation& e);

  const Scenario& scenario_;
  const std::vector<TimelineEvent>& events_;
  const std::vector<StreamOutcome>& streams_;
  const CommittedByGroup& committed_;
  ExpectationResult result_;
};

void Checker::CheckBody(const StreamExpectation& e) {
  const StreamOutcome* s = nullptr;
  for (const StreamOutcome& o : streams_) {
    if (o.id == e.stream_id) s = &o;
  }
  // The stream's last event anchors the context shown on failure.
  double end_ms = events_.empty() ? 0 : events_.back().t_ms;
  for (const TimelineEvent& ev : events_) {
    if (ev.source == "client" && ev.stream == e.stream_id) end_ms = ev.t_ms;
  }
  if (s == nullptr || !s->done) {
    Failed("stream " + e.stream_id + (s == nullptr ? " never started" : " never ended"),
           Around(end_ms));
    return;
  }

  std::vector<std::string> wrong, right;
  auto check = [&](const std::string& what, const CountMatch& want, int64_t got) {
    const std::string line = what + " " + std::to_string(got);
    if (want.Matches(got)) {
      right.push_back(line);
    } else {
      wrong.push_back(what + ": expected " + want.ToString() + ", got " + std::to_string(got));
    }
  };
  if (!e.status.empty()) {
    const bool match =
        std::any_of(e.status.begin(), e.status.end(), [&](StatusCode c) { return s->status == c; });
    if (match) {
      right.push_back(std::string("status ") + StatusCodeName(s->status));
    } else {
      std::string want;
      for (StatusCode c : e.status)
        want += (want.empty() ? "" : " or ") + std::string(StatusCodeName(c));
      wrong.push_back("status: expected " + want + ", got " + StatusCodeName(s->status) +
                      (s->message.empty() ? "" : " (\"" + s->message + "\")"));
    }
  }
  if (e.sent) check("sent", *e.sent, s->sent);
  if (e.received) check("received", *e.received, s->received);
  if (e.summary) {
    if (!s->summary) {
      wrong.push_back("summary: expected one, but the upload ended " +
                      std::string(StatusCodeName(s->status)) + " and got no summary");
    } else {
      const auto& want = *e.summary;
      if (want.received) check("summary.received", *want.received, s->summary->received);
      if (want.accepted) check("summary.accepted", *want.accepted, s->summary->accepted);
      if (want.rejected) check("summary.rejected", *want.rejected, s->summary->rejected);
      if (want.total_cents)
        check("summary.total_cents", *want.total_cents, s->summary->total_cents);
    }
  }
  if (e.error_contains) {
    if (s->message.find(*e.error_contains) != std::string::npos) {
      right.push_back("error \"" + s->message + "\"");
    } else {
      wrong.push_back("error: expected it to contain \"" + *e.error_contains + "\", got \"" +
                      s->message + "\"");
    }
  }
  auto join = [](const std::vector<std::string>& parts) {
    std::string out;
    for (const std::string& p : parts) out += (out.empty() ? "" : "; ") + p;
    return out;
  };
  if (wrong.empty()) {
    result_.detail = join(right);
  } else {
    Failed("stream " + e.stream_id + ": " + join(wrong), Around(end_ms));
  }
}

// The line of `lines` that shares the longest start with the pattern's
// literal text (at least its first word), or nullptr.
const TimelineEvent* NearestMiss(const LogPattern& pattern,
                                 const std::vector<TimelineEvent>& lines) {
  const std::string literal = pattern.LiteralStart();
  const size_t first_word = std::min(literal.find(' '), literal.size());
  const TimelineEvent* best = nullptr;
  size_t best_len = 0;
  for (const TimelineEvent& line : lines) {
    const std::string_view text = line.text;
    size_t n = 0;
    while (n < literal.size() && n < text.size() && literal[n] == text[n]) ++n;
    if (n >= first_word && n > 0 && n >= best_len) {  // the latest of the best
      best = &line;
      best_len = n;
    }
  }
  return best;
}

void Checker::CheckBody(const LogExpectation& e) {
  const auto lines = MatchingLines(e.pattern, e.source, events_, scenario_.streams, e.stream_id);
  const int64_t n = static_cast<int64_t>(lines.size());
  const std::string whose =
      e.stream_id.empty() ? LogSourceName(e.source) : "stream " + e.stream_id + "'s client";
  const std::string what = whose + " log line(s) matching " + Pattern(e.pattern);
  if (e.count.Matches(n)) {
    result_.detail =
        std::to_string(n) + " " + what + (lines.empty() ? "" : ", first " + At(lines.front()));
    return;
  }
  std::string detail = "expected " + (e.absent ? std::string("no") : e.count.ToString()) + " " +
                       what + ", saw " + std::to_string(n);
  if (!lines.empty()) {
    detail += "; first: \"";
    detail += lines.front().text;
    detail += "\" " + At(lines.front());
  }
  // Context: the lines that did match; or else the near miss (the line that
  // shares the longest start with the pattern's literal text, e.g. "upload
  // ended received=20 accepted=15" when 17 was expected) with the lines
  // before it; or else the last lines of that source.
  std::vector<TimelineEvent> context = lines;
  if (context.empty()) {
    std::vector<TimelineEvent> source_lines;
    for (const TimelineEvent& ev : events_) {
      if (ev.source == LogSourceName(e.source)) {
        source_lines.push_back(ev);
      }
    }
    if (const TimelineEvent* near = NearestMiss(e.pattern, source_lines)) {
      detail += "; nearest: \"";
      detail += near->text;
      detail += "\" " + At(*near);
      context = {*near};
    } else {
      context = std::move(source_lines);
    }
  }
  Failed(detail, LastEvents(context));
}

void Checker::CheckBody(const OrderExpectation& e) {
  std::string missing;
  std::vector<TimelineEvent> found;
  for (const EventRef& ref : e.events) {
    if (auto ev = Find(ref, &missing)) found.push_back(*ev);
  }
  if (!missing.empty()) {
    Failed(missing, found.empty() ? LastEvents(events_) : Around(found.back().t_ms));
    return;
  }
  std::string detail;
  for (size_t i = 0; i < found.size(); ++i) {
    detail += (i ? ", " : "") + e.events[i].ToString() + " " + At(found[i]);
  }
  for (size_t i = 0; i + 1 < found.size(); ++i) {
    if (!Before(found[i], found[i + 1])) {
      Failed("expected " + e.events[i].ToString() + " before " + e.events[i + 1].ToString() +
                 ", but " + e.events[i + 1].ToString() + " came " + At(found[i + 1]) + " and " +
                 e.events[i].ToString() + " " + At(found[i]),
             Around(found[i + 1].t_ms));
      return;
    }
  }
  result_.detail = detail;
}

void Checker::CheckBody(const WithinExpectation& e) {
  std::string missing;
  auto from = Find(e.from, &missing);
  auto to = Find(e.to, &missing);
  if (!from || !to) {
    Failed(missing, from ? Around(from->t_ms) : LastEvents(events_));
    return;
  }
  const Duration gap = to->time - from->time;
  const std::string gap_text = FormatMillis(ToMillis(gap));
  const std::string span = e.from.ToString() + " " + At(*from) + " to " + e.to.ToString() + " " +
                           At(*to) + ": " + gap_text;
  std::string bounds = "max " + FormatDuration(e.max);
  if (e.min) bounds = "min " + FormatDuration(*e.min) + ", " + bounds;
  if (gap < Duration::zero()) {
    Failed(e.to.ToString() + " came before " + e.from.ToString() + " (" + span + ")",
           Around(from->t_ms));
  } else if (gap > e.max || (e.min && gap < *e.min)) {
    Failed("took " + gap_text + ", outside " + bounds + " (" + span + ")", Around(to->t_ms));
  } else {
    result_.detail = span + " (" + bounds + ")";
  }
}

void Checker::CheckBody(const NoneExpectation& e) {
  std::string missing;
  auto after = Find(e.after, &missing);
  if (!after) {
    Failed(missing, LastEvents(events_));
    return;
  }
  const auto until =
      e.for_duration ? after->time + *e.for_duration : std::chrono::steady_clock::time_point::max();
  for (const TimelineEvent& ev : Candidates(e.what, events_, scenario_.streams)) {
    if (Before(*after, ev) && ev.time <= until) {
      Failed("expected no " + e.what.ToString(false) + " after " + e.after.ToString() + " " +
                 At(*after) + ", but one came " + At(ev) + ": " + DescribeEvent(ev),
             Around(ev.t_ms));
      return;
    }
  }
  result_.detail = "no " + e.what.ToString(false) + " after " + e.after.ToString() + " " +
                   At(*after) +
                   (e.for_duration ? " within " + FormatDuration(*e.for_duration) : "");
}

void Checker::CheckBody(const GapsExpectation& e) {
  const std::vector<TimelineEvent> all = Candidates(e.events, events_, scenario_.streams);
  const std::string what = e.events.ToString(false);
  if (all.size() < 2) {
    Failed("expected at least 2 " + what + " events to measure a gap, saw " +
               std::to_string(all.size()),
           all.empty() ? LastEvents(events_) : Around(all.front().t_ms));
    return;
  }
  std::string bounds;
  if (e.min) bounds = "min " + FormatDuration(*e.min);
  if (e.max) bounds += std::string(bounds.empty() ? "" : ", ") + "max " + FormatDuration(*e.max);
  Duration shortest = Duration::max(), longest = Duration::min();
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    const Duration gap = all[i + 1].time - all[i].time;
    shortest = std::min(shortest, gap);
    longest = std::max(longest, gap);
    if ((e.min && gap < *e.min) || (e.max && gap > *e.max)) {
      Failed("the gap from " + what + " #" + std::to_string(i + 1) + " " + At(all[i]) + " to #" +
                 std::to_string(i + 2) + " " + At(all[i + 1]) + " was " +
                 FormatMillis(ToMillis(gap)) + ", outside " + bounds,
             Around(all[i + 1].t_ms));
      return;
    }
  }
  result_.detail = std::to_string(all.size() - 1) + " gaps between " + what + " events, " +
                   FormatMillis(ToMillis(shortest)) + " to " + FormatMillis(ToMillis(longest)) +
                   " (" + bounds + ")";
}

void Checker::CheckBody(const CommittedExpectation& e) {
  const auto found = committed_.find(e.group);
  if (found == committed_.end() || !found->second.total) {
    Failed("the offsets of group " + e.group + " could not be read" +
               (found == committed_.end() ? std::string() : ": " + found->second.error),
           {});
    return;
  }
  const int64_t total = *found->second.total;
  const std::string what =
      "group " + e.group + "'s committed offsets total " + std::to_string(total);
  if (!e.total.Matches(total)) {
    Failed(what + ", expected " + e.total.ToString(), {});
    return;
  }
  result_.detail = what;
}

bool IsServerLog(const EventRef& ref) {
  return ref.kind == EventRef::Kind::kLog && ref.source == LogSource::kServer;
}

// Whether checking `e` needs the server's log lines.
bool NeedsServerLog(const Expectation& e) {
  if (const auto* log = std::get_if<LogExpectation>(&e.body))
    return log->source == LogSource::kServer;
  if (const auto* order = std::get_if<OrderExpectation>(&e.body)) {
    return std::any_of(order->events.begin(), order->events.end(), IsServerLog);
  }
  if (const auto* within = std::get_if<WithinExpectation>(&e.body)) {
    return IsServerLog(within->from) || IsServerLog(within->to);
  }
  if (const auto* none = std::get_if<NoneExpectation>(&e.body)) {
    return IsServerLog(none->what) || IsServerLog(none->after);
  }
  if (const auto* gaps = std::get_if<GapsExpectation>(&e.body)) return IsServerLog(gaps->events);
  return false;
}

}  // namespace

std::vector<ExpectationResult> CheckExpectations(const Scenario& scenario,
                                                 const std::vector<TimelineEvent>& events,
                                                 const std::vector<StreamOutcome>& streams,
                                                 bool server_log,
                                                 const CommittedByGroup& committed) {
  Checker checker(scenario, events, streams, committed);
  std::vector<ExpectationResult> results;
  for (const Expectation& expectation : scenario.expectations) {
    if (!server_log && NeedsServerLog(expectation)) {
      ExpectationResult skipped;
      skipped.expect = expectation.Describe();
      skipped.source = expectation.pos.ToString();
      skipped.skipped = true;
      skipped.detail = "needs the server's log lines; run labrun with --server-log FILE";
      results.push_back(skipped);
      continue;
    }
    results.push_back(checker.Check(expectation));
  }
  return results;
}

}  // namespace brew::lab
