#include "runner/scenario_loader.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <set>

#include "runner/yaml_reader.h"

namespace brew::lab {

using yaml::Entry;
using yaml::MapReader;
using yaml::Quote;
using yaml::Reporter;

std::string Diagnostic::ToString() const {
  if (line <= 0) return file + ": " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

namespace {

// The keys each part of a scenario accepts (and the "did you mean" candidates).
const std::vector<std::string> kTopKeys = {"name",   "description", "points", "timeout",
                                           "server", "steps",       "expect"};
const std::vector<std::string> kServerKeys = {"tick", "echo_delay", "read_delay"};
const std::vector<std::string> kStepKinds = {"subscribe", "upload",      "chat",
                                             "wait",      "cancel",      "close_send",
                                             "sleep",     "stop_server", "restart_server"};
const std::vector<std::string> kSubscribeKeys = {"id",       "customer_id", "limit",
                                                 "deadline", "read_delay",  "message_bytes"};
const std::vector<std::string> kUploadKeys = {"id",          "count",      "bad",
                                              "pause",       "customer_id", "close_send",
                                              "deadline",    "message_bytes"};
const std::vector<std::string> kChatKeys = {"id",         "from",     "count",
                                            "interval",   "close_send", "deadline",
                                            "message_bytes", "ack_batch"};
const std::vector<std::string> kWaitKeys = {"duration", "stream", "received", "sent",   "done",
                                            "log",      "count",  "source",   "timeout"};
const std::vector<std::string> kServerStepKeys = {"grace"};
const std::vector<std::string> kExpectKinds = {"stream", "log", "order", "within", "none"};
const std::vector<std::string> kStreamExpectKeys = {"stream",   "name",    "status",        "sent",
                                                    "received", "summary", "error_contains"};
const std::vector<std::string> kLogExpectKeys = {"log", "name", "count", "absent", "source"};
const std::vector<std::string> kOrderKeys = {"order", "name"};
const std::vector<std::string> kWithinKeys = {"within", "name"};
const std::vector<std::string> kWithinBodyKeys = {"from", "to", "max", "min"};
const std::vector<std::string> kNoneKeys = {"none", "after", "for", "name"};
const std::vector<std::string> kRefKeys = {"stream", "event", "nth", "log", "source"};
const std::vector<std::string> kSummaryKeys = {"received", "accepted", "rejected", "total_cents"};
const std::vector<std::string> kEventNames = {"start", "send", "recv", "cancel", "done"};

// The keys a step kind's map takes (none for the scalar kinds).
const std::vector<std::string>& FieldsOf(const std::string& kind) {
  static const std::vector<std::string> kNone;
  if (kind == "subscribe") return kSubscribeKeys;
  if (kind == "upload") return kUploadKeys;
  if (kind == "chat") return kChatKeys;
  if (kind == "wait") return kWaitKeys;
  if (kind == "stop_server" || kind == "restart_server") return kServerStepKeys;
  return kNone;
}

constexpr std::size_t kNoStep = std::numeric_limits<std::size_t>::max();

std::string Plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string Stem(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  return stem.empty() ? path : stem;
}

// Stream ids appear in reports and messages: keep them short and plain.
bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > limits::kMaxIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// Value readers for Loader::ReadKey and Loader::ReadValue: each reads an
// entry's value, or reports why it cannot and returns nullopt. yaml::ReadBool,
// yaml::ReadSource and yaml::ReadRegex serve as they are; these fix the
// parameters of the other reads.
auto StringValue(bool allow_empty) {
  return [allow_empty](Reporter& r, const Entry& e) { return yaml::ReadString(r, e, allow_empty); };
}
auto IntValue(int64_t min, int64_t max) {
  return [min, max](Reporter& r, const Entry& e) { return yaml::ReadInt(r, e, min, max); };
}
auto DurationValue(bool allow_zero) {
  return [allow_zero](Reporter& r, const Entry& e) { return yaml::ReadDuration(r, e, allow_zero); };
}
auto CountValue(int64_t max) {
  return [max](Reporter& r, const Entry& e) { return yaml::ReadCount(r, e, max); };
}

// Where `key` stands in `m`, if it is there.
std::optional<YAML::Mark> KeyMark(const MapReader& m, const char* key) {
  const Entry* e = m.Find(key);
  if (e == nullptr) return std::nullopt;
  return e->key_mark();
}

class Loader {
 public:
  explicit Loader(Reporter& r) : r_(r) {}

  std::optional<Scenario> Load(const YAML::Node& root, const std::string& display_path);

 private:
  // --- Streams and references to them. ---

  struct StreamInfo {
    StreamDecl decl;
    bool closes_on_its_own = true;  // subscribe, or close_send: true
  };
  // A use of a stream id, checked once every stream is known: the id must
  // exist, be started by an earlier step (for steps), and `check` sees it.
  struct PendingUse {
    std::string id;
    YAML::Mark mark;
    std::size_t step_index;  // kNoStep for expectations
    std::function<void(const StreamInfo&)> check;
  };

  void DeclareStream(const Entry& id_entry, const std::string& id, StreamKind kind,
                     std::size_t step_index, const YAML::Mark& step_mark, bool closes);
  void UseStream(const Entry& id_entry, const std::string& id, std::size_t step_index,
                 std::function<void(const StreamInfo&)> check = nullptr);
  void ResolveUses();
  // A stream step's required "id": checks it, stores it in `*id` and declares
  // the stream (`closes`: it closes its send side on its own). Reports a
  // missing or bad id and returns false.
  bool ReadStreamStepId(const MapReader& m, const Entry& kind, StreamKind stream_kind,
                        std::size_t index, bool closes, std::string* id);

  // --- Typed reads into fields. ---

  // Reads `e`'s value with `read` (one of the value readers above) into
  // `*field`, converted to the field's type. Returns false, leaving `*field`
  // alone, when `read` fails (it has reported why).
  template <typename T, typename Read>
  bool ReadValue(const Entry& e, T* field, Read read) {
    auto value = read(r_, e);
    if (!value) return false;
    *field = static_cast<T>(std::move(*value));
    return true;
  }
  // The same for the optional key `key` of `m`: an absent key leaves `*field`
  // at its default and counts as success.
  template <typename T, typename Read>
  bool ReadKey(const MapReader& m, const char* key, T* field, Read read) {
    const Entry* e = m.Find(key);
    return e == nullptr || ReadValue(*e, field, read);
  }
  // A value reader for an event reference (with "nth").
  auto EventRefValue() {
    return [this](Reporter&, const Entry& e) { return ReadRef(e, /*allow_nth=*/true); };
  }

  // --- Parts. ---

  void ReadTop(const MapReader& top, Scenario& s);
  void ReadServer(const Entry& e, ServerSettings& server);
  void ReadSteps(const Entry& e, Scenario& s);
  std::optional<Step> ReadStep(const YAML::Node& item, std::size_t index);
  std::optional<StepBody> ReadSubscribe(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadUpload(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadChat(const Entry& kind, std::size_t index);
  std::optional<StepBody> ReadWait(const Entry& kind, std::size_t index);
  // The entry of `m` with the first of `keys` it has (nullptr if none). A
  // second one is reported ("<has_one>, but this one has both "A" and "B": use
  // two wait steps") and sets `*ok` to false.
  const Entry* FindOneOf(const MapReader& m, const std::vector<std::string>& keys,
                         const std::string& has_one, bool* ok);
  std::optional<StepBody> ReadStreamAction(const Entry& kind, std::size_t index, bool close_send);
  std::optional<StepBody> ReadServerStep(const Entry& kind, bool restart);

  void ReadExpectations(const Entry& e, Scenario& s);
  std::optional<Expectation> ReadExpectation(const YAML::Node& item);
  std::optional<ExpectationBody> ReadStreamExpectation(const MapReader& m, const Entry& kind);
  std::optional<ExpectationBody> ReadLogExpectation(const MapReader& m, const Entry& kind);
  std::optional<ExpectationBody> ReadOrder(const Entry& kind);
  std::optional<ExpectationBody> ReadWithin(const Entry& kind);
  std::optional<ExpectationBody> ReadNone(const MapReader& m, const Entry& kind);
  std::optional<EventRef> ReadRef(const Entry& e, bool allow_nth);
  std::optional<StatusCode> ReadStatusName(const YAML::Node& node, const YAML::Mark& mark);

  // A map value for a part that takes one: reports anything else.
  bool ExpectMap(const Entry& e, const std::string& what, const std::string& example);

  Reporter& r_;
  std::vector<StreamInfo> streams_;
  std::map<std::string, std::size_t> stream_index_;
  std::vector<PendingUse> uses_;
  bool too_many_streams_reported_ = false;
  std::size_t event_refs_ = 0;
};

bool Loader::ExpectMap(const Entry& e, const std::string& what, const std::string& example) {
  if (e.value.IsMap()) return true;
  r_.Error(e.value_mark(),
           what + " must be a map such as " + example + ", got " + yaml::DescribeNode(e.value));
  return false;
}

std::optional<Scenario> Loader::Load(const YAML::Node& root, const std::string& display_path) {
  if (!root.IsDefined() || root.IsNull()) {
    r_.ErrorAt(1, 1, "the file is empty: a scenario needs at least a \"steps\" list");
    return std::nullopt;
  }
  if (!root.IsMap()) {
    r_.Error(root.Mark(),
             "the top level must be a map with keys such as name, steps and "
             "expect, got " +
                 yaml::DescribeNode(root));
    return std::nullopt;
  }
  Scenario s;
  s.file = display_path;
  s.name = Stem(display_path);
  s.timeout_pos = r_.FilePos();
  s.server.pos = r_.FilePos();
  MapReader top(r_, root, "at the top level", kTopKeys);
  ReadTop(top, s);
  if (const Entry* steps = top.Find("steps")) {
    ReadSteps(*steps, s);
  } else {
    r_.Error(root.Mark(), "missing required key \"steps\" (the list of things to do)");
  }
  if (const Entry* expect = top.Find("expect")) ReadExpectations(*expect, s);
  ResolveUses();
  for (const auto& info : streams_) s.streams.push_back(info.decl);
  if (!r_.empty()) return std::nullopt;
  return s;
}

void Loader::ReadTop(const MapReader& top, Scenario& s) {
  if (const Entry* e = top.Find("name")) {
    if (auto name = yaml::ReadString(r_, *e, /*allow_empty=*/false)) {
      const bool bad_char = std::any_of(name->begin(), name->end(), [](char c) {
        return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
      });
      if (name->size() > limits::kMaxNameLength) {
        r_.Error(e->value_mark(), "\"name\" is too long (" + std::to_string(name->size()) +
                                      " bytes; limit " + std::to_string(limits::kMaxNameLength) +
                                      ")");
      } else if (bad_char) {
        r_.Error(e->value_mark(),
                 "\"name\" must not contain slashes or control characters (it names the "
                 "report file), got " +
                     Quote(*name));
      } else {
        s.name = *name;
      }
    }
  }
  if (const Entry* e = top.Find("description")) {
    if (auto d = yaml::ReadString(r_, *e, /*allow_empty=*/true)) {
      // A folded block (`description: >`) ends in a newline; reports and
      // --list want the paragraph alone.
      s.description = *d;
      while (!s.description.empty() && std::isspace(static_cast<unsigned char>(s.description.back()))) {
        s.description.pop_back();
      }
    }
  }
  ReadKey(top, "points", &s.points, IntValue(0, limits::kMaxPoints));
  if (const Entry* e = top.Find("timeout")) {
    if (auto t = yaml::ReadDuration(r_, *e, /*allow_zero=*/false, limits::kMaxTimeout)) {
      s.timeout = *t;
      s.timeout_pos = r_.Pos(e->value_mark());
    }
  }
  if (const Entry* e = top.Find("server")) ReadServer(*e, s.server);
}

void Loader::ReadServer(const Entry& e, ServerSettings& server) {
  server.pos = r_.Pos(e.key_mark());
  if (!ExpectMap(e, "\"server\"", "{tick: 1s, echo_delay: 200ms}")) return;
  MapReader m(r_, e.value, "in server", kServerKeys);
  ReadKey(m, "tick", &server.tick, DurationValue(/*allow_zero=*/false));
  ReadKey(m, "echo_delay", &server.echo_delay, DurationValue(/*allow_zero=*/true));
  ReadKey(m, "read_delay", &server.read_delay, DurationValue(/*allow_zero=*/true));
}

// ---------------------------------------------------------------------------
// Steps.

void Loader::ReadSteps(const Entry& e, Scenario& s) {
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
    if (auto step = ReadStep(item, index)) s.steps.push_back(std::move(*step));
    ++index;
  }
}

std::optional<Step> Loader::ReadStep(const YAML::Node& item, std::size_t index) {
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
                                  "sleep, stop_server or restart_server)"
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
                               : std::nullopt;
      if (stream_kind && stream_index_.count(id.Scalar()) == 0) {
        DeclareStream(Entry{"id", id, id}, id.Scalar(), *stream_kind, index, kind_key.Mark(),
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
    case StepKind::kSubscribe:
      body = ReadSubscribe(entry, index);
      break;
    case StepKind::kUpload:
      body = ReadUpload(entry, index);
      break;
    case StepKind::kChat:
      body = ReadChat(entry, index);
      break;
    case StepKind::kWait:
      body = ReadWait(entry, index);
      break;
    case StepKind::kCancel:
      body = ReadStreamAction(entry, index, /*close_send=*/false);
      break;
    case StepKind::kCloseSend:
      body = ReadStreamAction(entry, index, /*close_send=*/true);
      break;
    case StepKind::kSleep:
      if (auto d = yaml::ReadDuration(r_, entry, /*allow_zero=*/true)) body = SleepStep{*d};
      break;
    case StepKind::kStopServer:
      body = ReadServerStep(entry, /*restart=*/false);
      break;
    case StepKind::kRestartServer:
      body = ReadServerStep(entry, /*restart=*/true);
      break;
  }
  if (!body) return std::nullopt;
  return Step{r_.Pos(kind_key.Mark()), std::move(*body)};
}

bool Loader::ReadStreamStepId(const MapReader& m, const Entry& kind, StreamKind stream_kind,
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
  DeclareStream(*e, *id, stream_kind, index, kind.key_mark(), closes);
  return true;
}

void Loader::DeclareStream(const Entry& id_entry, const std::string& id, StreamKind kind,
                           std::size_t step_index, const YAML::Mark& step_mark, bool closes) {
  const auto found = stream_index_.find(id);
  if (found != stream_index_.end()) {
    const StreamDecl& first = streams_[found->second].decl;
    r_.Error(id_entry.value_mark(), "duplicate stream id " + Quote(id) + " (the " +
                                        StreamKindName(first.kind) + " step at line " +
                                        std::to_string(first.pos.line) + " uses it already)");
    return;
  }
  if (streams_.size() >= limits::kMaxStreams) {
    if (!too_many_streams_reported_) {
      r_.Error(step_mark,
               "too many streams (more than " + std::to_string(limits::kMaxStreams) + ")");
      too_many_streams_reported_ = true;
    }
    return;
  }
  stream_index_.emplace(id, streams_.size());
  streams_.push_back(StreamInfo{StreamDecl{id, kind, step_index, r_.Pos(step_mark)}, closes});
}

void Loader::UseStream(const Entry& id_entry, const std::string& id, std::size_t step_index,
                       std::function<void(const StreamInfo&)> check) {
  uses_.push_back(PendingUse{id, id_entry.value_mark(), step_index, std::move(check)});
}

void Loader::ResolveUses() {
  std::vector<std::string> ids;
  for (const auto& info : streams_) ids.push_back(info.decl.id);
  for (const auto& use : uses_) {
    if (r_.full()) return;
    const auto found = stream_index_.find(use.id);
    if (found == stream_index_.end()) {
      const std::string guess = ClosestMatch(use.id, ids);
      std::string message = "unknown stream " + Quote(use.id);
      if (!guess.empty()) {
        message += " (did you mean " + Quote(guess) + "?)";
      } else if (ids.empty()) {
        message += " (no subscribe, upload or chat step starts a stream)";
      } else {
        std::string list;
        for (std::size_t i = 0; i < ids.size() && i < 10; ++i) list += (i ? ", " : "") + ids[i];
        message += " (streams: " + list + (ids.size() > 10 ? ", ..." : "") + ")";
      }
      r_.Error(use.mark, message);
      continue;
    }
    const StreamInfo& info = streams_[found->second];
    if (use.step_index != kNoStep && info.decl.step_index >= use.step_index) {
      r_.Error(use.mark, "stream " + Quote(use.id) + " is not started yet at this step (its " +
                             StreamKindName(info.decl.kind) + " step is at line " +
                             std::to_string(info.decl.pos.line) + ")");
      continue;
    }
    if (use.check) use.check(info);
  }
}

std::optional<StepBody> Loader::ReadSubscribe(const Entry& kind, std::size_t index) {
  if (!kind.null() && !ExpectMap(kind, "a subscribe step", "{id: screen, limit: 0}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in subscribe step", kSubscribeKeys);
  SubscribeStep step;
  bool ok = true;
  ok &= ReadStreamStepId(m, kind, StreamKind::kSubscribe, index, /*closes=*/true, &step.id);
  ok &= ReadKey(m, "customer_id", &step.customer_id, StringValue(/*allow_empty=*/true));
  ok &= ReadKey(m, "limit", &step.limit, IntValue(0, limits::kMaxCount));
  ok &= ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "read_delay", &step.read_delay, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  if (!ok) return std::nullopt;
  return step;
}

std::optional<StepBody> Loader::ReadUpload(const Entry& kind, std::size_t index) {
  if (!kind.null() && !ExpectMap(kind, "an upload step", "{id: import, count: 20, bad: 5}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in upload step", kUploadKeys);
  UploadStep step;
  const bool count_ok = ReadKey(m, "count", &step.count, IntValue(0, limits::kMaxCount));
  const bool bad_ok = ReadKey(m, "bad", &step.bad, IntValue(0, limits::kMaxCount));
  bool ok = count_ok && bad_ok;
  const Entry* bad = m.Find("bad");
  if (ok && bad != nullptr && step.bad > step.count) {
    r_.Error(bad->value_mark(), "\"bad\" (" + std::to_string(step.bad) +
                                    ") must not exceed \"count\" (" + std::to_string(step.count) +
                                    ")");
    ok = false;
  }
  ok &= ReadKey(m, "pause", &step.pause, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "customer_id", &step.customer_id, StringValue(/*allow_empty=*/true));
  ok &= ReadKey(m, "close_send", &step.close_send, yaml::ReadBool);
  ok &= ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  // Last: the stream's declaration needs close_send.
  ok &= ReadStreamStepId(m, kind, StreamKind::kUpload, index, step.close_send, &step.id);
  if (!ok) return std::nullopt;
  return step;
}

std::optional<StepBody> Loader::ReadChat(const Entry& kind, std::size_t index) {
  if (!kind.null() && !ExpectMap(kind, "a chat step", "{id: chat, count: 20, interval: 10ms}")) {
    return std::nullopt;
  }
  MapReader m(r_, kind.value, "in chat step", kChatKeys);
  ChatStep step;
  bool ok = true;
  ok &= ReadKey(m, "from", &step.from, StringValue(/*allow_empty=*/true));
  ok &= ReadKey(m, "count", &step.count, IntValue(0, limits::kMaxCount));
  ok &= ReadKey(m, "interval", &step.interval, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "close_send", &step.close_send, yaml::ReadBool);
  ok &= ReadKey(m, "deadline", &step.deadline, DurationValue(/*allow_zero=*/true));
  ok &= ReadKey(m, "message_bytes", &step.message_bytes, IntValue(0, limits::kMaxMessageBytes));
  ok &= ReadKey(m, "ack_batch", &step.ack_batch, IntValue(0, limits::kMaxCount));
  // Last: the stream's declaration needs close_send.
  ok &= ReadStreamStepId(m, kind, StreamKind::kChat, index, step.close_send, &step.id);
  if (!ok) return std::nullopt;
  return step;
}

const Entry* Loader::FindOneOf(const MapReader& m, const std::vector<std::string>& keys,
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

std::optional<StepBody> Loader::ReadWait(const Entry& kind, std::size_t index) {
  const std::string example = "{stream: chat, done: true} or {duration: 1s}";
  if (kind.null()) {
    r_.Error(kind.key_mark(), "a wait step needs a condition, e.g. " + example);
    return std::nullopt;
  }
  if (!ExpectMap(kind, "a wait step", example)) return std::nullopt;
  MapReader m(r_, kind.value, "in wait step", kWaitKeys);

  // Exactly one of the three condition keys.
  bool ok = true;
  const Entry* cond =
      FindOneOf(m, {"duration", "stream", "log"}, "a wait step has one condition", &ok);
  if (cond == nullptr) {
    if (m.entries().size() == kind.value.size()) {
      r_.Error(kind.key_mark(),
               "a wait step needs one condition: duration, stream (with received, sent or "
               "done) or log");
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
    for (const char* k : {"received", "sent", "done"}) reject(k, "applies only to a stream wait");
    for (const char* k : {"count", "source"}) reject(k, "applies only to a log wait");
    ok &= ReadValue(*cond, &step.duration, DurationValue(/*allow_zero=*/true));
  } else if (cond->key == "stream") {
    for (const char* k : {"count", "source"}) reject(k, "applies only to a log wait");
    const Entry* what =
        FindOneOf(m, {"received", "sent", "done"}, "a stream wait waits for one thing", &ok);
    if (what == nullptr) {
      r_.Error(cond->key_mark(), "a stream wait needs one of received: N, sent: N or done: true");
      ok = false;
    } else if (what->key == "done") {
      step.condition = WaitStep::Condition::kDone;
      if (auto v = yaml::ReadBool(r_, *what)) {
        if (!*v) {
          r_.Error(what->value_mark(), "\"done\" must be true (wait for the stream's end)");
          ok = false;
        }
      } else {
        ok = false;
      }
    } else {
      step.condition =
          what->key == "received" ? WaitStep::Condition::kReceived : WaitStep::Condition::kSent;
      ok &= ReadValue(*what, &step.n, IntValue(0, limits::kMaxCount));
    }
    if (auto id = yaml::ReadString(r_, *cond, false)) {
      step.stream_id = *id;
      // The check runs after this MapReader is gone: capture values only.
      const YAML::Mark what_mark = what != nullptr ? what->key_mark() : YAML::Mark();
      const WaitStep::Condition condition =
          what != nullptr ? step.condition : WaitStep::Condition::kDone;
      UseStream(*cond, *id, index, [this, what_mark, condition](const StreamInfo& info) {
        if (condition == WaitStep::Condition::kSent && info.decl.kind == StreamKind::kSubscribe) {
          r_.Error(what_mark,
                   "a subscribe stream sends nothing; wait for \"received\" or "
                   "\"done\" instead");
        } else if (condition == WaitStep::Condition::kReceived &&
                   info.decl.kind == StreamKind::kUpload) {
          r_.Error(what_mark,
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
    for (const char* k : {"received", "sent", "done"}) reject(k, "applies only to a stream wait");
    ok &= ReadValue(*cond, &step.log, yaml::ReadRegex);
    ok &= ReadKey(m, "count", &step.n, IntValue(1, limits::kMaxCount));
    ok &= ReadKey(m, "source", &step.source, yaml::ReadSource);
  }
  if (step.condition != WaitStep::Condition::kDuration) {
    ok &= ReadKey(m, "timeout", &step.timeout, DurationValue(/*allow_zero=*/false));
  }
  if (!ok || m.entries().size() != kind.value.size()) return std::nullopt;
  return step;
}

std::optional<StepBody> Loader::ReadStreamAction(const Entry& kind, std::size_t index,
                                                 bool close_send) {
  const std::string what = close_send ? "close_send" : "cancel";
  if (kind.null() || !kind.value.IsScalar()) {
    r_.Error(kind.value_mark(), Quote(what) + " takes a stream id, e.g. \"- " + what +
                                    ": chat\", got " + yaml::DescribeNode(kind.value));
    return std::nullopt;
  }
  auto id = yaml::ReadString(r_, kind, false);
  if (!id) return std::nullopt;
  if (!close_send) {
    UseStream(kind, *id, index);
    return CancelStep{*id};
  }
  const YAML::Mark mark = kind.value_mark();
  const std::string stream = *id;
  UseStream(kind, *id, index, [this, mark, stream](const StreamInfo& info) {
    if (info.decl.kind == StreamKind::kSubscribe) {
      r_.Error(mark,
               "stream " + Quote(stream) + " is a subscribe stream: it has no send side to close");
    } else if (info.closes_on_its_own) {
      r_.Error(mark, "stream " + Quote(stream) +
                         " closes its send side on its own; start it with \"close_send: "
                         "false\" to close it with this step");
    }
  });
  return CloseSendStep{*id};
}

std::optional<StepBody> Loader::ReadServerStep(const Entry& kind, bool restart) {
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
    if (!ReadKey(m, "grace", &grace, DurationValue(/*allow_zero=*/true))) return std::nullopt;
  }
  if (restart) return RestartServerStep{grace};
  return StopServerStep{grace};
}

// ---------------------------------------------------------------------------
// Expectations.

void Loader::ReadExpectations(const Entry& e, Scenario& s) {
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
    if (auto x = ReadExpectation(item)) s.expectations.push_back(std::move(*x));
  }
}

std::optional<Expectation> Loader::ReadExpectation(const YAML::Node& item) {
  if (!item.IsMap() || item.size() == 0) {
    r_.Error(item.Mark(),
             "an expectation must be a map with one of stream, log, order, within "
             "or none, got " +
                 (item.IsMap() ? std::string("an empty map") : yaml::DescribeNode(item)));
    return std::nullopt;
  }
  // Find the kind key first, to know which keys the rest may use.
  std::optional<YAML::Node> kind_key;
  std::string kind;
  for (auto it = item.begin(); it != item.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    const std::string name = it->first.Scalar();
    if (std::find(kExpectKinds.begin(), kExpectKinds.end(), name) == kExpectKinds.end()) continue;
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
             "an expectation needs one of the keys stream, log, order, within or "
             "none");
    return std::nullopt;
  }
  const std::vector<std::string>* keys = &kStreamExpectKeys;
  if (kind == "log") keys = &kLogExpectKeys;
  if (kind == "order") keys = &kOrderKeys;
  if (kind == "within") keys = &kWithinKeys;
  if (kind == "none") keys = &kNoneKeys;
  const MapReader m(r_, item, "in " + kind + " expectation", *keys);
  const Entry* kind_entry = m.Find(kind);
  if (kind_entry == nullptr) return std::nullopt;

  Expectation x;
  x.pos = r_.Pos(item.begin()->first.Mark());
  bool ok = m.entries().size() == item.size();
  ok &= ReadKey(m, "name", &x.name, StringValue(/*allow_empty=*/false));
  std::optional<ExpectationBody> body;
  if (kind == "stream") body = ReadStreamExpectation(m, *kind_entry);
  if (kind == "log") body = ReadLogExpectation(m, *kind_entry);
  if (kind == "order") body = ReadOrder(*kind_entry);
  if (kind == "within") body = ReadWithin(*kind_entry);
  if (kind == "none") body = ReadNone(m, *kind_entry);
  if (!body || !ok) return std::nullopt;
  x.body = std::move(*body);
  return x;
}

std::optional<StatusCode> Loader::ReadStatusName(const YAML::Node& node, const YAML::Mark& mark) {
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

std::optional<ExpectationBody> Loader::ReadStreamExpectation(const MapReader& m,
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
        if (auto code = ReadStatusName(n, n.Mark()))
          x.status.push_back(*code);
        else
          ok = false;
      }
    } else if (auto code = ReadStatusName(e->value, e->value_mark())) {
      x.status.push_back(*code);
    } else {
      ok = false;
    }
  }
  ok &= ReadKey(m, "sent", &x.sent, CountValue(limits::kMaxCount));
  ok &= ReadKey(m, "received", &x.received, CountValue(limits::kMaxCount));
  if (const Entry* e = m.Find("summary")) {
    if (ExpectMap(*e, "\"summary\"", "{received: 20, accepted: 15, rejected: 5}")) {
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
  ok &= ReadKey(m, "error_contains", &x.error_contains, StringValue(/*allow_empty=*/false));
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
  UseStream(kind, *id, kNoStep,
            [this, stream, sent_mark, received_mark, summary_mark](const StreamInfo& info) {
              const std::string kind_name = StreamKindName(info.decl.kind);
              if (summary_mark && info.decl.kind != StreamKind::kUpload) {
                r_.Error(*summary_mark, "\"summary\" applies only to upload streams; " +
                                            Quote(stream) + " is a " + kind_name + " stream");
              }
              if (sent_mark && info.decl.kind == StreamKind::kSubscribe) {
                r_.Error(*sent_mark, "a subscribe stream sends nothing (" + Quote(stream) +
                                         " is a subscribe stream); check \"received\"");
              }
              if (received_mark && info.decl.kind == StreamKind::kUpload) {
                r_.Error(*received_mark,
                         "an upload stream receives only its summary (" + Quote(stream) +
                             " is an upload stream); check \"summary\" or \"sent\"");
              }
            });
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> Loader::ReadLogExpectation(const MapReader& m, const Entry& kind) {
  LogExpectation x{Regex{}, CountMatch::AtLeast(1), false, LogSource::kServer};
  bool ok = true;
  ok &= ReadValue(kind, &x.pattern, yaml::ReadRegex);
  ok &= ReadKey(m, "count", &x.count, CountValue(limits::kMaxCount));
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
  ok &= ReadKey(m, "source", &x.source, yaml::ReadSource);
  if (!ok) return std::nullopt;
  return x;
}

std::optional<EventRef> Loader::ReadRef(const Entry& e, bool allow_nth) {
  const std::string example = "{stream: chat, event: recv, nth: 1} or {log: \"pattern\"}";
  if (!e.value.IsMap()) {
    r_.Error(e.value_mark(), "an event reference must be a map such as " + example + ", got " +
                                 yaml::DescribeNode(e.value));
    return std::nullopt;
  }
  if (++event_refs_ > limits::kMaxEventRefs) {
    if (event_refs_ == limits::kMaxEventRefs + 1) {
      r_.Error(e.value_mark(), "too many event references (more than " +
                                   std::to_string(limits::kMaxEventRefs) + " in all)");
    }
    return std::nullopt;
  }
  const MapReader m(r_, e.value, "in event reference", kRefKeys);
  bool ok = m.entries().size() == e.value.size();
  EventRef ref;
  ref.pos = r_.Pos(e.value_mark());
  const Entry* stream = m.Find("stream");
  const Entry* log = m.Find("log");
  if (stream != nullptr && log != nullptr) {
    r_.Error(log->key_mark(), "an event reference has \"stream\" or \"log\", not both");
    return std::nullopt;
  }
  if (stream == nullptr && log == nullptr) {
    if (ok) {
      r_.Error(e.value_mark(),
               "an event reference needs \"stream\" (with \"event\") or \"log\", "
               "e.g. " +
                   example);
    }
    return std::nullopt;
  }
  if (const Entry* nth = m.Find("nth")) {
    if (!allow_nth) {
      r_.Error(nth->key_mark(),
               "\"nth\" is not allowed in \"none\": it matches every such "
               "event after \"after\"");
      ok = false;
    } else if (auto v = yaml::ReadInt(r_, *nth, -limits::kMaxCount, limits::kMaxCount)) {
      if (*v == 0) {
        r_.Error(nth->value_mark(),
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
      r_.Error(s->key_mark(), "\"source\" applies only to a log reference");
      ok = false;
    }
    const Entry* event = m.Find("event");
    if (event == nullptr) {
      r_.Error(stream->key_mark(),
               "an event reference to a stream needs \"event\" (start, "
               "send, recv, cancel or done)");
      ok = false;
    } else if (auto name = yaml::ReadString(r_, *event, false)) {
      const auto found = std::find(kEventNames.begin(), kEventNames.end(), *name);
      if (found == kEventNames.end()) {
        std::string guess = ClosestMatch(*name, kEventNames);
        if (guess.empty()) {
          if (*name == "receive" || *name == "received" || *name == "recieve") guess = "recv";
          if (*name == "sent") guess = "send";
          if (*name == "end" || *name == "ended" || *name == "finish") guess = "done";
          if (*name == "started" || *name == "begin") guess = "start";
          if (*name == "cancelled" || *name == "canceled") guess = "cancel";
        }
        r_.Error(event->value_mark(),
                 "unknown event " + Quote(*name) +
                     (guess.empty() ? " (expected start, send, recv, cancel or done)"
                                    : " (did you mean " + Quote(guess) + "?)"));
        ok = false;
      } else {
        ref.event = static_cast<EventKind>(found - kEventNames.begin());
      }
    } else {
      ok = false;
    }
    if (auto id = yaml::ReadString(r_, *stream, false)) {
      ref.stream_id = *id;
      const EventKind ev = ref.event;
      const bool check_event = event != nullptr;
      const YAML::Mark event_mark = event != nullptr ? event->value_mark() : YAML::Mark();
      const std::string sid = *id;
      UseStream(
          *stream, *id, kNoStep, [this, ev, check_event, event_mark, sid](const StreamInfo& info) {
            if (!check_event || StreamHasEvent(info.decl.kind, ev)) return;
            r_.Error(event_mark, std::string(info.decl.kind == StreamKind::kUpload ? "an " : "a ") +
                                     StreamKindName(info.decl.kind) + " stream has no " +
                                     EventKindName(ev) + " events (" + Quote(sid) +
                                     (ev == EventKind::kSend ? " sends nothing)"
                                                             : " receives only its summary)"));
          });
    } else {
      ok = false;
    }
  } else {
    ref.kind = EventRef::Kind::kLog;
    if (const Entry* ev = m.Find("event")) {
      r_.Error(ev->key_mark(), "\"event\" applies only to a stream reference");
      ok = false;
    }
    ok &= ReadValue(*log, &ref.log, yaml::ReadRegex);
    ok &= ReadKey(m, "source", &ref.source, yaml::ReadSource);
  }
  if (!ok) return std::nullopt;
  return ref;
}

std::optional<ExpectationBody> Loader::ReadOrder(const Entry& kind) {
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
    if (auto ref = ReadRef(e, true))
      x.events.push_back(std::move(*ref));
    else
      ok = false;
  }
  if (!ok) return std::nullopt;
  return x;
}

std::optional<ExpectationBody> Loader::ReadWithin(const Entry& kind) {
  if (!ExpectMap(kind, "\"within\"", "{from: REF, to: REF, max: 200ms}")) return std::nullopt;
  MapReader m(r_, kind.value, "in within", kWithinBodyKeys);
  bool ok = m.entries().size() == kind.value.size();
  for (const char* key : {"from", "to", "max"}) {
    if (!m.Has(key)) {
      r_.Error(kind.key_mark(), std::string("\"within\" is missing required key \"") + key + "\"");
      ok = false;
    }
  }
  WithinExpectation x;
  ok &= ReadKey(m, "from", &x.from, EventRefValue());
  ok &= ReadKey(m, "to", &x.to, EventRefValue());
  ok &= ReadKey(m, "max", &x.max, DurationValue(/*allow_zero=*/true));
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

std::optional<ExpectationBody> Loader::ReadNone(const MapReader& m, const Entry& kind) {
  NoneExpectation x;
  bool ok = true;
  if (auto ref = ReadRef(kind, /*allow_nth=*/false))
    x.what = std::move(*ref);
  else
    ok = false;
  if (!m.Has("after")) {
    r_.Error(kind.key_mark(),
             "a \"none\" expectation is missing required key \"after\" (the "
             "event after which it must not happen)");
    ok = false;
  }
  ok &= ReadKey(m, "after", &x.after, EventRefValue());
  ok &= ReadKey(m, "for", &x.for_duration, DurationValue(/*allow_zero=*/false));
  if (!ok) return std::nullopt;
  return x;
}

}  // namespace

// ---------------------------------------------------------------------------
// Entry points.

LoadResult LoadScenarioText(std::string_view text, const std::string& display_path) {
  LoadResult result;
  Reporter r(display_path);
  try {
    if (text.size() > limits::kMaxFileBytes) {
      r.FileError("file is too large (" + std::to_string(text.size()) + " bytes; limit 1 MiB)");
    } else if (yaml::CheckText(text, r)) {
      if (auto root = yaml::ParseDocument(text, r)) {
        Loader loader(r);
        result.scenario = loader.Load(*root, display_path);
      }
    }
  } catch (const std::exception& e) {
    r.ErrorAt(1, 1, std::string("internal error while loading: ") + e.what());
  } catch (...) {
    r.ErrorAt(1, 1, "internal error while loading");
  }
  result.diagnostics = r.Take();
  if (!result.diagnostics.empty()) result.scenario.reset();
  return result;
}

LoadResult LoadScenarioFile(const std::string& path) {
  LoadResult result;
  auto fail = [&](std::string message) {
    result.diagnostics.push_back(Diagnostic{path, 0, 0, std::move(message)});
    return result;
  };
  try {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
      return fail(std::string("cannot read the file: ") + std::strerror(errno));
    }
    if (S_ISDIR(st.st_mode)) return fail("is a directory, not a scenario file");
    if (!S_ISREG(st.st_mode)) return fail("is not a regular file");
    if (static_cast<std::uintmax_t>(st.st_size) > limits::kMaxFileBytes) {
      return fail("file is too large (" + std::to_string(st.st_size) + " bytes; limit 1 MiB)");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(std::string("cannot read the file: ") + std::strerror(errno));
    // Read at most one byte past the limit, in case the file grew.
    std::string text(limits::kMaxFileBytes + 1, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (in.bad()) return fail("cannot read the file: read error");
    text.resize(static_cast<std::size_t>(in.gcount()));
    return LoadScenarioText(text, path);
  } catch (const std::exception& e) {
    return fail(std::string("cannot read the file: ") + e.what());
  }
}

std::vector<std::string> ExpandScenarioPaths(const std::vector<std::string>& args,
                                             std::vector<Diagnostic>* errors) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (seen.insert(p).second) out.push_back(p);
  };
  auto error = [&](const std::string& p, std::string message) {
    if (errors != nullptr) errors->push_back(Diagnostic{p, 0, 0, std::move(message)});
  };
  for (const std::string& arg : args) {
    std::error_code ec;
    const fs::file_status st = fs::status(arg, ec);
    if (ec || !fs::exists(st)) {
      error(arg, "no such file or directory");
      continue;
    }
    if (!fs::is_directory(st)) {
      add(arg);
      continue;
    }
    std::vector<std::string> found;
    for (fs::directory_iterator it(arg, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() != ".yaml") continue;
      std::error_code ec2;
      if (fs::is_directory(it->status(ec2))) continue;
      found.push_back(p.string());
    }
    if (ec) {
      error(arg, "cannot list the directory: " + ec.message());
      continue;
    }
    if (found.empty()) {
      error(arg, "directory has no *.yaml files");
      continue;
    }
    std::sort(found.begin(), found.end());
    for (const auto& p : found) add(p);
  }
  return out;
}

}  // namespace brew::lab
