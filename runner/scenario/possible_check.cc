#include "runner/scenario/possible_check.h"

#include <cstdlib>
#include <optional>
#include <string>

namespace brew::lab::loader {

namespace {

using yaml::Quote;  // as every other diagnostic of the loader quotes an id

// How many events of each kind a stream can have at most (nullopt: no
// bound the file states).
struct StreamBounds {
  std::optional<int64_t> sends;
  std::optional<int64_t> recvs;
  // Upload only: the summary's bounds.
  std::optional<int64_t> records;
  std::optional<int64_t> valid;
  std::optional<int64_t> bad;
};

StreamBounds BoundsOf(const Scenario& s, const StreamDecl& decl) {
  StreamBounds b;
  const Step& step = s.steps[decl.step_index];
  if (const auto* sub = std::get_if<SubscribeStep>(&step.body)) {
    if (sub->limit > 0) b.recvs = sub->limit;
  } else if (const auto* up = std::get_if<UploadStep>(&step.body)) {
    b.sends = up->count;
    b.records = up->count;
    b.valid = up->count - up->bad;
    b.bad = up->bad;
  } else if (const auto* chat = std::get_if<ChatStep>(&step.body)) {
    b.sends = chat->count;
    b.recvs = chat->count;  // one echo per ping
  } else if (const auto* consume = std::get_if<ConsumeStep>(&step.body)) {
    if (consume->limit > 0) b.recvs = consume->limit;
  }
  return b;
}

class PossibleCheck {
 public:
  PossibleCheck(const Scenario& s, yaml::Reporter& r) : s_(s), r_(r) {}

  void Run() {
    for (const Step& step : s_.steps) CheckWait(step);
    for (const Expectation& x : s_.expectations) {
      if (const auto* stream = std::get_if<StreamExpectation>(&x.body)) {
        CheckStream(*stream, x.pos);
      } else if (const auto* order = std::get_if<OrderExpectation>(&x.body)) {
        for (const EventRef& ref : order->events) CheckRef(ref);
        CheckOrder(*order);
      } else if (const auto* within = std::get_if<WithinExpectation>(&x.body)) {
        CheckRef(within->from);
        CheckRef(within->to);
      } else if (const auto* none = std::get_if<NoneExpectation>(&x.body)) {
        CheckRef(none->after);
      } else if (const auto* gaps = std::get_if<GapsExpectation>(&x.body)) {
        CheckGaps(gaps->events);
      }
    }
  }

 private:
  void Error(const SourcePos& pos, const std::string& message) {
    r_.ErrorAt(pos.line, pos.column, message);
  }

  const StreamDecl* Stream(const std::string& id) const { return s_.FindStream(id); }

  // "screen (limit 5)" and the like, for messages.
  static std::string Why(const StreamDecl& d, const char* field, int64_t n) {
    return Quote(d.id) + (d.kind == StreamKind::kUpload ? " is an " : " is a ") +
           StreamKindName(d.kind) + " stream with " + field + " " + std::to_string(n);
  }

  // The most events of `event`'s kind the stream can have, and why.
  std::optional<std::pair<int64_t, std::string>> MostOf(const StreamDecl& d,
                                                        EventKind event) const {
    const StreamBounds b = BoundsOf(s_, d);
    switch (event) {
      case EventKind::kStart:
      case EventKind::kDone:
      case EventKind::kCancel:
      case EventKind::kCloseSend:
        return std::make_pair(int64_t{1}, "a stream has one " + std::string(EventKindName(event)));
      case EventKind::kSend:
        if (b.sends) {
          return std::make_pair(*b.sends, Why(d, "count", *b.sends));
        }
        return std::nullopt;
      case EventKind::kRecv:
      case EventKind::kCommit:  // one per record received
        if (b.recvs) {
          const bool limited = d.kind == StreamKind::kSubscribe || d.kind == StreamKind::kConsume;
          return std::make_pair(*b.recvs, limited
                                              ? Why(d, "limit", *b.recvs)
                                              : Why(d, "count", *b.recvs) + " (one echo per ping)");
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

  void CheckRef(const EventRef& ref) {
    if (ref.kind != EventRef::Kind::kStream) return;
    const StreamDecl* d = Stream(ref.stream_id);
    if (d == nullptr) return;
    const auto most = MostOf(*d, ref.event);
    if (most && std::llabs(ref.nth) > most->first) {
      Error(ref.pos, ref.ToString() + " can never happen: " + most->second);
    }
  }

  // Gaps need two events at least.
  void CheckGaps(const EventRef& ref) {
    if (ref.kind != EventRef::Kind::kStream) return;
    const StreamDecl* d = Stream(ref.stream_id);
    if (d == nullptr) return;
    const auto most = MostOf(*d, ref.event);
    if (most && most->first < 2) {
      Error(ref.pos, "gaps between " + ref.ToString(false) + " events can never be measured: " +
                         most->second + " (gaps need at least 2)");
    }
  }

  void CheckCount(const std::optional<CountMatch>& count, std::optional<int64_t> bound,
                  const SourcePos& pos, const std::string& what, const std::string& why) {
    if (!count || !bound || !count->at_least || *count->at_least <= *bound) return;
    Error(pos, what + " " + count->ToString() + " can never hold: " + why);
  }

  void CheckStream(const StreamExpectation& x, const SourcePos& pos) {
    const StreamDecl* d = Stream(x.stream_id);
    if (d == nullptr) return;
    const StreamBounds b = BoundsOf(s_, *d);
    if (b.recvs) {
      CheckCount(x.received, b.recvs, pos, "received",
                 d->kind == StreamKind::kSubscribe ? Why(*d, "limit", *b.recvs)
                                                   : Why(*d, "count", *b.recvs));
    }
    CheckCount(x.sent, b.sends, pos, "sent", b.sends ? Why(*d, "count", *b.sends) : "");
    if (x.summary && b.records) {
      CheckCount(x.summary->received, b.records, pos, "summary received",
                 Why(*d, "count", *b.records));
      CheckCount(x.summary->accepted, b.valid, pos, "summary accepted",
                 Quote(d->id) + " sends " + std::to_string(*b.valid) + " valid record(s) (count " +
                     std::to_string(*b.records) + " minus bad " + std::to_string(*b.bad) + ")");
      CheckCount(x.summary->rejected, b.bad, pos, "summary rejected",
                 Quote(d->id) + " sends " + std::to_string(*b.bad) + " bad record(s)");
    }
  }

  void CheckWait(const Step& step) {
    const auto* wait = std::get_if<WaitStep>(&step.body);
    if (wait == nullptr) return;
    const bool recv = wait->condition == WaitStep::Condition::kReceived;
    const bool send = wait->condition == WaitStep::Condition::kSent;
    if (!recv && !send) return;
    const StreamDecl* d = Stream(wait->stream_id);
    if (d == nullptr) return;
    const auto most = MostOf(*d, recv ? EventKind::kRecv : EventKind::kSend);
    if (most && wait->n > most->first) {
      Error(step.pos, std::string("this wait for ") + (recv ? "received " : "sent ") +
                          std::to_string(wait->n) +
                          " can never end but by its timeout: " + most->second);
    }
  }

  // Whether `a` before `b` can never hold for two references to the same
  // stream's sequence; the reason, if so.
  std::optional<std::string> NeverBefore(const EventRef& a, const EventRef& b) const {
    if (a.kind != EventRef::Kind::kStream || b.kind != EventRef::Kind::kStream) return {};
    if (a.stream_id != b.stream_id || a.text || b.text) return {};
    if (b.event == EventKind::kStart) return "nothing of a stream comes before its start";
    if (a.event == EventKind::kDone) return "nothing of a stream comes after its done";
    if (a.event == b.event && (a.nth > 0) == (b.nth > 0) && a.nth >= b.nth) {
      return std::string("a stream's ") + EventKindName(a.event) +
             " events come in their own order";
    }
    return {};
  }

  void CheckOrder(const OrderExpectation& x) {
    for (size_t i = 0; i < x.events.size(); ++i) {
      for (size_t j = i + 1; j < x.events.size(); ++j) {
        if (auto why = NeverBefore(x.events[i], x.events[j])) {
          Error(x.events[j].pos, x.events[i].ToString() + " before " + x.events[j].ToString() +
                                     " can never hold: " + *why);
          return;
        }
      }
    }
  }

  const Scenario& s_;
  yaml::Reporter& r_;
};

}  // namespace

void CheckPossible(const Scenario& s, yaml::Reporter& r) { PossibleCheck(s, r).Run(); }

}  // namespace brew::lab::loader
