#include "core/client/client_printer.h"

namespace brew {

std::optional<std::string> ClientPrinter::Line(const ClientEvent& event) {
  switch (event.kind) {
    case ClientEventKind::kStart:
    case ClientEventKind::kCancel:
      return std::nullopt;
    case ClientEventKind::kSend:
      if (shape_ == ClientShape::kChat) return "> sent: " + event.text;
      return std::nullopt;  // an upload's records are not printed one by one
    case ClientEventKind::kRecv:
      ++received_;
      if (shape_ == ClientShape::kChat) return "< echo from server: " + event.text;
      return "[" + std::to_string(event.n) + "] " + event.text;
    case ClientEventKind::kDone:
      return EndLine(event);
  }
  return std::nullopt;
}

std::string ClientPrinter::EndLine(const ClientEvent& event) const {
  const std::string got = std::to_string(received_);
  const bool ok = event.code == grpc::StatusCode::OK;
  const bool cancelled = event.code == grpc::StatusCode::CANCELLED;
  switch (shape_) {
    case ClientShape::kSubscribe:
      if (ok) return "stream closed by server, got " + got + " events";
      if (cancelled) return "cancelled by client (Ctrl+C), got " + got + " events";
      return std::string("subscribe failed: ") + StatusCodeName(event.code) + ": " + event.text +
             ", got " + got + " events";
    case ClientShape::kUpload:
      if (ok) return "summary: " + event.text;
      return std::string("upload failed: ") + StatusCodeName(event.code) + ": " + event.text;
    case ClientShape::kChat:
      if (ok) return "chat closed by server, got " + got + " echoes";
      return std::string("chat failed: ") + StatusCodeName(event.code) + ": " + event.text +
             ", got " + got + " echoes";
  }
  return "";
}

}  // namespace brew
