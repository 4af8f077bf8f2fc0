#include "core/client/client_printer.h"

namespace brew {

std::optional<std::string> ClientPrinter::Line(const ClientEvent& event) {
  switch (event.kind) {
    case ClientEventKind::kStart: return std::nullopt;
    case ClientEventKind::kCloseSend: return std::nullopt;  // the lesson's clients print nothing
    case ClientEventKind::kCommit: return std::nullopt;     // not a gRPC client's
    case ClientEventKind::kCancel: cancelled_ = true; return std::nullopt;
    case ClientEventKind::kSend:
      ++sent_;
      if (shape_ == ClientShape::kChat) return "> sent: " + event.text;
      return std::nullopt;  // an upload's records are not printed one by one
    case ClientEventKind::kRecv:
      ++received_;
      if (shape_ == ClientShape::kChat) return "< echo from server: " + event.text;
      return "[" + std::to_string(event.n) + "] " + event.text;
    case ClientEventKind::kDone: return EndLine(event);
  }
  return std::nullopt;
}

std::string ClientPrinter::EndLine(const ClientEvent& event) const {
  // "got 1 event", "got 5 events" (the lesson's Go prints "1 events").
  auto count = [](int n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
  };
  const std::string tally =
      shape_ == ClientShape::kUpload ? "sent " + count(sent_, "record", "records")
      : shape_ == ClientShape::kChat ? "got " + count(received_, "echo", "echoes")
                                     : "got " + count(received_, "event", "events");
  if (event.code == grpc::StatusCode::OK) {
    switch (shape_) {
      case ClientShape::kSubscribe: return "stream closed by server, " + tally;
      case ClientShape::kUpload: return "summary: " + event.text;
      case ClientShape::kChat: return "chat closed by server, " + tally;
    }
  }
  if (cancelled_ && event.code == grpc::StatusCode::CANCELLED) {
    return "cancelled by client (Ctrl+C), " + tally;
  }
  const char* what = shape_ == ClientShape::kSubscribe ? "subscribe"
                     : shape_ == ClientShape::kUpload  ? "upload"
                                                       : "chat";
  return std::string(what) + " failed: " + StatusCodeName(event.code) +
         (event.text.empty() ? "" : ": " + event.text) + ", " + tally;
}

}  // namespace brew
