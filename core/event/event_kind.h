// The event vocabulary: what can happen on a stream, said once for the
// client functions, the timeline, the scenario files, the expectations and
// every report.
//
// A stream is one of the lesson's three calls (Subscribe, UploadOrders,
// Chat) or, on the Kafka side, a consumer in a consumer group reading
// brew.orders.v1. What happens on it is one of seven events; the names are
// the ones the scenario files and the JSON reports use. Which stream kind
// can have which event is one table (StreamHasEvent), here and nowhere
// else: a subscribe stream never sends (its request is not an event) nor
// closes its send side, an upload stream never receives (its summary comes
// with `done`), and only a consumer commits (it starts, receives, commits
// and ends).
//
// No gRPC here: the scenario model and the reports use this without
// linking the reactors.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace brew {

enum class StreamKind { kSubscribe, kUpload, kChat, kConsume };
inline constexpr std::size_t kStreamKindCount = 4;
inline constexpr std::array<StreamKind, kStreamKindCount> kAllStreamKinds = {
    StreamKind::kSubscribe, StreamKind::kUpload, StreamKind::kChat, StreamKind::kConsume};

// "subscribe", "upload", "chat", "consume"
const char* StreamKindName(StreamKind kind);
std::optional<StreamKind> StreamKindFromName(std::string_view name);
// Whether the stream is a gRPC call (not a consumer of the Kafka topic).
inline bool IsGrpcStream(StreamKind kind) { return kind != StreamKind::kConsume; }

// kCloseSend: an upload or chat client closed its send side (Go's
// CloseSend / CloseAndRecv: the server's Recv sees io.EOF). kCommit: a
// consumer committed its offset.
enum class EventKind { kStart, kSend, kRecv, kCancel, kDone, kCloseSend, kCommit };
inline constexpr std::size_t kEventKindCount = 7;
inline constexpr std::array<EventKind, kEventKindCount> kAllEventKinds = {
    EventKind::kStart, EventKind::kSend,      EventKind::kRecv,  EventKind::kCancel,
    EventKind::kDone,  EventKind::kCloseSend, EventKind::kCommit};

// "start", "send", "recv", "cancel", "done", "close_send", "commit"
const char* EventKindName(EventKind kind);
std::optional<EventKind> EventKindFromName(std::string_view name);

// Which events a kind of stream can have (the table above).
bool StreamHasEvent(StreamKind stream, EventKind event);

// Send and receive events are counted per direction (`n`: 1 for the first).
inline bool IsCounted(EventKind kind) {
  return kind == EventKind::kSend || kind == EventKind::kRecv;
}

}  // namespace brew
