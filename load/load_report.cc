#include "load/load_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

#include "load/chat_load.h"
#include "load/server_process.h"

namespace brew::load {
namespace {

using nlohmann::json;

const Measurement* Find(const TargetReport& t, const std::string& name) {
  for (const Measurement& m : t.measurements) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

// `v` to `decimals` places, so the JSON reads 12.345, not 12.345000000000001.
double Round(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

json OrNull(const std::optional<double>& v, int decimals) {
  return v ? json(Round(*v, decimals)) : json(nullptr);
}

json LatencyJson(const LatencySummary& s, double scale) {
  // scale 1: microseconds; 1000: milliseconds.
  const auto r = [scale](double us) { return Round(us / scale, 3); };
  return json{{"count", s.count},      {"min", r(s.min_us)}, {"mean", r(s.mean_us)},
              {"p50", r(s.p50_us)},    {"p90", r(s.p90_us)}, {"p99", r(s.p99_us)},
              {"p99_9", r(s.p999_us)}, {"max", r(s.max_us)}};
}

json MeasurementJson(const Measurement& m) {
  json j{{"streams", m.streams},
         {"unit", m.unit},
         {"count", m.count},
         {"seconds", Round(m.seconds, 4)},
         {"per_second", Round(m.PerSecond(), 1)},
         {"server_cpu_s", OrNull(m.cpu.server_s, 3)},
         {"server_cpu_us_per_item", OrNull(m.ServerCpuUsPerItem(), 3)},
         {"client_cpu_s", Round(m.cpu.client_s, 3)},
         {"error", m.error.empty() ? json(nullptr) : json(m.error)}};
  if (m.name == "chat") {
    j["rtt_us"] = m.latency ? LatencyJson(*m.latency, 1) : json(nullptr);
  }
  if (m.name == "subscribe") {
    j["per_subscriber_per_second"] = m.streams > 0 ? Round(m.PerSecond() / m.streams, 2) : 0.0;
    j["tick_ms"] = m.tick_ms ? json(Round(*m.tick_ms, 3)) : json(nullptr);
    j["lag_ms"] = m.latency ? LatencyJson(*m.latency, 1000) : json(nullptr);
    j["skipped_ticks"] = m.skipped_ticks;
    j["server_threads"] = m.server_footprint ? json(m.server_footprint->threads) : json(nullptr);
    j["server_rss_mib"] =
        m.server_footprint ? json(Round(m.server_footprint->rss_mib, 1)) : json(nullptr);
  }
  return j;
}

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// 1234567 -> "1,234,567".
std::string Grouped(double v) {
  std::string digits = Fixed(v, 0);
  const size_t first = digits[0] == '-' ? 1 : 0;
  for (size_t i = digits.size(); i > first + 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// One row of the table: a measurement's figure for each server.
struct Row {
  std::string group;   // "upload, 1 stream" (the first row of a measurement)
  std::string metric;  // "records/s"
  std::string name;    // the measurement
  std::function<std::optional<std::string>(const Measurement&)> value;
};

// The cell of `row` for `t`: "-" when not measured or nothing to show,
// "error" when the measurement failed.
std::string Cell(const Row& row, const TargetReport& t) {
  const Measurement* m = Find(t, row.name);
  if (m == nullptr) return "-";
  if (!m->ok()) return "error";
  return row.value(*m).value_or("-");
}

std::optional<std::string> Rate(const Measurement& m) { return Grouped(m.PerSecond()); }
std::optional<std::string> CpuPerItem(const Measurement& m) {
  const auto v = m.ServerCpuUsPerItem();
  if (!v) return std::nullopt;
  // Less than one clock tick of CPU reads as 0: show the bound instead.
  if (*m.cpu.server_s < CpuClockTick() / 2) {
    return "<" + Fixed(CpuClockTick() * 1e6 / static_cast<double>(m.count), 2);
  }
  return Fixed(*v, 2);
}
std::optional<std::string> Rtt(const Measurement& m, double LatencySummary::*field) {
  if (!m.latency || m.latency->count == 0) return std::nullopt;
  return Fixed((*m.latency).*field, 0);
}
std::optional<std::string> LagMs(const Measurement& m, double LatencySummary::*field) {
  if (!m.latency || m.latency->count == 0) return std::nullopt;
  return Fixed((*m.latency).*field / 1000, 2);
}

// A cell's figure as a number ("1,234" -> 1234); nullopt for "-", "error"
// or a bound ("<0.01").
std::optional<double> Figure(std::string cell) {
  cell.erase(std::remove(cell.begin(), cell.end(), ','), cell.end());
  if (cell.empty() || cell[0] == '<' || cell == "-" || cell == "error") return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(cell.c_str(), &end);
  if (end == cell.c_str() || *end != '\0') return std::nullopt;
  return v;
}

// first / second, as "1.25x"; "-" when either is not a figure or the
// second is 0.
std::string Ratio(const std::string& first, const std::string& second) {
  const auto a = Figure(first);
  const auto b = Figure(second);
  if (!a || !b || *b == 0) return "-";
  return Fixed(*a / *b, 2) + "x";
}

}  // namespace

std::string ReadLoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  if (!(in >> a >> b >> c)) return "";
  return a + " " + b + " " + c;
}

json ToJson(const LoadOptions& options, const RunInfo& info,
            const std::vector<TargetReport>& targets) {
  json servers = json::array();
  for (const TargetReport& t : targets) {
    json measurements = json::object();
    for (const Measurement& m : t.measurements) measurements[m.name] = MeasurementJson(m);
    servers.push_back({{"addr", t.addr},
                       {"server_pid", t.server_pid ? json(*t.server_pid) : json(nullptr)},
                       {"server_pid_note", t.pid_note},
                       {"measurements", measurements},
                       {"error", t.gone.empty() ? json(nullptr) : json(t.gone)},
                       {"warnings", t.warnings}});
  }
  return json{{"tool", "streaming-load"},
              {"settings",
               {{"duration", FormatDuration(options.duration)},
                {"duration_s", std::chrono::duration<double>(options.duration).count()},
                {"streams", options.streams},
                {"subscribers", options.subscribers},
                {"chat_warmup", kChatWarmup}}},
              {"machine",
               {{"cpus", info.cpus},
                {"cpu_clock_tick_s", CpuClockTick()},
                {"loadavg_start", info.loadavg_start},
                {"loadavg_end", info.loadavg_end}}},
              {"servers", servers}};
}

std::string FormatTable(const LoadOptions& options, const RunInfo& info,
                        const std::vector<TargetReport>& targets) {
  using Value = std::function<std::optional<std::string>(const Measurement&)>;
  const Value tick = [](const Measurement& m) -> std::optional<std::string> {
    if (!m.tick_ms) return std::nullopt;
    return Fixed(*m.tick_ms, 2);
  };
  const Value skipped = [](const Measurement& m) -> std::optional<std::string> {
    if (!m.tick_ms) return std::nullopt;
    return std::to_string(m.skipped_ticks);
  };
  const std::vector<Row> rows = {
      {"upload, 1 stream", "records/s", "upload_1", Rate},
      {"", "server CPU us/record", "upload_1", CpuPerItem},
      {"upload, " + std::to_string(options.streams) + " streams", "records/s", "upload_n", Rate},
      {"", "server CPU us/record", "upload_n", CpuPerItem},
      {"chat ping-pong", "RTT p50 us", "chat",
       [](const Measurement& m) { return Rtt(m, &LatencySummary::p50_us); }},
      {"", "RTT p99 us", "chat",
       [](const Measurement& m) { return Rtt(m, &LatencySummary::p99_us); }},
      {"", "RTT p99.9 us", "chat",
       [](const Measurement& m) { return Rtt(m, &LatencySummary::p999_us); }},
      {"", "round trips/s", "chat", Rate},
      {"", "server CPU us/round trip", "chat", CpuPerItem},
      {"subscribe, " + std::to_string(options.subscribers) + " subscribers", "events/s",
       "subscribe", Rate},
      {"", "tick from created_at ms", "subscribe", tick},
      {"", "lag p50 ms", "subscribe",
       [](const Measurement& m) { return LagMs(m, &LatencySummary::p50_us); }},
      {"", "lag p99 ms", "subscribe",
       [](const Measurement& m) { return LagMs(m, &LatencySummary::p99_us); }},
      {"", "skipped ticks", "subscribe", skipped},
      {"", "server CPU us/event", "subscribe", CpuPerItem},
      {"", "server threads", "subscribe",
       [](const Measurement& m) -> std::optional<std::string> {
         if (!m.server_footprint) return std::nullopt;
         return std::to_string(m.server_footprint->threads);
       }},
      {"", "server RSS MiB", "subscribe",
       [](const Measurement& m) -> std::optional<std::string> {
         if (!m.server_footprint) return std::nullopt;
         return Fixed(m.server_footprint->rss_mib, 1);
       }},
  };

  // The rows of measurements that ran for some server (--only leaves some out).
  // Two servers side by side (make load-vs-go): a column of first/second.
  const bool ratio = targets.size() == 2;
  std::vector<std::vector<std::string>> lines;
  lines.push_back({"", ""});
  for (const TargetReport& t : targets) lines[0].push_back(t.addr);
  if (ratio) lines[0].push_back("1st/2nd");
  for (const Row& row : rows) {
    const bool ran = std::any_of(targets.begin(), targets.end(), [&](const TargetReport& t) {
      return Find(t, row.name) != nullptr;
    });
    if (!ran) continue;
    std::vector<std::string> line = {row.group, row.metric};
    for (const TargetReport& t : targets) line.push_back(Cell(row, t));
    if (ratio) line.push_back(Ratio(line[2], line[3]));
    lines.push_back(line);
  }

  std::vector<size_t> width(lines[0].size(), 0);
  for (const auto& line : lines) {
    for (size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], line[i].size());
  }
  std::ostringstream out;
  for (const auto& line : lines) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      const std::string pad(width[i] - line[i].size(), ' ');
      // Labels to the left, figures to the right.
      text += i < 2 ? line[i] + pad : pad + line[i];
      if (i + 1 < line.size()) text += "  ";
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << '\n';
  }

  out << "\nper measurement " << FormatDuration(options.duration) << "; " << info.cpus
      << " CPUs, load average " << info.loadavg_start << " at start, " << info.loadavg_end
      << " at end\n";
  for (const TargetReport& t : targets) {
    out << t.addr << ": server "
        << (t.server_pid ? "pid " + std::to_string(*t.server_pid) + " (" + t.pid_note + ")"
                         : "CPU not measured: " + t.pid_note)
        << '\n';
  }
  for (const TargetReport& t : targets) {
    if (!t.gone.empty()) out << t.addr << ": error: " << t.gone << '\n';
    for (const Measurement& m : t.measurements) {
      if (m.ok() || !t.gone.empty()) continue;
      out << t.addr << ": error: " << m.name << ": " << m.error << '\n';
    }
    for (const std::string& w : t.warnings) out << t.addr << ": warning: " << w << '\n';
  }
  return out.str();
}

}  // namespace brew::load
