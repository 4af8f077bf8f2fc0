#include "runner/scenario/expectation_reader.h"

#include <algorithm>
#include <cctype>

#include "core/util/closest_match.h"
#include "runner/scenario/event_ref_reader.h"
#include "runner/scenario/log_pattern_reader.h"

namespace brew::lab::loader {

namespace {

// The expectation kinds, and the keys each kind's map takes.
const std::vector<std::string> kExpectKinds = {"stream", "log",  "order",    "within",
                                               "none",   "gaps", "committed"};
const std::vector<std::string> kStreamExpectKeys = {"stream",   "name",    "status",        "sent",
                                                    "received", "summary", "error_contains"};
const std::vector<std::string> kLogExpectKeys = {"log",    "name",   "count",
                                                 "absent", "source", "stream"};
const std::vector<std::string> kOrderKeys = {"order", "name"};
const std::vector<std::string> kWithinKeys = {"within", "name"};
const std::vector<std::string> kWithinBodyKeys = {"from", "to", "max", "min"};
const std::vector<std::string> kNoneKeys = {"none", "after", "for", "name"};
const std::vector<std::string> kGapsKeys = {"gaps", "name"};
const std::vector<std::string> kCommittedKeys = {"committed", "name"};
const std::vector<std::string> kCommittedBodyKeys = {"group", "total"};
const std::vector<std::string> kSummaryKeys = {"received", "accepted", "rejected", "total_cents"};

// Reads the expectations of one file; one per LoadContext.
class ExpectationReader {
 public:
  explicit ExpectationReader(LoadContext& cx) : cx_(cx), r_(cx.reporter()) {}

  void ReadExpectations(const Entry& e, std::vector<Expectation>* out);

 private:
  std::optional<Expectation> ReadExpectation(const YAML::Node& item);
  std::optional<ExpectationBody> ReadStreamExpectation(const MapReader& m, const Entry& kind);
  std::optional<ExpectationBody> ReadLogExpectation(const MapReader& m, const Entry& kind);
  std::optional<ExpectationBody> ReadOrder(const Entry& kind);
  std::optional<ExpectationBody> ReadWithin(const Entry& kind);
  std::optional<ExpectationBody> ReadNone(const MapReader& m, const Entry& kind);
  std::optional<ExpectationBody> ReadGaps(const Entry& kind);
  std::optional<ExpectationBody> ReadCommitted(const Entry& kind);
  std::optional<StatusCode> ReadStatusName(const YAML::Node& node, const YAML::Mark& mark);

  LoadContext& cx_;
  Reporter& r_;
};

void ExpectationReader::ReadExpectations(const Entry& e, std::vector<Expectation>* out) {
  if (e.null()) return;  // "expect:" with nothing: no expectations
  if (!e.value.IsSequence()) {
    r_.Error(e.value_mark(),
             "\"expect\" must be a list (each item \"- stream: ...\", "
             "\"- log: ...\", ...), got " +
                 yaml::DescribeNode(e.value));
    return;
  }
  if (e.value.size() > limits::kMaxExpectations) {
    r_.Error(e.key_mark(), "too many expectations (" + std::to_string(e.value.size()) + "; limit " +
                               std::to_string(limits::kMaxExpectations) + ")");
    return;
  }
  for (const YAML::Node& item : e.value) {
    if (r_.full()) return;
    if (auto x = ReadExpectation(item)) out->push_back(std::move(*x));
  }
}

std::optional<Expectation> ExpectationReader::ReadExpectation(const YAML::Node& item) {
  if (!item.IsMap() || item.size() == 0) {
    r_.Error(item.Mark(),
             "an expectation must be a map with one of stream, log, order, within, "
             "none, gaps or committed, got " +
                 (item.IsMap() ? std::string("an empty map") : yaml::DescribeNode(item)));
    return std::nullopt;
  }
  // Find the kind key first, to know which keys the rest may use. Beside
  // "log", "stream" is not a kind but picks that stream's client lines.
  std::optional<YAML::Node> kind_key;
  std::string kind;
  const bool has_log = item["log"].IsDefined();
  for (auto it = item.begin(); it != item.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string name = it->first.Scalar();
    if (std::find(kExpectKinds.begin(), kExpectKinds.end(), name) == kExpectKinds.end()) continue;
    if (has_log && name == "stream") continue;
    if (kind_key) {
      if (name == kind) continue;  // a duplicate key: MapReader reports it
      r_.Error(it->first.Mark(), "an expectation checks one thing, but this one has both " +
                                     Quote(kind) + " and " + Quote(name) +
                                     ": make them two list items");
      return std::nullopt;
    }
    kind_key = it->first;
    kind = name;
  }
  if (!kind_key) {
    // Maybe the kind key is misspelt.
    for (auto it = item.begin(); it != item.end(); ++it) {
      if (!it->first.IsScalar()) continue;
      const std::string guess = ClosestMatch(it->first.Scalar(), kExpectKinds);
      if (!guess.empty()) {
        r_.Error(it->first.Mark(), "unknown key " + Quote(it->first.Scalar()) +
                                       " in expectation (did you mean " + Quote(guess) + "?)");
        return std::nullopt;
      }
    }
    r_.Error(item.Mark(),
             "an expectation needs one of the keys stream, log, order, within, none, "
             "gaps or committed");
    return std::nullopt;
  }
  const std::vector<std::string>* keys = &kStreamExpectKeys;
  if (kind == "log") keys = &kLogExpectKeys;
  if (kind == "order") keys = &kOrderKeys;
  if (kind == "within") keys = &kWithinKeys;
  if (kind == "none") keys = &kNoneKeys;
  if (kind == "gaps") keys = &kGapsKeys;
  if (kind == "committed") keys = &kCommittedKeys;
  const MapReader m(r_, item, "in " + kind + " expectation", *keys);
  const Entry* kind_entry = m.Find(kind);
  if (kind_entry == nullptr) return std::nullopt;

  Expectation x;
  x.pos = r_.Pos(item.begin()->first.Mark());
  bool ok = m.entries().size() == item.size();
  ok &= cx_.ReadKey(m, "name", &x.name, StringValue(/*allow_empty=*/false));
  std::optional<ExpectationBody> body;
  if (kind == "stream") body = ReadStreamExpectation(m, *kind_entry);
  if (kind == "log") body = ReadLogExpectation(m, *kind_entry);
  if (kind == "order") body = ReadOrder(*kind_entry);
  if (kind == "within") body = ReadWithin(*kind_entry);
  if (kind == "none") body = ReadNone(m, *kind_entry);
  if (kind == "gaps") body = ReadGaps(*kind_entry);
  if (kind == "committed") body = ReadCommitted(*kind_entry);
  if (!body || !ok) return std::nullopt;
  x.body = std::move(*body);
  return x;
}

std::optional<StatusCode> ExpectationReader::ReadStatusName(const YAML::Node& node,
                                                            const YAML::Mark& mark) {
  if (!node.IsScalar() || node.Scalar().empty()) {
    r_.Error(mark, "a status must be a gRPC status name such as OK or CANCELLED, got " +
                       yaml::DescribeNode(node));
    return std::nullopt;
  }
  const std::string name = node.Scalar();
  if (auto code = StatusCodeFromName(name)) return code;
  std::string guess = ClosestMatch(name, StatusCodeNames());
  if (guess.empty()) {
    // Spellings of other languages and libraries.
    std::string upper;
    for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    if (upper.rfind("CANCEL", 0) == 0) guess = "CANCELLED";
    if (upper == "DEADLINE" || upper == "TIMEOUT") guess = "DEADLINE_EXCEEDED";
    if (upper == "SUCCESS" || upper == "OKAY") guess = "OK";
  }
  r_.Error(mark, "unknown status " + Quote(name) +
                     (guess.empty() ? " (expected a gRPC status name: OK, CANCELLED, UNKNOWN, "
                                      "INVALID_ARGUMENT, DEADLINE_EXCEEDED, ..., UNAVAILABLE, "
                                      "DATA_LOSS, UNAUTHENTICATED)"
                                    : " (did you mean " + Quote(guess) + "?)"));
  return std::nullopt;
}

std::optional<ExpectationBody> ExpectationReader::ReadStreamExpectation(const MapReader& m,
                                                                        const Entry& kind) {
  StreamExpectation x;
  bool ok = true;
  const auto id = yaml::ReadString(r_, kind, false);
  if (!id) return std::nullopt;
  x.stream_id = *id;

  if (const Entry* e = m.Find("status")) {
    if (e->value.IsSequence() && e->value.size() > limits::kMaxStatusNames) {
      r_.Error(e->value_mark(), "\"status\" lists " + std::to_string(e->value.size()) +
                                    " names; there are only 17 status codes");
      ok = false;
    } else if (e->value.IsSequence()) {
      if (e->value.size() == 0) {
        r_.Error(e->value_mark(), "\"status\" list is empty: give at least one status name");
        ok = false;
      }
      for (const YAML::Node& n : e->value) {
        if (auto code = ReadStatusName(n, n.Mark())) x.status.push_back(*code);
        else ok = false;
      }
    } else if (auto code = ReadStatusName(e->value, e->value_mark())) {
      x.status.push_back(*code);
    } else {
      ok = false;
    }
  }
  ok &= cx_.ReadKey(m, "sent", &x.sent, CountValue(limits::kMaxCount));
  ok &= cx_.ReadKey(m, "received", &x.received, CountValue(limits::kMaxCount));
  if (const Entry* e = m.Find("summary")) {
    if (cx_.ExpectMap(*e, "\"summary\"", "{received: 20, accepted: 15, rejected: 5}")) {
      MapReader sm(r_, e->value, "in summary", kSummaryKeys);
      StreamExpectation::Summary summary;
      for (const Entry& f : sm.entries()) {
        const int64_t max =
            f.key == "total_cents" ? std::numeric_limits<int64_t>::max() : limits::kMaxCount;
        auto v = yaml::ReadCount(r_, f, max);
        if (!v) {
          ok = false;
          continue;
        }
        if (f.key == "received") summary.received = v;
        if (f.key == "accepted") summary.accepted = v;
        if (f.key == "rejected") summary.rejected = v;
        if (f.key == "total_cents") summary.total_cents = v;
      }
      if (e->value.size() == 0) {
        r_.Error(e->value_mark(),
                 "\"summary\" is empty: give received, accepted, rejected or "
                 "total_cents");
        ok = false;
      }
      if (sm.entries().size() != e->value.size()) ok = false;
      x.summary = summary;
    } else {
      ok = false;
    }
  }
  ok &= cx_.ReadKey(m, "error_contains", &x.error_contains, StringValue(/*allow_empty=*/false));
  const bool checks_something = m.Has("status") || m.Has("sent") || m.Has("received") ||
                                m.Has("summary") || m.Has("error_contains");
  if (!checks_something) {
    r_.Error(kind.key_mark(), "stream expectation for " + Quote(*id) +
                                  " checks nothing: add status, sent, received, summary or "
                                  "error_contains");
    ok = false;
  }

  const std::optional<YAML::Mark> sent_mark = KeyMark(m, "sent");
  const std::optional<YAML::Mark> received_mark = KeyMark(m, "received");
  const std::optional<YAML::Mark> summary_mark = KeyMark(m, "summary");
  const std::string stream = *id;
  cx_.UseStream(
      kind, *id, kNoStep,
      [stream, sent_mark, received_mark, summary_mark](const StreamInfo& info, Reporter& r) {
        const std::string kind_name = StreamKindName(info.decl.kind);
        if (summary_mark && info.decl.kind != StreamKind::kUpload) {
          r.Error(*summary_mark, "\"summary\" applies only to upload streams; " + Quote(stream) +
                                     " is a " + kind_name + " stream");
        }
        if (sent_mark && !StreamHasEvent(info.decl.kind, EventKind::kSend)) {
          const char* who =
              info.decl.kind == StreamKind::kConsume ? "a consumer" : "a subscribe stream";
          r.Error(*sent_mark, std::string(who) + " sends nothing (" + Quote(stream) + " is a " +
                                  kind_name + " stream); check \"received\"");
        }
        if (received_mark && !StreamHasEvent(info.decl.kind, EventKind::kRecv)) {
          r.Error(*received_mark, "an upload stream receives only its summary (" + Quote(stream) +
                                      " is an upload stream); check \"summary\" or \"sent\"");
        }
      });
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> ExpectationReader::ReadLogExpectation(const MapReader& m,
                                                                     const Entry& kind) {
  LogExpectation x{LogPattern{}, CountMatch::AtLeast(1), false, LogSource::kServer, ""};
  bool ok = true;
  ok &= cx_.ReadValue(kind, &x.pattern, ReadLogPattern);
  ok &= cx_.ReadKey(m, "count", &x.count, CountValue(limits::kMaxCount));
  if (const Entry* e = m.Find("absent")) {
    if (auto v = yaml::ReadBool(r_, *e)) {
      if (*v && m.Has("count")) {
        r_.Error(e->key_mark(),
                 "\"absent: true\" and \"count\" exclude each other (absent "
                 "means count 0)");
        ok = false;
      } else if (*v) {
        x.absent = true;
        x.count = CountMatch::AtMost(0);
      }
    } else {
      ok = false;
    }
  }
  ok &= cx_.ReadSourceKey(m, &x.source);
  if (const Entry* e = m.Find("stream")) {
    // One stream's client lines: "got 2 events" of the screen, not of any.
    if (auto id = yaml::ReadString(r_, *e, false)) {
      x.stream_id = *id;
      cx_.UseStream(*e, *id, kNoStep);
      if (!m.Has("source")) {
        x.source = LogSource::kClient;  // a stream's lines are its client's
      } else if (ok && x.source != LogSource::kClient) {
        r_.Error(e->key_mark(),
                 "\"stream\" picks one stream's client lines, but \"source\" is server (the "
                 "server's lines belong to no stream)");
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> ExpectationReader::ReadOrder(const Entry& kind) {
  if (!kind.value.IsSequence()) {
    r_.Error(kind.value_mark(),
             "\"order\" must be a list of event references, got " + yaml::DescribeNode(kind.value));
    return std::nullopt;
  }
  const std::size_t n = kind.value.size();
  if (n < 2) {
    r_.Error(kind.value_mark(), "\"order\" needs at least 2 event references, got " +
                                    Plural(n, "reference", "references"));
    return std::nullopt;
  }
  if (n > limits::kMaxOrderEvents) {
    r_.Error(kind.key_mark(), "\"order\" has too many events (" + std::to_string(n) + "; limit " +
                                  std::to_string(limits::kMaxOrderEvents) + ")");
    return std::nullopt;
  }
  OrderExpectation x;
  bool ok = true;
  for (const YAML::Node& item : kind.value) {
    if (r_.full()) return std::nullopt;
    const Entry e{"order", kind.key_node, item};
    if (auto ref = ReadEventRef(cx_, e, true)) x.events.push_back(std::move(*ref));
    else ok = false;
  }
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> ExpectationReader::ReadWithin(const Entry& kind) {
  if (!cx_.ExpectMap(kind, "\"within\"", "{from: REF, to: REF, max: 200ms}")) return std::nullopt;
  MapReader m(r_, kind.value, "in within", kWithinBodyKeys);
  bool ok = m.entries().size() == kind.value.size();
  for (const char* key : {"from", "to", "max"}) {
    if (!m.Has(key)) {
      r_.Error(kind.key_mark(), std::string("\"within\" is missing required key \"") + key + "\"");
      ok = false;
    }
  }
  WithinExpectation x;
  ok &= cx_.ReadKey(m, "from", &x.from, EventRefValue(cx_));
  ok &= cx_.ReadKey(m, "to", &x.to, EventRefValue(cx_));
  ok &= cx_.ReadKey(m, "max", &x.max, DurationValue(/*allow_zero=*/true));
  if (const Entry* e = m.Find("min")) {
    if (auto d = yaml::ReadDuration(r_, *e, true)) {
      x.min = *d;
      if (ok && m.Has("max") && *d > x.max) {
        r_.Error(e->value_mark(), "\"min\" (" + FormatDuration(*d) + ") is greater than \"max\" (" +
                                      FormatDuration(x.max) + ")");
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> ExpectationReader::ReadNone(const MapReader& m, const Entry& kind) {
  NoneExpectation x;
  bool ok = true;
  if (auto ref = ReadEventRef(cx_, kind, /*allow_nth=*/false)) x.what = std::move(*ref);
  else ok = false;
  if (!m.Has("after")) {
    r_.Error(kind.key_mark(),
             "a \"none\" expectation is missing required key \"after\" (the "
             "event after which it must not happen)");
    ok = false;
  }
  ok &= cx_.ReadKey(m, "after", &x.after, EventRefValue(cx_));
  ok &= cx_.ReadKey(m, "for", &x.for_duration, DurationValue(/*allow_zero=*/false));
  if (!ok) return std::nullopt;
  return x;
}

// gaps: {stream: chat, event: recv, min: 150ms, max: 400ms}: an event
// reference without nth, with the bounds beside it.
std::optional<ExpectationBody> ExpectationReader::ReadGaps(const Entry& kind) {
  const std::string example = "{stream: chat, event: recv, min: 150ms, max: 400ms}";
  if (!cx_.ExpectMap(kind, "\"gaps\"", example)) return std::nullopt;
  GapsExpectation x;
  bool ok = true;
  if (auto ref = ReadEventRef(cx_, kind, /*allow_nth=*/false, {"min", "max"})) {
    x.events = std::move(*ref);
  } else {
    ok = false;
  }
  for (auto it = kind.value.begin(); it != kind.value.end(); ++it) {
    const std::string key = it->first.IsScalar() ? it->first.Scalar() : "";
    if (key != "min" && key != "max") continue;
    auto d = yaml::ReadDuration(r_, Entry{key, it->first, it->second}, /*allow_zero=*/true);
    if (!d) {
      ok = false;
      continue;
    }
    (key == "min" ? x.min : x.max) = *d;
  }
  if (!x.min && !x.max) {
    r_.Error(kind.key_mark(), "\"gaps\" needs \"min\", \"max\" or both, e.g. " + example);
    ok = false;
  } else if (x.min && x.max && *x.min > *x.max) {
    r_.Error(kind.value_mark(), "\"min\" (" + FormatDuration(*x.min) +
                                    ") is greater than \"max\" (" + FormatDuration(*x.max) + ")");
    ok = false;
  }
  if (!ok) return std::nullopt;
  return x;
}

// committed: {group: kitchen-service, total: 17}
std::optional<ExpectationBody> ExpectationReader::ReadCommitted(const Entry& kind) {
  const std::string example = "{group: kitchen-service, total: 17}";
  if (!cx_.ExpectMap(kind, "\"committed\"", example)) return std::nullopt;
  MapReader m(r_, kind.value, "in committed", kCommittedBodyKeys);
  CommittedExpectation x;
  bool ok = m.entries().size() == kind.value.size();
  const Entry* group = m.Find("group");
  if (group == nullptr) {
    r_.Error(kind.key_mark(), "\"committed\" needs \"group\", e.g. " + example);
    ok = false;
  } else {
    ok &= cx_.ReadValue(*group, &x.group, StringValue(/*allow_empty=*/false));
  }
  if (!m.Has("total")) {
    r_.Error(kind.key_mark(),
             "\"committed\" needs \"total\" (the sum of the group's committed "
             "offsets), e.g. " +
                 example);
    ok = false;
  }
  ok &= cx_.ReadKey(m, "total", &x.total, CountValue(limits::kMaxCount));
  if (!ok) return std::nullopt;
  cx_.UseKafka(kind, "a \"committed\" expectation");
  return x;
}

}  // namespace

void ReadExpectations(LoadContext& cx, const Entry& e, std::vector<Expectation>* out) {
  ExpectationReader(cx).ReadExpectations(e, out);
}

}  // namespace brew::lab::loader
