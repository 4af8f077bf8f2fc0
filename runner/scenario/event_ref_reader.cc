#include "runner/scenario/event_ref_reader.h"

#include <algorithm>

#include "core/util/closest_match.h"
#include "runner/scenario/log_pattern_reader.h"

namespace brew::lab::loader {

namespace {
const std::vector<std::string> kRefKeys = {"stream", "event", "nth", "text", "log", "source"};
// In EventKind's order.
const std::vector<std::string> kEventNames = {"start", "send",       "recv",  "cancel",
                                              "done",  "close_send", "commit"};
}  // namespace

std::optional<EventRef> ReadEventRef(LoadContext& cx, const Entry& e, bool allow_nth,
                                     const std::vector<std::string>& extra_keys) {
  Reporter& r = cx.reporter();
  const std::string example = "{stream: chat, event: recv, nth: 1} or {log: \"pattern\"}";
  if (!e.value.IsMap()) {
    r.Error(e.value_mark(), "an event reference must be a map such as " + example + ", got " +
                                yaml::DescribeNode(e.value));
    return std::nullopt;
  }
  if (!cx.CountEventRef(e.value_mark())) return std::nullopt;
  std::vector<std::string> keys = kRefKeys;
  keys.insert(keys.end(), extra_keys.begin(), extra_keys.end());
  const MapReader m(r, e.value, "in event reference", keys);
  bool ok = m.entries().size() == e.value.size();
  EventRef ref;
  ref.pos = r.Pos(e.value_mark());
  const Entry* stream = m.Find("stream");
  const Entry* log = m.Find("log");
  if (stream != nullptr && log != nullptr) {
    r.Error(log->key_mark(), "an event reference has \"stream\" or \"log\", not both");
    return std::nullopt;
  }
  if (stream == nullptr && log == nullptr) {
    if (ok) {
      r.Error(e.value_mark(),
              "an event reference needs \"stream\" (with \"event\") or \"log\", "
              "e.g. " +
                  example);
    }
    return std::nullopt;
  }
  if (const Entry* nth = m.Find("nth")) {
    if (!allow_nth) {
      r.Error(nth->key_mark(),
              "\"nth\" is not allowed here: \"none\" and \"gaps\" match every such "
              "event");
      ok = false;
    } else if (auto v = yaml::ReadInt(r, *nth, -limits::kMaxCount, limits::kMaxCount)) {
      if (*v == 0) {
        r.Error(nth->value_mark(),
                "\"nth\" must not be 0: it counts from 1 (and -1 is the "
                "last)");
        ok = false;
      } else {
        ref.nth = *v;
      }
    } else {
      ok = false;
    }
  }
  if (stream != nullptr) {
    ref.kind = EventRef::Kind::kStream;
    if (const Entry* s = m.Find("source")) {
      r.Error(s->key_mark(), "\"source\" applies only to a log reference");
      ok = false;
    }
    if (const Entry* t = m.Find("text")) {
      if (auto v = ReadTextOrRegex(r, *t)) {
        ref.text = TextMatch{std::move(*v)};
      } else {
        ok = false;
      }
    }
    const Entry* event = m.Find("event");
    if (event == nullptr) {
      r.Error(stream->key_mark(),
              "an event reference to a stream needs \"event\" (start, "
              "send, recv, cancel, done, close_send or commit)");
      ok = false;
    } else if (auto name = yaml::ReadString(r, *event, false)) {
      const auto found = std::find(kEventNames.begin(), kEventNames.end(), *name);
      if (found == kEventNames.end()) {
        std::string guess = ClosestMatch(*name, kEventNames);
        if (guess.empty()) {
          if (*name == "receive" || *name == "received" || *name == "recieve") guess = "recv";
          if (*name == "sent") guess = "send";
          if (*name == "end" || *name == "ended" || *name == "finish") guess = "done";
          if (*name == "started" || *name == "begin") guess = "start";
          if (*name == "cancelled" || *name == "canceled") guess = "cancel";
          if (*name == "closesend" || *name == "close" || *name == "writes_done") {
            guess = "close_send";
          }
          if (*name == "committed") guess = "commit";
        }
        r.Error(
            event->value_mark(),
            "unknown event " + Quote(*name) +
                (guess.empty() ? " (expected start, send, recv, cancel, done, close_send or commit)"
                               : " (did you mean " + Quote(guess) + "?)"));
        ok = false;
      } else {
        ref.event = static_cast<EventKind>(found - kEventNames.begin());
      }
    } else {
      ok = false;
    }
    if (auto id = yaml::ReadString(r, *stream, false)) {
      ref.stream_id = *id;
      const EventKind ev = ref.event;
      const bool check_event = event != nullptr;
      const YAML::Mark event_mark = event != nullptr ? event->value_mark() : YAML::Mark();
      const std::string sid = *id;
      cx.UseStream(*stream, *id, kNoStep,
                   [ev, check_event, event_mark, sid](const StreamInfo& info, Reporter& r) {
                     if (!check_event || StreamHasEvent(info.decl.kind, ev)) return;
                     r.Error(event_mark,
                             std::string(info.decl.kind == StreamKind::kUpload ? "an " : "a ") +
                                 StreamKindName(info.decl.kind) + " stream has no " +
                                 EventKindName(ev) + " events (" + Quote(sid) +
                                 (ev == EventKind::kSend        ? " sends nothing)"
                                  : ev == EventKind::kCloseSend ? " has no send side to close)"
                                                                : " receives only its summary)"));
                   });
    } else {
      ok = false;
    }
  } else {
    ref.kind = EventRef::Kind::kLog;
    if (const Entry* ev = m.Find("event")) {
      r.Error(ev->key_mark(), "\"event\" applies only to a stream reference");
      ok = false;
    }
    if (const Entry* t = m.Find("text")) {
      r.Error(t->key_mark(),
              "\"text\" applies only to a stream reference; a log reference's pattern is "
              "its \"log\"");
      ok = false;
    }
    ok &= cx.ReadValue(*log, &ref.log, ReadLogPattern);
    ok &= cx.ReadSourceKey(m, &ref.source);
  }
  if (!ok) return std::nullopt;
  return ref;
}

}  // namespace brew::lab::loader
