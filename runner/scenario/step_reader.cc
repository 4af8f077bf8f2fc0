#include "runner/scenario/step_reader.h"

#include <algorithm>

#include "core/util/closest_match.h"
#include "runner/scenario/log_pattern_reader.h"

namespace brew::lab::loader {

namespace {

// The step kinds, in StepKind's order, and the keys each kind's map takes.
const std::vector<std::string> kStepKinds = {"subscribe",      "upload",     "chat",  "wait",
                                             "cancel",         "close_send", "sleep", "stop_server",
                                             "restart_server", "consume",    "stop",  "kafka_down"};
const std::vector<std::string> kSubscribeKeys = {"id",       "customer_id", "limit",
                                                 "deadline", "read_delay",  "message_bytes"};
const std::vector<std::string> kUploadKeys = {
    "id", "count", "bad", "pause", "customer_id", "close_send", "deadline", "message_bytes"};
const std::vector<std::string> kChatKeys = {"id",         "from",     "count",         "interval",
                                            "close_send", "deadline", "message_bytes", "ack_batch"};
const std::vector<std::string> kWaitKeys = {"duration", "stream", "received", "sent",   "started",
                                            "done",     "log",    "count",    "source", "timeout"};
const std::vector<std::string> kServerStepKeys = {"grace"};
const std::vector<std::string> kConsumeKeys = {"id", "group", "from", "limit", "pause"};
const std::vector<std::string> kKafkaDownKeys = {"for"};

// The keys a step kind's map takes (none for the scalar kinds).
const std::vector<std::string>& FieldsOf(const std::string& kind) {
  static const std::vector<std::string> kNone;
  if (kind == "subscribe") return kSubscribeKeys;
  if (kind == "upload") return kUploadKeys;
  if (kind == "chat") return kChatKeys;
  if (kind == "wait") return kWaitKeys;
  if (kind == "stop_server" || kind == "restart_server") return kServerStepKeys;
  if (kind == "consume") return kConsumeKeys;
  if (kind == "kafka_down") return kKafkaDownKeys;
  return kNone;
}

// Reads the steps of one file; one per LoadContext.
class StepReader {
 public:
  explicit StepReader(LoadContext& cx) : cx_(cx), r_(cx.reporter()) {}

  void ReadSteps(const Entry& e, std::vector<Step>* steps);

 private:
  std::optional<Step> ReadStep(const YAML::Node& item, std::size_t index);
  // A stream step's required "id": checks it, stores it in `*id` and declares
  // the stream (`closes`: it closes its send side on its own). Reports a
  // missing or bad id and returns false.
  bool ReadStreamStepId(const MapReader& m, const Entry& kind, StreamKind stream_kind,
                        std::size_t index, bool closes, std::string* id);
  std::optional<StepBody> ReadSubscribe(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadUpload(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadChat(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadWait(const Entry& kind, std::size_t index);
  // The entry of `m` with the first of `keys` it has (nullptr if none). A
  // second one is reported ("<has_one>, but this one has both "A" and "B": use
  // two wait steps") and sets `*ok` to false.
  const Entry* FindOneOf(const MapReader& m, const std::vector<std::string>& keys,
                         const std::string& has_one, bool* ok);
  // The stream id a scalar step takes ("- cancel: chat"), or nullopt after
  // reporting anything else: "`what` takes `id_noun`, e.g. "- what: example"".
  std::optional<std::string> ReadActionId(const Entry& kind, const std::string& what,
                                          const std::string& id_noun, const std::string& example);
  std::optional<StepBody> ReadStreamAction(const Entry& kind, std::size_t index, bool close_send);
  std::optional<StepBody> ReadServerStep(const Entry& kind, bool restart);
  std::optional<StepBody> ReadConsume(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadStop(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadKafkaDown(const Entry& kind);

  LoadContext& cx_;
  Reporter& r_;
};

void StepReader::ReadSteps(const Entry& e, std::vector<Step>* steps) {
  if (!e.value.IsSequence()) {
    r_.Error(e.value_mark(), "\"steps\" must be a list (each item \"- kind: ...\"), got " +
                                 yaml::DescribeNode(e.value));
    return;
  }
  if (e.value.size() == 0) {
    r_.Error(e.value_mark(), "\"steps\" is empty: a scenario needs at least one step");
    return;
  }
  if (e.value.size() > limits::kMaxSteps) {
    r_.Error(e.key_mark(), "too many steps (" + std::to_string(e.value.size()) + "; limit " +
                               std::to_string(limits::kMaxSteps) + ")");
    return;
  }
  std::size_t index = 0;
  for (const YAML::Node& item : e.value) {
    if (r_.full()) return;
    if (auto step = ReadStep(item, index)) steps->push_back(std::move(*step));
    ++index;
  }
}

std::optional<Step> StepReader::ReadStep(const YAML::Node& item, std::size_t index) {
  if (!item.IsMap() || item.size() == 0) {
    r_.Error(item.Mark(),
             "a step must be a map with one key, the step kind (e.g. \"- sleep: 100ms\" or "
             "\"- chat: {id: c}\"), got " +
                 (item.IsMap() ? std::string("an empty map") : yaml::DescribeNode(item)));
    return std::nullopt;
  }
  // The first key is the kind; more keys usually mean the step's fields
  // were not indented under it.
  auto it = item.begin();
  const YAML::Node kind_key = it->first;
  if (!kind_key.IsScalar()) {
    r_.Error(kind_key.Mark(), "a step kind must be a name such as chat or wait, got " +
                                  yaml::DescribeNode(kind_key));
    return std::nullopt;
  }
  const std::string kind = kind_key.Scalar();
  const auto known = std::find(kStepKinds.begin(), kStepKinds.end(), kind);
  if (known == kStepKinds.end()) {
    const std::string guess = ClosestMatch(kind, kStepKinds);
    r_.Error(kind_key.Mark(),
             "unknown step kind " + Quote(kind) +
                 (guess.empty() ? " (expected subscribe, upload, chat, wait, cancel, close_send, "
                                  "sleep, stop_server, restart_server, consume, stop or "
                                  "kafka_down)"
                                : " (did you mean " + Quote(guess) + "?)"));
    // A misspelt stream step still names its stream: declare it, so later
    // uses of the id do not add "unknown stream" errors to this one.
    const YAML::Node value = item.begin()->second;
    const YAML::Node id = value.IsMap() ? value["id"] : YAML::Node();
    if (id.IsDefined() && id.IsScalar() && ValidId(id.Scalar())) {
      const std::optional<StreamKind> stream_kind =
          guess == "subscribe" ? std::optional(StreamKind::kSubscribe)
          : guess == "upload"  ? std::optional(StreamKind::kUpload)
          : guess == "chat"    ? std::optional(StreamKind::kChat)
          : guess == "consume" ? std::optional(StreamKind::kConsume)
                               : std::nullopt;
      if (stream_kind && !cx_.HasStream(id.Scalar())) {
        cx_.DeclareStream(Entry{"id", id, id}, id.Scalar(), *stream_kind, index, kind_key.Mark(),
                          /*closes=*/false);
      }
    }
    return std::nullopt;
  }
  const std::vector<std::string>& fields = FieldsOf(kind);
  bool extra = false;
  for (++it; it != item.end(); ++it) {
    extra = true;
    const YAML::Node key = it->first;
    const std::string name = key.IsScalar() ? key.Scalar() : std::string();
    if (name == kind) {
      r_.Error(key.Mark(), "duplicate key " + Quote(name) + " in step");
    } else if (std::find(kStepKinds.begin(), kStepKinds.end(), name) != kStepKinds.end()) {
      r_.Error(key.Mark(), "a step has exactly one kind; " + Quote(name) +
                               " starts another step: begin it with its own \"- \"");
    } else if (std::find(fields.begin(), fields.end(), name) != fields.end()) {
      r_.Error(key.Mark(), "a step is a map with one key (its kind); " + Quote(name) +
                               " belongs inside the " + kind + " step: indent it under \"" + kind +
                               ":\"");
    } else {
      r_.Error(key.Mark(), "unknown key " + (name.empty() ? yaml::DescribeNode(key) : Quote(name)) +
                               " in step: a step is a map with one key, its kind (here " +
                               Quote(kind) + ")");
    }
  }
  if (extra) return std::nullopt;

  const Entry entry{kind, kind_key, item.begin()->second};
  std::optional<StepBody> body;
  switch (static_cast<StepKind>(known - kStepKinds.begin())) {
    case StepKind::kSubscribe: body = ReadSubscribe(entry, index); break;
    case StepKind::kUpload: body = ReadUpload(entry, index); break;
    case StepKind::kChat: body = ReadChat(entry, index); break;
    case StepKind::kWait: body = ReadWait(entry, index); break;
    case StepKind::kCancel: body = ReadStreamAction(entry, index, /*close_send=*/false); break;
    case StepKind::kCloseSend: body = ReadStreamAction(entry, index, /*close_send=*/true); break;
    case StepKind::kSleep:
      if (auto d = yaml::ReadDuration(r_, entry, /*allow_zero=*/true)) body = SleepStep{*d};
      break;
    case StepKind::kStopServer: body = ReadServerStep(entry, /*restart=*/false); break;
    case StepKind::kRestartServer: body = ReadServerStep(entry, /*restart=*/true); break;
    case StepKind::kConsume: body = ReadConsume(entry, index); break;
    case StepKind::kStop: body = ReadStop(entry, index); break;
    case StepKind::kKafkaDown: body = ReadKafkaDown(entry); break;
  }
  if (!body) return std::nullopt;
  return Step{r_.Pos(kind_key.Mark()), std::move(*body)};
}

bool StepReader::ReadStreamStepId(const MapReader& m, const Entry& kind, StreamKind stream_kind,
                                  std::size_t index, bool closes, std::string* id) {
  const Entry* e = m.Find("id");
  if (e == nullptr) {
    r_.Error(kind.key_mark(), kind.key + " step is missing required key \"id\"");
    return false;
  }
  auto v = yaml::ReadString(r_, *e, /*allow_empty=*/false);
  if (!v) return false;
  if (!ValidId(*v)) {
    r_.Error(e->value_mark(), "stream id " + Quote(*v) + " must be 1 to " +
                                  std::to_string(limits::kMaxIdLength) +
                                  " letters, digits, '_', '-' or '.'");
    return false;
  }
  *id = *v;
  cx_.DeclareStream(*e, *id, stream_kind, index, kind.key_mark(), closes);
  return true;
}

std::optional<StepBody> StepReader::ReadSubscribe(const Entry& kind, std::size_t index) {
  if (!kind.null() && !cx_.ExpectMap(kind, "a subscribe step", "{id: screen, limit: 0}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in subscribe step", kSubscribeKeys);
  SubscribeStep step;
  bool ok = true;
  ok &= ReadStreamStepId(m, kind, StreamKind::kSubscribe, index, /*closes=*/true, &step.id);
  ok &= cx_.ReadKey(m, "customer_id", &step.customer_id, StringValue(/*allow_empty=*/true));
  ok &= cx_.ReadKey(m, "limit", &step.limit, IntValue(0, limits::kMaxCount));
  ok &= cx_.ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "read_delay", &step.read_delay, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  if (!ok) return std::nullopt;
  return step;
}

std::optional<StepBody> StepReader::ReadUpload(const Entry& kind, std::size_t index) {
  if (!kind.null() && !cx_.ExpectMap(kind, "an upload step", "{id: import, count: 20, bad: 5}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in upload step", kUploadKeys);
  UploadStep step;
  const bool count_ok = cx_.ReadKey(m, "count", &step.count, IntValue(0, limits::kMaxCount));
  const bool bad_ok = cx_.ReadKey(m, "bad", &step.bad, IntValue(0, limits::kMaxCount));
  bool ok = count_ok && bad_ok;
  const Entry* bad = m.Find("bad");
  if (ok && bad != nullptr && step.bad > step.count) {
    r_.Error(bad->value_mark(), "\"bad\" (" + std::to_string(step.bad) +
                                    ") must not exceed \"count\" (" + std::to_string(step.count) +
                                    ")");
    ok = false;
  }
  ok &= cx_.ReadKey(m, "pause", &step.pause, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "customer_id", &step.customer_id, StringValue(/*allow_empty=*/true));
  ok &= cx_.ReadKey(m, "close_send", &step.close_send, yaml::ReadBool);
  ok &= cx_.ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  // Last: the stream's declaration needs close_send.
  ok &= ReadStreamStepId(m, kind, StreamKind::kUpload, index, step.close_send, &step.id);
  if (!ok) return std::nullopt;
  return step;
}

std::optional<StepBody> StepReader::ReadChat(const Entry& kind, std::size_t index) {
  if (!kind.null() &&
      !cx_.ExpectMap(kind, "a chat step", "{id: chat, count: 20, interval: 10ms}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in chat step", kChatKeys);
  ChatStep step;
  bool ok = true;
  ok &= cx_.ReadKey(m, "from", &step.from, StringValue(/*allow_empty=*/true));
  ok &= cx_.ReadKey(m, "count", &step.count, IntValue(0, limits::kMaxCount));
  ok &= cx_.ReadKey(m, "interval", &step.interval, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "close_send", &step.close_send, yaml::ReadBool);
  ok &= cx_.ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= cx_.ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  ok &= cx_.ReadKey(m, "ack_batch", &step.ack_batch, IntValue(0, limits::kMaxCount));
  // Last: the stream's declaration needs close_send.
  ok &= ReadStreamStepId(m, kind, StreamKind::kChat, index, step.close_send, &step.id);
  if (!ok) return std::nullopt;
  return step;
}

const Entry* StepReader::FindOneOf(const MapReader& m, const std::vector<std::string>& keys,
                                   const std::string& has_one, bool* ok) {
  const Entry* found = nullptr;
  for (const Entry& e : m.entries()) {
    if (std::find(keys.begin(), keys.end(), e.key) == keys.end()) continue;
    if (found != nullptr) {
      r_.Error(e.key_mark(), has_one + ", but this one has both " + Quote(found->key) + " and " +
                                 Quote(e.key) + ": use two wait steps");
      *ok = false;
    } else {
      found = &e;
    }
  }
  return found;
}

std::optional<StepBody> StepReader::ReadWait(const Entry& kind, std::size_t index) {
  const std::string example = "{stream: chat, done: true} or {duration: 1s}";
  if (kind.null()) {
    r_.Error(kind.key_mark(), "a wait step needs a condition, e.g. " + example);
    return std::nullopt;
  }
  if (!cx_.ExpectMap(kind, "a wait step", example)) return std::nullopt;
  MapReader m(r_, kind.value, "in wait step", kWaitKeys);

  // Exactly one of the three condition keys.
  bool ok = true;
  const Entry* cond =
      FindOneOf(m, {"duration", "stream", "log"}, "a wait step has one condition", &ok);
  if (cond == nullptr) {
    if (m.entries().size() == kind.value.size()) {
      r_.Error(kind.key_mark(),
               "a wait step needs one condition: duration, stream (with received, sent, started "
               "or done) or log");
    }
    return std::nullopt;
  }
  if (!ok) return std::nullopt;

  WaitStep step;
  // Keys that only some conditions take.
  auto reject = [&](const char* key, const std::string& why) {
    if (const Entry* e = m.Find(key)) {
      r_.Error(e->key_mark(), Quote(key) + " " + why);
      ok = false;
    }
  };
  if (cond->key == "duration") {
    step.condition = WaitStep::Condition::kDuration;
    reject("timeout", "does not apply to a duration wait (it cannot time out)");
    for (const char* k : {"received", "sent", "started", "done"}) {
      reject(k, "applies only to a stream wait");
    }
    for (const char* k : {"count", "source"}) reject(k, "applies only to a log wait");
    ok &= cx_.ReadValue(*cond, &step.duration, DurationValue(/*allow_zero=*/true));
  } else if (cond->key == "stream") {
    for (const char* k : {"count", "source"}) reject(k, "applies only to a log wait");
    const Entry* what = FindOneOf(m, {"received", "sent", "started", "done"},
                                  "a stream wait waits for one thing", &ok);
    if (what == nullptr) {
      r_.Error(cond->key_mark(),
               "a stream wait needs one of received: N, sent: N, started: true or done: true");
      ok = false;
    } else if (what->key == "done" || what->key == "started") {
      const bool done = what->key == "done";
      step.condition = done ? WaitStep::Condition::kDone : WaitStep::Condition::kStarted;
      if (auto v = yaml::ReadBool(r_, *what)) {
        if (!*v) {
          r_.Error(what->value_mark(),
                   Quote(what->key) + " must be true (wait for the stream's " +
                       (done ? "end)" : "start: a consumer's once it is positioned)"));
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      step.condition =
          what->key == "received" ? WaitStep::Condition::kReceived : WaitStep::Condition::kSent;
      ok &= cx_.ReadValue(*what, &step.n, IntValue(0, limits::kMaxCount));
    }
    if (auto id = yaml::ReadString(r_, *cond, false)) {
      step.stream_id = *id;
      // The check runs after this reader and its MapReader are gone: it
      // captures values only.
      const YAML::Mark what_mark = what != nullptr ? what->key_mark() : YAML::Mark();
      const WaitStep::Condition condition =
          what != nullptr ? step.condition : WaitStep::Condition::kDone;
      cx_.UseStream(*cond, *id, index, [what_mark, condition](const StreamInfo& info, Reporter& r) {
        if (condition == WaitStep::Condition::kSent &&
            !StreamHasEvent(info.decl.kind, EventKind::kSend)) {
          r.Error(what_mark, std::string("a ") + StreamKindName(info.decl.kind) +
                                 " stream sends nothing; wait for \"received\" or "
                                 "\"done\" instead");
        } else if (condition == WaitStep::Condition::kReceived &&
                   !StreamHasEvent(info.decl.kind, EventKind::kRecv)) {
          r.Error(what_mark,
                  "an upload stream receives only its summary; wait for \"sent\" "
                  "or \"done\" instead");
        }
      });
    } else {
      ok = false;
    }
  } else {  // log
    step.condition = WaitStep::Condition::kLog;
    step.n = 1;
    for (const char* k : {"received", "sent", "started", "done"}) {
      reject(k, "applies only to a stream wait");
    }
    ok &= cx_.ReadValue(*cond, &step.log, ReadLogPattern);
    ok &= cx_.ReadKey(m, "count", &step.n, IntValue(1, limits::kMaxCount));
    ok &= cx_.ReadSourceKey(m, &step.source);
  }
  if (step.condition != WaitStep::Condition::kDuration) {
    ok &= cx_.ReadKey(m, "timeout", &step.timeout, DurationValue(/*allow_zero=*/false));
  }
  if (!ok || m.entries().size() != kind.value.size()) return std::nullopt;
  return step;
}

std::optional<StepBody> StepReader::ReadStreamAction(const Entry& kind, std::size_t index,
                                                     bool close_send) {
  auto id = ReadActionId(kind, close_send ? "close_send" : "cancel", "a stream id", "chat");
  if (!id) return std::nullopt;
  const YAML::Mark mark = kind.value_mark();
  const std::string stream = *id;
  if (!close_send) {
    // The executor cancels gRPC calls; a consumer has none to cancel.
    cx_.UseStream(kind, *id, index, [mark, stream](const StreamInfo& info, Reporter& r) {
      if (!StreamHasEvent(info.decl.kind, EventKind::kCancel)) {
        r.Error(mark, Quote(stream) + " is a consume stream: close it with \"stop\"");
      }
    });
    return CancelStep{*id};
  }
  cx_.UseStream(kind, *id, index, [mark, stream](const StreamInfo& info, Reporter& r) {
    if (!StreamHasEvent(info.decl.kind, EventKind::kCloseSend)) {
      r.Error(mark, "stream " + Quote(stream) + " is a " + StreamKindName(info.decl.kind) +
                        " stream: it has no send side to close");
    } else if (info.closes_on_its_own) {
      r.Error(mark, "stream " + Quote(stream) +
                        " closes its send side on its own; start it with \"close_send: "
                        "false\" to close it with this step");
    }
  });
  return CloseSendStep{*id};
}

std::optional<StepBody> StepReader::ReadServerStep(const Entry& kind, bool restart) {
  Duration grace = defaults::kServerGrace;
  const bool empty_scalar = kind.value.IsScalar() && kind.value.Scalar().empty();
  if (!kind.null() && !empty_scalar) {
    if (!kind.value.IsMap()) {
      r_.Error(kind.value_mark(), Quote(kind.key) + " takes nothing or {grace: D}, got " +
                                      yaml::DescribeNode(kind.value));
      return std::nullopt;
    }
    MapReader m(r_, kind.value, "in " + kind.key + " step", kServerStepKeys);
    if (m.entries().size() != kind.value.size()) return std::nullopt;
    if (!cx_.ReadKey(m, "grace", &grace, DurationValue(/*allow_zero=*/true))) return std::nullopt;
  }
  if (restart) return RestartServerStep{grace};
  return StopServerStep{grace};
}

std::optional<StepBody> StepReader::ReadConsume(const Entry& kind, std::size_t index) {
  const std::string example = "{id: kitchen, group: kitchen-service, limit: 17}";
  if (kind.null()) {
    r_.Error(kind.key_mark(), "a consume step needs at least an id and a group, e.g. " + example);
    return std::nullopt;
  }
  if (!cx_.ExpectMap(kind, "a consume step", example)) return std::nullopt;
  MapReader m(r_, kind.value, "in consume step", kConsumeKeys);
  ConsumeStep step;
  bool ok = true;
  if (const Entry* group = m.Find("group")) {
    ok &= cx_.ReadValue(*group, &step.group, StringValue(/*allow_empty=*/false));
  } else {
    r_.Error(kind.key_mark(),
             "consume step is missing required key \"group\" (the consumer "
             "group, e.g. kitchen-service)");
    ok = false;
  }
  if (const Entry* from = m.Find("from")) {
    if (auto v = yaml::ReadString(r_, *from, /*allow_empty=*/false)) {
      if (*v != "committed" && *v != "earliest" && *v != "latest") {
        const std::string guess = ClosestMatch(*v, {"committed", "earliest", "latest"});
        r_.Error(from->value_mark(),
                 "\"from\" is committed, earliest or latest, got " + Quote(*v) +
                     (guess.empty() ? "" : " (did you mean " + Quote(guess) + "?)"));
        ok = false;
      } else {
        step.from = *v;
      }
    } else {
      ok = false;
    }
  }
  ok &= cx_.ReadKey(m, "limit", &step.limit, IntValue(0, limits::kMaxCount));
  ok &= cx_.ReadKey(m, "pause", &step.pause, DurationValue(/*allow_zero=*/true));
  ok &= ReadStreamStepId(m, kind, StreamKind::kConsume, index, /*closes=*/true, &step.id);
  cx_.UseKafka(kind, "a consume step");
  if (!ok || m.entries().size() != kind.value.size()) return std::nullopt;
  return step;
}

std::optional<std::string> StepReader::ReadActionId(const Entry& kind, const std::string& what,
                                                    const std::string& id_noun,
                                                    const std::string& example) {
  if (kind.null() || !kind.value.IsScalar()) {
    r_.Error(kind.value_mark(), Quote(what) + " takes " + id_noun + ", e.g. \"- " + what + ": " +
                                    example + "\", got " + yaml::DescribeNode(kind.value));
    return std::nullopt;
  }
  return yaml::ReadString(r_, kind, false);
}

std::optional<StepBody> StepReader::ReadStop(const Entry& kind, std::size_t index) {
  auto id = ReadActionId(kind, "stop", "a consumer's id", "kitchen");
  if (!id) return std::nullopt;
  const YAML::Mark mark = kind.value_mark();
  const std::string stream = *id;
  cx_.UseStream(kind, *id, index, [mark, stream](const StreamInfo& info, Reporter& r) {
    if (info.decl.kind != StreamKind::kConsume) {
      r.Error(mark, "\"stop\" closes a consumer, and " + Quote(stream) + " is a " +
                        StreamKindName(info.decl.kind) + " stream: use \"cancel\"");
    }
  });
  return StopStep{*id};
}

std::optional<StepBody> StepReader::ReadKafkaDown(const Entry& kind) {
  const std::string example = "{for: 1s}";
  if (kind.null() || !cx_.ExpectMap(kind, "a kafka_down step", example)) {
    if (kind.null()) r_.Error(kind.key_mark(), "a kafka_down step needs how long, e.g. " + example);
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in kafka_down step", kKafkaDownKeys);
  KafkaDownStep step;
  const Entry* d = m.Find("for");
  if (d == nullptr) {
    r_.Error(kind.key_mark(), "a kafka_down step needs \"for\", e.g. " + example);
    return std::nullopt;
  }
  if (!cx_.ReadValue(*d, &step.duration, DurationValue(/*allow_zero=*/false))) return std::nullopt;
  cx_.UseKafka(kind, "a kafka_down step");
  if (m.entries().size() != kind.value.size()) return std::nullopt;
  return step;
}

}  // namespace

void ReadSteps(LoadContext& cx, const Entry& e, std::vector<Step>* steps) {
  StepReader(cx).ReadSteps(e, steps);
}

}  // namespace brew::lab::loader
