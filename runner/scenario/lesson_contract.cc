#include "runner/scenario/lesson_contract.h"

#include <algorithm>
#include <cctype>

namespace brew::lab {
namespace {

bool KeyChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
}

// Splits "message key=... key2=..." into the message and the keys written.
void SplitLiteral(const std::string& text, std::string* message, std::vector<std::string>* keys) {
  size_t first = std::string::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((i == 0 || text[i - 1] == ' ') &&
        (std::isalpha(static_cast<unsigned char>(text[i])) || text[i] == '_')) {
      size_t j = i;
      while (j < text.size() && KeyChar(text[j])) ++j;
      if (j < text.size() && text[j] == '=') {
        if (first == std::string::npos) first = i;
        keys->push_back(text.substr(i, j - i));
        i = j;
      }
    }
  }
  *message = text.substr(0, first == std::string::npos ? text.size() : first);
  while (!message->empty() && message->back() == ' ') message->pop_back();
}

bool HasKey(const LessonLine& line, const std::string& key) {
  return std::any_of(line.keys.begin(), line.keys.end(), [&](const char* k) { return key == k; });
}

std::string Quoted(const std::string& s) { return "\"" + s + "\""; }

// The need of a pattern naming `message` exactly and `keys`.
std::optional<std::string> NeedOfExact(const std::string& message,
                                       const std::vector<std::string>& keys) {
  for (const LessonLine& line : LessonLines()) {
    if (message != line.message) continue;
    for (const std::string& key : keys) {
      if (!HasKey(line, key)) return "the key " + key + " on " + Quoted(message);
    }
    return std::nullopt;
  }
  return "the log line " + Quoted(message);
}

}  // namespace

const std::vector<LessonLine>& LessonLines() {
  static const std::vector<LessonLine> kLines = {
      {"streaming-server started", {"addr", "tick", "echo_delay"}},
      {"subscribe started", {"customer_id", "limit"}},
      {"subscribe ended: limit reached", {"sent"}},
      {"subscribe ended: client gone", {"sent", "err"}},
      {"subscribe send failed", {"sent", "err"}},
      {"upload ended", {"received", "accepted", "rejected"}},
      {"chat ended: client closed send", {}},
  };
  return kLines;
}

std::optional<std::string> BrewlabLogNeed(const LogPattern& pattern) {
  if (!pattern.line) {
    std::vector<std::string> keys;
    for (const auto& attr : pattern.attrs) keys.push_back(attr.first);
    if (!pattern.msg || pattern.msg->regex) {
      // Any message, or one a regex picks: judged by its keys alone.
      for (const std::string& key : keys) {
        const bool somewhere = std::any_of(LessonLines().begin(), LessonLines().end(),
                                           [&](const LessonLine& l) { return HasKey(l, key); });
        if (!somewhere) return "the key " + key;
      }
      return std::nullopt;
    }
    return NeedOfExact(pattern.msg->text, keys);
  }
  const bool anchored = !pattern.line->pattern.empty() && pattern.line->pattern[0] == '^';
  const std::string literal = pattern.LiteralStart();
  std::string message;
  std::vector<std::string> keys;
  SplitLiteral(literal, &message, &keys);
  if (message.empty()) return std::nullopt;
  // Whether the literal ends inside the message (no key written after it).
  const bool open = keys.empty();
  for (const LessonLine& line : LessonLines()) {
    const std::string m = line.message;
    const bool fits =
        anchored ? (open ? m.rfind(message, 0) == 0 : m == message)
                 : (open ? m.find(message) != std::string::npos
                         : m.size() >= message.size() &&
                               m.compare(m.size() - message.size(), message.size(), message) == 0);
    if (!fits) continue;
    const bool keys_ok = std::all_of(keys.begin(), keys.end(),
                                     [&](const std::string& k) { return HasKey(line, k); });
    if (keys_ok) return std::nullopt;
  }
  if (!open) {
    for (const LessonLine& line : LessonLines()) {
      if (anchored && message == line.message) return NeedOfExact(message, keys);
    }
  }
  return "the log line " + Quoted(message);
}

void AddFoundNeeds(Scenario* s) {
  auto add = [s](Extension what, std::string why, const SourcePos& pos) {
    for (Need& n : s->needs) {
      if (n.what != what) continue;
      if (n.why == why) return;
      if (n.why == "declared") {  // what was found says more
        n.why = std::move(why);
        return;
      }
    }
    s->needs.push_back(Need{what, std::move(why), pos});
  };
  if (s->server.kafka) {
    add(Extension::kKafka,
        s->server.orders_from_kafka ? "a server publishing to Kafka and fed from it (--kafka, "
                                      "--orders-from kafka)"
                                    : "a server publishing to Kafka (--kafka)",
        s->server.pos);
  }
  if (s->server.read_delay > Duration::zero()) {
    add(Extension::kReadDelay, "a server read_delay of " + FormatDuration(s->server.read_delay),
        s->server.pos);
  }
  auto add_log = [&](const LogPattern& p, LogSource source, const SourcePos& pos) {
    if (source != LogSource::kServer) return;  // the clients are labrun's own
    if (auto why = BrewlabLogNeed(p)) add(Extension::kBrewlabLogs, *why, pos);
  };
  auto add_ref = [&](const EventRef& ref) {
    if (ref.kind == EventRef::Kind::kLog && ref.log) add_log(*ref.log, ref.source, ref.pos);
  };
  for (const Step& step : s->steps) {
    if (const auto* sub = std::get_if<SubscribeStep>(&step.body)) {
      if (sub->message_bytes > 0) {
        add(Extension::kMessageBytes,
            "events padded to message_bytes (" + std::to_string(sub->message_bytes) + ")",
            step.pos);
      }
    } else if (const auto* wait = std::get_if<WaitStep>(&step.body)) {
      if (wait->log) add_log(*wait->log, wait->source, step.pos);
    }
  }
  for (const Expectation& x : s->expectations) {
    // A line that must be absent needs nothing: a server without it passes.
    if (const auto* log = std::get_if<LogExpectation>(&x.body)) {
      if (!log->absent) add_log(log->pattern, log->source, x.pos);
    } else if (const auto* order = std::get_if<OrderExpectation>(&x.body)) {
      for (const EventRef& ref : order->events) add_ref(ref);
    } else if (const auto* within = std::get_if<WithinExpectation>(&x.body)) {
      add_ref(within->from);
      add_ref(within->to);
    } else if (const auto* none = std::get_if<NoneExpectation>(&x.body)) {
      add_ref(none->after);
    } else if (const auto* gaps = std::get_if<GapsExpectation>(&x.body)) {
      add_ref(gaps->events);
    }
  }
}

}  // namespace brew::lab
