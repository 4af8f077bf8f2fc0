#include "core/event/event_kind.h"

namespace brew {
namespace {

// One row per stream kind, one column per event kind, in enum order.
constexpr bool kHasEvent[kStreamKindCount][kEventKindCount] = {
    //            start  send   recv   cancel done   close  commit
    /* subscribe */ {true, false, true, true, true, false, false},
    /* upload    */ {true, true, false, true, true, true, false},
    /* chat      */ {true, true, true, true, true, true, false},
    /* consume   */ {true, false, true, false, true, false, true},
};

}  // namespace

const char* StreamKindName(StreamKind kind) {
  switch (kind) {
    case StreamKind::kSubscribe: return "subscribe";
    case StreamKind::kUpload: return "upload";
    case StreamKind::kChat: return "chat";
    case StreamKind::kConsume: return "consume";
  }
  return "?";
}

std::optional<StreamKind> StreamKindFromName(std::string_view name) {
  for (StreamKind kind : kAllStreamKinds) {
    if (name == StreamKindName(kind)) return kind;
  }
  return std::nullopt;
}

const char* EventKindName(EventKind kind) {
  switch (kind) {
    case EventKind::kStart: return "start";
    case EventKind::kSend: return "send";
    case EventKind::kRecv: return "recv";
    case EventKind::kCancel: return "cancel";
    case EventKind::kDone: return "done";
    case EventKind::kCloseSend: return "close_send";
    case EventKind::kCommit: return "commit";
  }
  return "?";
}

std::optional<EventKind> EventKindFromName(std::string_view name) {
  for (EventKind kind : kAllEventKinds) {
    if (name == EventKindName(kind)) return kind;
  }
  return std::nullopt;
}

bool StreamHasEvent(StreamKind stream, EventKind event) {
  return kHasEvent[static_cast<std::size_t>(stream)][static_cast<std::size_t>(event)];
}

}  // namespace brew
