// The scenario model: one labrun exercise as typed, validated data.
//
// A Scenario comes out of runner/scenario_loader.h and is only ever built
// from a file that passed validation, so the executor may rely on every
// invariant written next to a field below (ids are unique, every stream id a
// step or expectation names belongs to a stream step, a step only names
// streams started by an earlier step, `bad <= count`, nth != 0, ...).
//
// Every element keeps the place it came from (SourcePos: file, 1-based line
// and column) so a failure can cite it: "scenarios/x.yaml:12:5: ...".
//
// The file format is documented in docs/scenario-format.md; the names of the
// fields here are the names of the keys there.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/event/event_kind.h"
#include "core/event/status_code.h"
#include "core/util/duration.h"
#include "core/util/padding.h"

namespace brew::lab {

// ---------------------------------------------------------------------------
// Defaults and limits (docs/scenario-format.md lists the same values).

namespace defaults {
inline constexpr int kPoints = 1;
inline constexpr Duration kTimeout = std::chrono::seconds(30);
inline constexpr Duration kTick = std::chrono::seconds(1);              // ServerConfig::tick
inline constexpr Duration kEchoDelay = std::chrono::milliseconds(200);  // ServerConfig::echo_delay
inline constexpr Duration kReadDelay = Duration::zero();                // ServerConfig::read_delay
inline constexpr int kSubscribeLimit = 5;                               // `make run-subscribe`
inline constexpr int kUploadCount = 20;                                 // `make run-upload`
inline constexpr const char* kUploadCustomerId = "cust-import";
inline constexpr const char* kChatFrom = "order-service";
inline constexpr int kChatCount = 5;  // `make run-chat`
inline constexpr Duration kChatInterval = std::chrono::milliseconds(20);
inline constexpr Duration kWaitTimeout = std::chrono::seconds(10);
inline constexpr Duration kServerGrace =
    std::chrono::milliseconds(500);  // StreamingServer::kDefaultGrace
}  // namespace defaults

namespace limits {
inline constexpr std::size_t kMaxFileBytes = 1024 * 1024;        // checked before parsing
inline constexpr int kMaxDepth = 64;                             // YAML nesting (maps + sequences)
inline constexpr int64_t kMaxCount = 100000;                     // any message count, limit, nth, N
inline constexpr int kMaxMessageBytes = brew::kMaxMessageBytes;  // message_bytes, as the clients
inline constexpr std::size_t kMaxSteps = 1000;
inline constexpr std::size_t kMaxStreams = 100;
inline constexpr std::size_t kMaxExpectations = 1000;
inline constexpr std::size_t kMaxOrderEvents = 1000;
inline constexpr Duration kMaxDuration = std::chrono::hours(1);    // any duration field...
inline constexpr Duration kMaxTimeout = std::chrono::minutes(10);  // ...but the scenario timeout
inline constexpr int64_t kMaxPoints = 1000;
inline constexpr std::size_t kMaxIdLength = 64;           // stream ids
inline constexpr std::size_t kMaxNameLength = 128;        // scenario names
inline constexpr std::size_t kMaxRegexLength = 1000;      // log patterns
inline constexpr int64_t kMaxRegexStates = 10000;         // per pattern (estimated)
inline constexpr int64_t kMaxRegexStatesTotal = 1000000;  // all distinct patterns
inline constexpr std::size_t kMaxEventRefs = 10000;       // all event references
inline constexpr std::size_t kMaxStatusNames = 17;        // in one `status` list
inline constexpr std::size_t kMaxDiagnostics = 50;        // then "too many errors"
}  // namespace limits

// ---------------------------------------------------------------------------
// Small value types.

// Where a model element came from. line/column are 1-based and count bytes
// (as yaml-cpp does); 0/0 means "the file as a whole".
struct SourcePos {
  std::string file;
  int line = 0;
  int column = 0;

  // "FILE:LINE:COLUMN" (or just "FILE" for 0/0).
  std::string ToString() const;
};

// A log pattern: the text as written and the std::regex (ECMAScript) it
// compiled to at load time. A line matches when the pattern is found
// anywhere in it (std::regex_search), so plain text works as a pattern.
struct Regex {
  std::string pattern;
  std::regex compiled;

  bool Search(std::string_view line) const {
    return std::regex_search(line.begin(), line.end(), compiled);
  }
};

// A pattern for one log line (docs/scenario-format.md, "Log lines"). labrun
// records every server line as its message then key=value pairs, with
// slog's quoting, whoever wrote it (runner/result/log_record.h); a pattern
// matches that record in one of two forms:
//   - the regex form, "^subscribe ended: limit reached sent=5$": searched in
//     the line's text;
//   - the record form, {msg: "subscribe ended: client gone", sent: 3,
//     err: /context (canceled|deadline exceeded)/}: the message and each
//     named attribute compared by value (a /regex/ value is searched), in any
//     order; attributes it does not name are ignored.
struct LogPattern {
  // One value of the record form: the text exactly, or a regex searched in it.
  struct Value {
    std::string text;
    std::optional<Regex> regex;

    bool Matches(std::string_view value) const {
      return regex ? regex->Search(value) : value == text;
    }
    std::string ToString() const;  // "\"text\"" or "/regex/"
  };

  std::optional<Regex> line;  // the regex form; unset: the record form
  std::optional<Value> msg;   // record form: unset matches any message
  std::vector<std::pair<std::string, Value>> attrs;

  // "/regex/", or "{msg: \"subscribe ended: client gone\", sent: \"3\"}".
  std::string ToString() const;
  // The text a matching line starts with, as far as the pattern says: a
  // regex's literal start (after ^, up to its first metacharacter), or the
  // record's message and exact attributes ("upload ended accepted=17").
  // For a failure's "nearest" line; "" when nothing is literal.
  std::string LiteralStart() const;
};

// Whose log lines a log pattern is matched against: the in-process server's
// logger, the lines labrun records for client events, or (with `kafka:
// true`) the scenario's broker's own lines ("broker up at ...", "broker
// down for=2s", "broker up").
enum class LogSource { kServer, kClient, kKafka };
const char* LogSourceName(LogSource source);  // "server", "client", "kafka"

// Status codes (StatusCode, StatusCodeName, ...), stream kinds and event
// kinds (StreamKind, EventKind, StreamHasEvent) are the event vocabulary's:
// core/event/.

// A count check: `20` (exactly: at_least = at_most = 20), `{at_least: N}`,
// `{at_most: N}` or both. At least one bound is set; at_least <= at_most.
struct CountMatch {
  std::optional<int64_t> at_least;
  std::optional<int64_t> at_most;

  static CountMatch Exactly(int64_t n) { return {n, n}; }
  static CountMatch AtLeast(int64_t n) { return {n, std::nullopt}; }
  static CountMatch AtMost(int64_t n) { return {std::nullopt, n}; }

  bool Matches(int64_t n) const {
    return (!at_least || n >= *at_least) && (!at_most || n <= *at_most);
  }
  // "20", "at least 2", "at most 0", "2..5".
  std::string ToString() const;

  bool operator==(const CountMatch& o) const {
    return at_least == o.at_least && at_most == o.at_most;
  }
};

// ---------------------------------------------------------------------------
// Streams.

// One stream a step starts; Scenario::streams lists them in step order.
struct StreamDecl {
  std::string id;
  StreamKind kind = StreamKind::kSubscribe;
  std::size_t step_index = 0;  // into Scenario::steps
  SourcePos pos;               // the step
};

// ---------------------------------------------------------------------------
// Steps. A stream step starts its stream and returns at once; the other steps
// block (wait, sleep, server stop/restart) or act at once (cancel, close_send).
// The stream steps' fields are named and defaulted as core/client/
// client_options.h's SubscribeOptions / UploadOptions / ChatOptions.

struct SubscribeStep {
  std::string id;                          // required; unique among stream ids
  std::string customer_id;                 // "" (every customer)
  int limit = defaults::kSubscribeLimit;   // 0: until cancelled; 0..kMaxCount
  std::optional<Duration> deadline;        // none: no deadline
  Duration read_delay = Duration::zero();  // the client's pause after each event
  int message_bytes = 0;                   // the events' size, padded by the server
};

struct UploadStep {
  std::string id;
  int count = defaults::kUploadCount;  // records; 0..kMaxCount
  int bad = 0;                         // the first `bad` are invalid; 0..count
  Duration pause = Duration::zero();   // after each record
  std::string customer_id = defaults::kUploadCustomerId;
  // false: the client keeps its send side open after the last record until
  // a later `close_send` step (or a cancel, deadline or server stop).
  bool close_send = true;
  std::optional<Duration> deadline;
  int message_bytes = 0;  // each record's size with padding; 0..kMaxMessageBytes
};

struct ChatStep {
  std::string id;
  std::string from = defaults::kChatFrom;
  int count = defaults::kChatCount;             // pings; 0..kMaxCount
  Duration interval = defaults::kChatInterval;  // after each ping
  bool close_send = true;                       // as UploadStep::close_send
  std::optional<Duration> deadline;
  int message_bytes = 0;  // as UploadStep::message_bytes
  int ack_batch = 0;      // 0: send freely; N: wait for N echoes per N pings
};

// A consumer of brew.orders.v1 in consumer group `group` (core/kafka/
// order_consumer.h): it starts at `from`, receives records and commits each
// one, until `limit` records (0: until a `stop` step or the scenario's end).
// Needs `kafka: true` in the server settings.
struct ConsumeStep {
  std::string id;
  std::string group;                  // required
  std::string from = "committed";     // committed | earliest | latest
  int limit = 0;                      // 0..kMaxCount
  Duration pause = Duration::zero();  // after each record: a slow consumer
};

// Closes consumer `stream_id` (its commits are already made).
struct StopStep {
  std::string stream_id;
};

// The scenario's embedded broker goes down (it drops its connections and
// refuses new ones) for `duration`, then comes back with its data. Blocks
// for `duration`.
struct KafkaDownStep {
  Duration duration = Duration::zero();  // the `for` key
};

// Blocks until one condition holds, or fails the scenario after `timeout`.
struct WaitStep {
  enum class Condition {
    kDuration,  // `duration` has passed (no timeout)
    kReceived,  // stream `stream_id` has received at least `n` messages
    kSent,      // stream `stream_id` has sent at least `n` messages
    kStarted,   // stream `stream_id` has started (its `start` event: a consumer's
                // once it is positioned on the topic)
    kDone,      // stream `stream_id` has ended (its `done` event)
    kLog,       // at least `n` lines of `source` matched `log`
  };
  Condition condition = Condition::kDuration;
  Duration duration = Duration::zero();       // kDuration
  std::string stream_id;                      // kReceived, kSent, kStarted, kDone
  int64_t n = 0;                              // kReceived, kSent, kLog (default 1)
  std::optional<LogPattern> log;              // kLog
  LogSource source = LogSource::kServer;      // kLog
  Duration timeout = defaults::kWaitTimeout;  // all but kDuration
};

struct CancelStep {
  std::string stream_id;  // a stream started by an earlier step
};

// Only for an upload or chat stream started with close_send: false.
struct CloseSendStep {
  std::string stream_id;
};

struct SleepStep {
  Duration duration = Duration::zero();
};

// StreamingServer::Shutdown(grace): live streams get `grace` to end, then
// are cancelled. stop_server leaves the server down (later streams fail with
// UNAVAILABLE) until a restart_server; restart_server stops it (if it runs)
// and starts a new one with the same config on the same port.
struct StopServerStep {
  Duration grace = defaults::kServerGrace;
};
struct RestartServerStep {
  Duration grace = defaults::kServerGrace;
};

// Alternatives in the order of StepKind.
using StepBody = std::variant<SubscribeStep, UploadStep, ChatStep, WaitStep, CancelStep,
                              CloseSendStep, SleepStep, StopServerStep, RestartServerStep,
                              ConsumeStep, StopStep, KafkaDownStep>;

enum class StepKind {
  kSubscribe,
  kUpload,
  kChat,
  kWait,
  kCancel,
  kCloseSend,
  kSleep,
  kStopServer,
  kRestartServer,
  kConsume,
  kStop,
  kKafkaDown,
};
// "subscribe", "upload", "chat", "wait", "cancel", "close_send", "sleep",
// "stop_server", "restart_server", "consume", "stop", "kafka_down": the
// step's key in the file.
const char* StepKindName(StepKind kind);
inline constexpr std::size_t kStepKindCount = std::variant_size_v<StepBody>;
static_assert(static_cast<std::size_t>(StepKind::kKafkaDown) + 1 == kStepKindCount,
              "StepKind lists StepBody's alternatives, in order");

struct Step {
  SourcePos pos;  // the step's kind key ("- chat:" points at "chat")
  StepBody body;

  StepKind kind() const { return static_cast<StepKind>(body.index()); }
  // The stream this step starts or acts on ("" for sleep, server steps and
  // waits that are not about a stream).
  const std::string& stream_id() const;
};

// ---------------------------------------------------------------------------
// Expectations, checked after the steps.

// An event's text: a plain string that must appear in it, or a /regex/
// searched in it.
struct TextMatch {
  LogPattern::Value value;

  bool Matches(std::string_view text) const {
    return value.regex ? value.regex->Search(text) : text.find(value.text) != std::string::npos;
  }
  std::string ToString() const { return value.ToString(); }  // "\"text\"" or "/regex/"
};

// A point on the timeline: the nth event of a kind on a stream (of those
// whose text matches `text`, if given), or the nth log line matching a
// pattern. nth counts from 1; negative counts from the end (-1 = the last);
// never 0.
struct EventRef {
  enum class Kind { kStream, kLog };
  Kind kind = Kind::kStream;
  std::string stream_id;                  // kStream
  EventKind event = EventKind::kStart;    // kStream
  std::optional<TextMatch> text;          // kStream: only events whose text matches
  std::optional<LogPattern> log;          // kLog
  LogSource source = LogSource::kServer;  // kLog
  int64_t nth = 1;                        // 1..kMaxCount or -kMaxCount..-1
  SourcePos pos;

  // "chat send #20", "screen cancel #1", "log /client gone/ #1",
  // "chat recv #-1 (last)", "chat recv \"echo: ping 3\" #1". With nth
  // omitted (in `none`, `gaps`): "chat recv".
  std::string ToString(bool with_nth = true) const;
};

// A stream's outcome. At least one of the optional checks is set.
struct StreamExpectation {
  std::string stream_id;
  std::vector<StatusCode> status;      // empty: unchecked; else any of these
  std::optional<CountMatch> sent;      // not for subscribe streams
  std::optional<CountMatch> received;  // not for upload streams
  // Upload streams only: the UploadSummary fields; at least one is set.
  struct Summary {
    std::optional<CountMatch> received;
    std::optional<CountMatch> accepted;
    std::optional<CountMatch> rejected;
    std::optional<CountMatch> total_cents;
  };
  std::optional<Summary> summary;
  std::optional<std::string> error_contains;  // substring of the status message
};

// Lines matching `pattern`: `count` of them (default at least 1). With
// `absent: true`, absent is set and count is at_most 0. With `stream_id`
// (client lines only): that stream's lines alone.
struct LogExpectation {
  LogPattern pattern;
  CountMatch count = CountMatch::AtLeast(1);
  bool absent = false;
  LogSource source = LogSource::kServer;
  std::string stream_id;  // "": every stream's client lines
};

// The events happened in this order (each strictly before the next); at
// least 2.
struct OrderExpectation {
  std::vector<EventRef> events;
};

// Both events happened and min <= to - from <= max.
struct WithinExpectation {
  EventRef from;
  EventRef to;
  Duration max = Duration::zero();
  std::optional<Duration> min;  // <= max
};

// `after` happened, and no event matching `what` happened after it (within
// `for_duration` of it, or else until the scenario's end). `what` has no nth
// (its nth is 1 and meaningless).
struct NoneExpectation {
  EventRef what;
  EventRef after;
  std::optional<Duration> for_duration;  // the `for` key
};

// Every gap between consecutive events matching `events` (its nth unused)
// is within [min, max]; at least two such events happened. At least one of
// min and max is set.
struct GapsExpectation {
  EventRef events;
  std::optional<Duration> min;
  std::optional<Duration> max;
};

// The offsets consumer group `group` has committed on the scenario's topic
// at the end of the run, summed over the partitions: for a group that
// started at the beginning, the number of records it has committed.
struct CommittedExpectation {
  std::string group;
  CountMatch total = CountMatch::AtLeast(0);
};

using ExpectationBody =
    std::variant<StreamExpectation, LogExpectation, OrderExpectation, WithinExpectation,
                 NoneExpectation, GapsExpectation, CommittedExpectation>;

enum class ExpectationKind { kStream, kLog, kOrder, kWithin, kNone, kGaps, kCommitted };
// "stream", "log", "order", "within", "none", "gaps", "committed": the key
// that selects the kind.
const char* ExpectationKindName(ExpectationKind kind);
inline constexpr std::size_t kExpectationKindCount = std::variant_size_v<ExpectationBody>;
static_assert(static_cast<std::size_t>(ExpectationKind::kCommitted) + 1 == kExpectationKindCount,
              "ExpectationKind lists ExpectationBody's alternatives, in order");

struct Expectation {
  SourcePos pos;     // the list item (its first key)
  std::string name;  // "" when not given: use Describe()
  ExpectationBody body;

  ExpectationKind kind() const { return static_cast<ExpectationKind>(body.index()); }
  // `name` if given, else a one-line description such as
  // "stream chat: status OK, sent 20, received 20",
  // "order: chat send #20 < chat recv #1",
  // "log /chat ended/ (server): at least 1".
  std::string Describe() const;
};

// ---------------------------------------------------------------------------
// The scenario.

// The in-process server's config (core/server/server_config.h).
struct ServerSettings {
  Duration tick = defaults::kTick;             // > 0
  Duration echo_delay = defaults::kEchoDelay;  // >= 0
  Duration read_delay = defaults::kReadDelay;  // >= 0; per upload record / chat message read
  // Not in the lesson: the Kafka side. `kafka: true` hosts a broker (a mock
  // cluster) for the scenario in labrun itself, so it outlives
  // restart_server, and the server publishes accepted uploads to it;
  // `orders_from: kafka` makes the screens' orders come from the topic.
  bool kafka = false;
  bool orders_from_kafka = false;  // needs kafka
  SourcePos pos;                   // the `server` key, or the file
};

// What brewlab's own server offers beyond the lesson's contract
// (lesson_contract.h). A scenario that relies on one needs it; against a
// server that lacks it (--server-cmd, --target) the scenario is a SKIP,
// never a FAIL and never a PASS.
enum class Extension {
  kReadDelay,     // a slow reader on demand (--read-delay): the backpressure exercises
  kMessageBytes,  // Subscribe pads events to SubscribeRequest.message_bytes
  kBrewlabLogs,   // log lines and attributes the lesson does not show
  kKafka,         // streaming-server --kafka (and --orders-from kafka): the Kafka side
};
// "read_delay", "message_bytes", "brewlab_logs", "kafka"
const char* ExtensionName(Extension e);
// Every extension, in enum order.
const std::vector<Extension>& AllExtensions();
std::optional<Extension> ExtensionFromName(std::string_view name);

struct Need {
  Extension what;
  std::string why;  // e.g. "the log line \"upload started\"" (for SKIP lines)
  SourcePos pos;    // what in the file needs it
};

struct Scenario {
  std::string file;                       // the path it was loaded from, as given
  std::string name;                       // default: the file's stem
  std::string description;                // default ""
  int points = defaults::kPoints;         // 0..kMaxPoints
  Duration timeout = defaults::kTimeout;  // whole scenario; > 0, <= kMaxTimeout
  SourcePos timeout_pos;                  // the `timeout` value, or the file
  ServerSettings server;
  std::vector<Step> steps;                // at least one
  std::vector<Expectation> expectations;  // may be empty
  std::vector<StreamDecl> streams;        // one per stream step, in step order
  // Declared (`needs:`) and found by the loader (a read_delay, a
  // subscribe's message_bytes, a log pattern on brewlab's own lines); one
  // per extension and reason.
  std::vector<Need> needs;

  // nullptr if no stream has this id.
  const StreamDecl* FindStream(std::string_view id) const;
};

}  // namespace brew::lab
