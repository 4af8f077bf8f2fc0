#include "load/latency_stats.h"

#include <algorithm>
#include <cmath>

namespace brew::load {

int64_t Percentile(const std::vector<int64_t>& sorted_ns, double p) {
  if (sorted_ns.empty()) return 0;
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sorted_ns.size()));
  size_t index = rank < 1 ? 0 : static_cast<size_t>(rank) - 1;
  index = std::min(index, sorted_ns.size() - 1);
  return sorted_ns[index];
}

LatencySummary Summarize(std::vector<int64_t>& samples_ns) {
  LatencySummary s;
  s.count = samples_ns.size();
  if (samples_ns.empty()) return s;
  std::sort(samples_ns.begin(), samples_ns.end());
  const auto us = [](int64_t ns) { return static_cast<double>(ns) / 1000.0; };
  double sum = 0;
  for (const int64_t v : samples_ns) sum += static_cast<double>(v);
  s.min_us = us(samples_ns.front());
  s.max_us = us(samples_ns.back());
  s.mean_us = sum / static_cast<double>(samples_ns.size()) / 1000.0;
  s.p50_us = us(Percentile(samples_ns, 50));
  s.p90_us = us(Percentile(samples_ns, 90));
  s.p99_us = us(Percentile(samples_ns, 99));
  s.p999_us = us(Percentile(samples_ns, 99.9));
  return s;
}

}  // namespace brew::load
