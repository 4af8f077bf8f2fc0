#include "runner/run/target_fit.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "runner/result/log_record.h"

namespace brew::lab {
namespace {

bool Takes(const ServerSpec& spec, const char* placeholder) {
  return spec.command.find(placeholder) != std::string::npos;
}

// "needs tick=100ms; the server runs tick=1s (from ...)".
std::string SettingMismatch(const char* key, Duration want, Duration has, const std::string& why) {
  return std::string("needs ") + key + "=" + FormatDuration(want) + "; the server runs " + key +
         "=" + FormatDuration(has) + " (" + why + ")";
}

bool HasStep(const Scenario& s, StepKind kind) {
  return std::any_of(s.steps.begin(), s.steps.end(),
                     [kind](const Step& step) { return step.kind() == kind; });
}

bool HasStopOrRestart(const Scenario& s) {
  for (const Step& step : s.steps) {
    if (step.kind() == StepKind::kStopServer || step.kind() == StepKind::kRestartServer) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::optional<std::string> SkipReason(const Scenario& s, const ServerSpec& spec) {
  // Whatever the server: a real cluster (--kafka) is not labrun's to take down.
  if (!spec.kafka.empty() && HasStep(s, StepKind::kKafkaDown)) {
    return std::string(
        "needs labrun's embedded broker to take down (kafka_down); with "
        "--kafka it cannot take a real cluster down");
  }
  if (spec.kind == ServerSpec::Kind::kInProcess) return std::nullopt;
  const ServerSettings has = EffectiveSettings(s, spec);
  auto why = [&](const char* key) {
    return spec.kind == ServerSpec::Kind::kTarget
               ? spec.target_settings.source
               : std::string("the --server-cmd has no {") + key + "}";
  };
  // A setting matters only to the RPC that uses it: the tick to Subscribe,
  // the echo delay to Chat, the read delay to UploadOrders and Chat.
  const bool subscribes = HasStep(s, StepKind::kSubscribe);
  const bool chats = HasStep(s, StepKind::kChat);
  const bool reads = chats || HasStep(s, StepKind::kUpload);
  if (subscribes && has.tick != s.server.tick) {
    return SettingMismatch("tick", s.server.tick, has.tick, why("tick"));
  }
  if (chats && has.echo_delay != s.server.echo_delay) {
    return SettingMismatch("echo_delay", s.server.echo_delay, has.echo_delay, why("echo_delay"));
  }
  if (reads && has.read_delay != s.server.read_delay) {
    return SettingMismatch("read_delay", s.server.read_delay, has.read_delay, why("read_delay"));
  }
  for (const Need& need : s.needs) {
    if (need.what == Extension::kKafka) {
      // The server must publish to (and read from) the scenario's broker:
      // brewlab's own does; a program does if its template passes {kafka};
      // a --target was started before the broker existed.
      if (spec.kind == ServerSpec::Kind::kTarget) {
        return "needs a server publishing to the scenario's Kafka broker (" + need.why +
               "), which a --target cannot be";
      }
      if (spec.kind == ServerSpec::Kind::kCommand && !Takes(spec, "{kafka}")) {
        return "needs a server publishing to the scenario's Kafka broker (" + need.why +
               "): the --server-cmd has no {kafka}";
      }
      if (spec.kind == ServerSpec::Kind::kCommand && s.server.orders_from_kafka &&
          !Takes(spec, "{orders_from}")) {
        return "needs a server whose screens are fed from Kafka (" + need.why +
               "): the --server-cmd has no {orders_from}";
      }
      continue;
    }
    if (need.what == Extension::kReadDelay) {
      const bool met = spec.kind == ServerSpec::Kind::kCommand ? Takes(spec, "{read_delay}")
                                                               : has.read_delay > Duration::zero();
      if (!met) return "needs brewlab's read_delay (" + need.why + ")";
    } else if (!spec.extensions) {
      const char* what = need.what == Extension::kBrewlabLogs ? "own log lines" : "message_bytes";
      return std::string("needs brewlab's ") + what + " (" + need.why +
             "); run with --server-extensions if the server has them";
    }
  }
  if (spec.kind == ServerSpec::Kind::kTarget && HasStopOrRestart(s)) {
    return std::string(
        "needs labrun to stop and start the server, which it cannot do to a --target");
  }
  return std::nullopt;
}

ServerSettings EffectiveSettings(const Scenario& s, const ServerSpec& spec) {
  ServerSettings out = s.server;
  if (spec.kind == ServerSpec::Kind::kTarget) {
    out.tick = spec.target_settings.tick;
    out.echo_delay = spec.target_settings.echo_delay;
    out.read_delay = spec.target_settings.read_delay;
  } else if (spec.kind == ServerSpec::Kind::kCommand) {
    // What the template does not pass, the program does as the lesson's does.
    if (!Takes(spec, "{tick}")) out.tick = defaults::kTick;
    if (!Takes(spec, "{echo_delay}")) out.echo_delay = defaults::kEchoDelay;
    if (!Takes(spec, "{read_delay}")) out.read_delay = Duration::zero();
  }
  return out;
}

bool ParseTargetConfig(const std::string& text, TargetSettings* settings, std::string* error) {
  std::istringstream in(text);
  TargetSettings out = *settings;
  for (std::string item; std::getline(in, item, ',');) {
    const size_t eq = item.find('=');
    const std::string key = item.substr(0, eq);
    Duration* field = key == "tick"         ? &out.tick
                      : key == "echo_delay" ? &out.echo_delay
                      : key == "read_delay" ? &out.read_delay
                                            : nullptr;
    if (field == nullptr || eq == std::string::npos) {
      *error = "\"" + item + "\" is not tick=D, echo_delay=D or read_delay=D";
      return false;
    }
    std::string why;
    const auto d = ParseDuration(item.substr(eq + 1), &why);
    if (!d || *d < Duration::zero() || (field == &out.tick && *d == Duration::zero())) {
      *error = "\"" + item + "\": " + (why.empty() ? "out of range" : why);
      return false;
    }
    *field = *d;
  }
  out.source = "--target-config " + text;
  *settings = out;
  return true;
}

bool TargetSettingsFromLog(const std::string& log_file, TargetSettings* settings) {
  std::ifstream in(log_file);
  bool found = false;
  TargetSettings out = *settings;
  for (std::string line; std::getline(in, line);) {
    const LogRecordLine record = ParseLogLine(line);
    if (record.message != "streaming-server started") continue;
    for (const auto& [key, value] : record.attrs) {
      std::string why;
      const auto d = ParseDuration(value, &why);
      if (!d) continue;
      if (key == "tick") out.tick = *d;
      if (key == "echo_delay") out.echo_delay = *d;
      if (key == "read_delay") out.read_delay = *d;
    }
    found = true;
  }
  if (!found) return false;
  out.source = "its start line in " + log_file;
  *settings = out;
  return true;
}

}  // namespace brew::lab
