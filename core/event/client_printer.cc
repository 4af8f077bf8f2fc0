#include "core/event/client_printer.h"

namespace brew {

std::optional<std::string> ClientPrinter::Line(const ClientEvent& event) {
  switch (event.kind) {
    case EventKind::kStart: return std::nullopt;
    case EventKind::kCloseSend: return std::nullopt;  // the lesson's clients print nothing
    case EventKind::kCommit: return std::nullopt;     // not a gRPC client's
    case EventKind::kCancel: cancelled_ = true; return std::nullopt;
    case EventKind::kSend:
      ++sent_;
      if (shape_ == StreamKind::kChat) return "> sent: " + event.text;
      return std::nullopt;  // an upload's records are not printed one by one
    case EventKind::kRecv:
      ++received_;
      if (shape_ == StreamKind::kChat) return "< echo from server: " + event.text;
      return "[" + std::to_string(event.n) + "] " + event.text;
    case EventKind::kDone: return EndLine(event);
  }
  return std::nullopt;
}

std::string ClientPrinter::EndLine(const ClientEvent& event) const {
  // "got 1 event", "got 5 events" (the lesson's Go prints "1 events").
  auto count = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const std::string tally =
      shape_ == StreamKind::kUpload ? "sent " + count(sent_, "record", "records")
      : shape_ == StreamKind::kChat ? "got " + count(received_, "echo", "echoes")
                                    : "got " + count(received_, "event", "events");
  if (event.code == StatusCode::kOk) {
    switch (shape_) {
      case StreamKind::kSubscribe:
      case StreamKind::kConsume: return "stream closed by server, " + tally;
      case StreamKind::kUpload: return "summary: " + event.text;
      case StreamKind::kChat: return "chat closed by server, " + tally;
    }
  }
  if (cancelled_ && event.code == StatusCode::kCancelled) {
    return "cancelled by client (Ctrl+C), " + tally;
  }
  return std::string(StreamKindName(shape_)) + " failed: " + StatusCodeName(event.code) +
         (event.text.empty() ? "" : ": " + event.text) + ", " + tally;
}

}  // namespace brew
