#include "runner/scenario/scenario.h"

#include <algorithm>
#include <cctype>

namespace brew::lab {

std::string SourcePos::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const char* LogSourceName(LogSource source) {
  switch (source) {
    case LogSource::kServer: return "server";
    case LogSource::kClient: return "client";
    case LogSource::kKafka: return "kafka";
  }
  return "?";
}

std::string CountMatch::ToString() const {
  if (at_least && at_most) {
    if (*at_least == *at_most) return std::to_string(*at_least);
    return std::to_string(*at_least) + ".." + std::to_string(*at_most);
  }
  if (at_least) return "at least " + std::to_string(*at_least);
  if (at_most) return "at most " + std::to_string(*at_most);
  return "any";
}

const char* StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kSubscribe: return "subscribe";
    case StepKind::kUpload: return "upload";
    case StepKind::kChat: return "chat";
    case StepKind::kWait: return "wait";
    case StepKind::kCancel: return "cancel";
    case StepKind::kCloseSend: return "close_send";
    case StepKind::kSleep: return "sleep";
    case StepKind::kStopServer: return "stop_server";
    case StepKind::kRestartServer: return "restart_server";
    case StepKind::kConsume: return "consume";
    case StepKind::kStop: return "stop";
    case StepKind::kKafkaDown: return "kafka_down";
  }
  return "?";
}

const std::string& Step::stream_id() const {
  static const std::string kNone;
  switch (kind()) {
    case StepKind::kSubscribe: return std::get<SubscribeStep>(body).id;
    case StepKind::kUpload: return std::get<UploadStep>(body).id;
    case StepKind::kChat: return std::get<ChatStep>(body).id;
    case StepKind::kWait: return std::get<WaitStep>(body).stream_id;
    case StepKind::kCancel: return std::get<CancelStep>(body).stream_id;
    case StepKind::kCloseSend: return std::get<CloseSendStep>(body).stream_id;
    case StepKind::kConsume: return std::get<ConsumeStep>(body).id;
    case StepKind::kStop: return std::get<StopStep>(body).stream_id;
    default: return kNone;
  }
}

const char* ExtensionName(Extension e) {
  switch (e) {
    case Extension::kReadDelay: return "read_delay";
    case Extension::kMessageBytes: return "message_bytes";
    case Extension::kBrewlabLogs: return "brewlab_logs";
    case Extension::kKafka: return "kafka";
  }
  return "?";
}

const std::vector<Extension>& AllExtensions() {
  static const std::vector<Extension> kAll = {Extension::kReadDelay, Extension::kMessageBytes,
                                              Extension::kBrewlabLogs, Extension::kKafka};
  return kAll;
}

std::optional<Extension> ExtensionFromName(std::string_view name) {
  for (Extension e : AllExtensions()) {
    if (name == ExtensionName(e)) return e;
  }
  return std::nullopt;
}

std::string LogPattern::Value::ToString() const {
  if (regex) return "/" + regex->pattern + "/";
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string LogPattern::ToString() const {
  if (line) return "/" + line->pattern + "/";
  std::string out = "{";
  if (msg) out += "msg: " + msg->ToString();
  for (const auto& [key, value] : attrs) {
    out += (out.size() > 1 ? ", " : "") + key + ": " + value.ToString();
  }
  return out + "}";
}

std::string LogPattern::LiteralStart() const {
  std::string out;
  if (line) {
    const std::string& re = line->pattern;
    for (size_t i = (!re.empty() && re[0] == '^') ? 1 : 0; i < re.size(); ++i) {
      const char c = re[i];
      if (c == '\\') {
        if (i + 1 < re.size() && std::ispunct(static_cast<unsigned char>(re[i + 1]))) {
          out += re[++i];
          continue;
        }
        break;
      }
      if (std::string_view(".[]()*+?{}|^$").find(c) != std::string_view::npos) {
        // A quantifier makes the character before it optional.
        if ((c == '*' || c == '?' || c == '{') && !out.empty()) out.pop_back();
        break;
      }
      out += c;
    }
    return out;
  }
  if (!msg || msg->regex) return out;
  out = msg->text;
  for (const auto& [key, value] : attrs) {
    if (value.regex) break;
    out += " " + key + "=" + value.text;
  }
  return out;
}

std::string EventRef::ToString(bool with_nth) const {
  std::string out;
  if (kind == Kind::kStream) {
    out = stream_id + " " + EventKindName(event);
    if (text) out += " " + text->ToString();
  } else {
    out = "log " + (log ? log->ToString() : std::string("//"));
    if (source != LogSource::kServer) out += std::string(" (") + LogSourceName(source) + ")";
  }
  if (with_nth) {
    out += " #" + std::to_string(nth);
    if (nth == -1) out += " (last)";
  }
  return out;
}

const char* ExpectationKindName(ExpectationKind kind) {
  switch (kind) {
    case ExpectationKind::kStream: return "stream";
    case ExpectationKind::kLog: return "log";
    case ExpectationKind::kOrder: return "order";
    case ExpectationKind::kWithin: return "within";
    case ExpectationKind::kNone: return "none";
    case ExpectationKind::kGaps: return "gaps";
    case ExpectationKind::kCommitted: return "committed";
  }
  return "?";
}

namespace {

std::string DescribeStream(const StreamExpectation& e) {
  std::vector<std::string> parts;
  if (!e.status.empty()) {
    std::string s = "status ";
    for (std::size_t i = 0; i < e.status.size(); ++i) {
      if (i > 0) s += "|";
      s += StatusCodeName(e.status[i]);
    }
    parts.push_back(s);
  }
  if (e.sent) parts.push_back("sent " + e.sent->ToString());
  if (e.received) parts.push_back("received " + e.received->ToString());
  if (e.summary) {
    std::vector<std::string> fields;
    if (e.summary->received) fields.push_back("received " + e.summary->received->ToString());
    if (e.summary->accepted) fields.push_back("accepted " + e.summary->accepted->ToString());
    if (e.summary->rejected) fields.push_back("rejected " + e.summary->rejected->ToString());
    if (e.summary->total_cents) {
      fields.push_back("total_cents " + e.summary->total_cents->ToString());
    }
    std::string s = "summary {";
    for (std::size_t i = 0; i < fields.size(); ++i) s += (i > 0 ? ", " : "") + fields[i];
    parts.push_back(s + "}");
  }
  if (e.error_contains) parts.push_back("error contains \"" + *e.error_contains + "\"");
  std::string out = "stream " + e.stream_id + ":";
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i > 0 ? ", " : " ") + parts[i];
  return out;
}

}  // namespace

std::string Expectation::Describe() const {
  if (!name.empty()) return name;
  switch (kind()) {
    case ExpectationKind::kStream: return DescribeStream(std::get<StreamExpectation>(body));
    case ExpectationKind::kLog: {
      const auto& e = std::get<LogExpectation>(body);
      const std::string whose =
          e.stream_id.empty() ? LogSourceName(e.source) : "client, stream " + e.stream_id;
      return "log " + e.pattern.ToString() + " (" + whose +
             "): " + (e.absent ? std::string("absent") : e.count.ToString());
    }
    case ExpectationKind::kOrder: {
      const auto& e = std::get<OrderExpectation>(body);
      std::string out = "order:";
      for (std::size_t i = 0; i < e.events.size(); ++i) {
        out += (i > 0 ? " < " : " ") + e.events[i].ToString();
      }
      return out;
    }
    case ExpectationKind::kWithin: {
      const auto& e = std::get<WithinExpectation>(body);
      std::string out = "within: " + e.from.ToString() + " -> " + e.to.ToString() + " in ";
      if (e.min) out += FormatDuration(*e.min) + "..";
      return out + FormatDuration(e.max);
    }
    case ExpectationKind::kNone: {
      const auto& e = std::get<NoneExpectation>(body);
      std::string out = "none: no " + e.what.ToString(false) + " after " + e.after.ToString();
      if (e.for_duration) out += " (for " + FormatDuration(*e.for_duration) + ")";
      return out;
    }
    case ExpectationKind::kGaps: {
      const auto& e = std::get<GapsExpectation>(body);
      std::string out = "gaps: every " + e.events.ToString(false) + " to the next in ";
      if (e.min && e.max) return out + FormatDuration(*e.min) + ".." + FormatDuration(*e.max);
      if (e.min) return out + "at least " + FormatDuration(*e.min);
      return out + "at most " + FormatDuration(*e.max);
    }
    case ExpectationKind::kCommitted: {
      const auto& e = std::get<CommittedExpectation>(body);
      return "committed: group " + e.group + " offsets total " + e.total.ToString();
    }
  }
  return "?";
}

const StreamDecl* Scenario::FindStream(std::string_view id) const {
  auto it =
      std::find_if(streams.begin(), streams.end(), [&](const StreamDecl& s) { return s.id == id; });
  return it == streams.end() ? nullptr : &*it;
}

}  // namespace brew::lab
