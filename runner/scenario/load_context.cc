#include "runner/scenario/load_context.h"

#include "core/util/closest_match.h"

namespace brew::lab::loader {

void LoadContext::DeclareStream(const Entry& id_entry, const std::string& id, StreamKind kind,
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

void LoadContext::UseStream(const Entry& id_entry, const std::string& id, std::size_t step_index,
                            StreamCheck check) {
  uses_.push_back(PendingUse{id, id_entry.value_mark(), step_index, std::move(check)});
}

void LoadContext::ResolveUses() {
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
    if (use.check) use.check(info, r_);
  }
}

std::vector<StreamDecl> LoadContext::Streams() const {
  std::vector<StreamDecl> out;
  for (const auto& info : streams_) out.push_back(info.decl);
  return out;
}

bool LoadContext::ReadSourceKey(const MapReader& m, LogSource* source) {
  const Entry* e = m.Find("source");
  if (e == nullptr) return true;
  if (!ReadValue(*e, source, yaml::ReadSource)) return false;
  if (*source == LogSource::kKafka) UseKafka(*e, "\"source: kafka\" (the broker's lines)");
  return true;
}

void LoadContext::UseKafka(const Entry& e, const std::string& what) {
  kafka_uses_.emplace_back(e.key_mark(), what);
}

void LoadContext::CheckKafkaUses(const ServerSettings& server) {
  if (server.kafka) return;
  for (const auto& [mark, what] : kafka_uses_) {
    r_.Error(mark, what +
                       " needs the scenario's Kafka broker: add \"kafka: true\" under "
                       "\"server\"");
  }
}

bool LoadContext::CountEventRef(const YAML::Mark& mark) {
  if (++event_refs_ <= limits::kMaxEventRefs) return true;
  if (event_refs_ == limits::kMaxEventRefs + 1) {
    r_.Error(mark, "too many event references (more than " + std::to_string(limits::kMaxEventRefs) +
                       " in all)");
  }
  return false;
}

bool LoadContext::ExpectMap(const Entry& e, const std::string& what, const std::string& example) {
  if (e.value.IsMap()) return true;
  r_.Error(e.value_mark(),
           what + " must be a map such as " + example + ", got " + yaml::DescribeNode(e.value));
  return false;
}

std::optional<YAML::Mark> KeyMark(const MapReader& m, const char* key) {
  const Entry* e = m.Find(key);
  if (e == nullptr) return std::nullopt;
  return e->key_mark();
}

std::string Plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > limits::kMaxIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace brew::lab::loader
