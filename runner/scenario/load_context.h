// What the parts of the loader share while they read one file: the
// diagnostics (yaml::Reporter), the streams the steps declare, the uses of
// stream ids waiting to be checked once every stream is known, and the
// typed reads into a model's fields. Internal to labrun_scenario; the API
// is scenario_loader.h.
//
// The parts, each reading one piece of a scenario with a LoadContext:
//   server_reader.h       "server:" (tick, echo_delay, read_delay)
//   step_reader.h         "steps:"
//   expectation_reader.h  "expect:"
//   event_ref_reader.h    an event reference ({stream, event, nth} or {log})
#pragma once

#include <cstddef>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runner/scenario/scenario.h"
#include "runner/scenario/yaml_reader.h"

namespace brew::lab::loader {

using yaml::Entry;
using yaml::MapReader;
using yaml::Quote;
using yaml::Reporter;

// The step index of a use that is not in a step (an expectation's).
constexpr std::size_t kNoStep = std::numeric_limits<std::size_t>::max();

// A stream a step starts.
struct StreamInfo {
  StreamDecl decl;
  bool closes_on_its_own = true;  // subscribe, or close_send: true
};

// A check of one use of a stream id, run by ResolveUses once the stream is
// known. It gets the Reporter to say what is wrong: a check outlives the
// part that made it, so it must capture values, never the part.
using StreamCheck = std::function<void(const StreamInfo&, Reporter&)>;

class LoadContext {
 public:
  explicit LoadContext(Reporter& r) : r_(r) {}
  LoadContext(const LoadContext&) = delete;
  LoadContext& operator=(const LoadContext&) = delete;

  Reporter& reporter() { return r_; }

  // --- Streams and uses of their ids. ---

  // Declares the stream `id` started by the step at `step_index`; a second
  // declaration of an id, or more than limits::kMaxStreams, is reported.
  void DeclareStream(const Entry& id_entry, const std::string& id, StreamKind kind,
                     std::size_t step_index, const YAML::Mark& step_mark, bool closes);
  bool HasStream(const std::string& id) const { return stream_index_.count(id) > 0; }
  // A use of `id` at `id_entry`'s value: checked by ResolveUses (the id must
  // exist, be started by an earlier step when `step_index` is a step's, and
  // then pass `check`).
  void UseStream(const Entry& id_entry, const std::string& id, std::size_t step_index,
                 StreamCheck check = nullptr);
  // Checks every use; call once, after every part has read.
  void ResolveUses();
  std::vector<StreamDecl> Streams() const;

  // --- The Kafka side. ---

  // `what` at `e` (a consume or kafka_down step, a committed expectation)
  // needs the scenario's broker: checked by CheckKafkaUses.
  void UseKafka(const Entry& e, const std::string& what);
  // Reports each use when the server settings have no `kafka: true`.
  void CheckKafkaUses(const ServerSettings& server);

  // Reads `m`'s "source" key, if it has one, into `source`; `source: kafka`
  // (the broker's own lines) counts as a use of the broker.
  bool ReadSourceKey(const MapReader& m, LogSource* source);

  // Counts one event reference at `mark`; false (reported once) past
  // limits::kMaxEventRefs in the file.
  bool CountEventRef(const YAML::Mark& mark);

  // --- Typed reads into fields. ---

  // Reads `e`'s value with `read` (one of the value readers below) into
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

  // A map value for a part that takes one: reports anything else ("`what`
  // must be a map such as `example`, got ...").
  bool ExpectMap(const Entry& e, const std::string& what, const std::string& example);

 private:
  struct PendingUse {
    std::string id;
    YAML::Mark mark;
    std::size_t step_index;
    StreamCheck check;
  };

  Reporter& r_;
  std::vector<StreamInfo> streams_;
  std::map<std::string, std::size_t> stream_index_;
  std::vector<PendingUse> uses_;
  std::vector<std::pair<YAML::Mark, std::string>> kafka_uses_;
  bool too_many_streams_reported_ = false;
  std::size_t event_refs_ = 0;
};

// Value readers for ReadKey and ReadValue: each reads an entry's value, or
// reports why it cannot and returns nullopt. yaml::ReadBool,
// yaml::ReadSource and yaml::ReadRegex serve as they are; these fix the
// parameters of the other reads.
inline auto StringValue(bool allow_empty) {
  return [allow_empty](Reporter& r, const Entry& e) { return yaml::ReadString(r, e, allow_empty); };
}
inline auto IntValue(int64_t min, int64_t max) {
  return [min, max](Reporter& r, const Entry& e) { return yaml::ReadInt(r, e, min, max); };
}
inline auto DurationValue(bool allow_zero) {
  return [allow_zero](Reporter& r, const Entry& e) { return yaml::ReadDuration(r, e, allow_zero); };
}
inline auto CountValue(int64_t max) {
  return [max](Reporter& r, const Entry& e) { return yaml::ReadCount(r, e, max); };
}

// Where `key` stands in `m`, if it is there.
std::optional<YAML::Mark> KeyMark(const MapReader& m, const char* key);

// "1 reference", "3 references".
std::string Plural(std::size_t n, const char* one, const char* many);

// Stream ids appear in reports and messages: 1 to limits::kMaxIdLength
// letters, digits, '_', '-' or '.'.
bool ValidId(const std::string& id);

}  // namespace brew::lab::loader
