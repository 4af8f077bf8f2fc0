// Order statistics over a set of samples (round-trip times, delivery lags):
// min, percentiles by nearest rank, max and mean. Samples are kept whole, so
// the percentiles are exact; a run of a few seconds keeps at most a few
// hundred thousand of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace brew::load {

struct LatencySummary {
  size_t count = 0;
  // In microseconds; all zero when count is 0.
  double min_us = 0;
  double mean_us = 0;
  double p50_us = 0;
  double p90_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double max_us = 0;
};

// Summarises `samples_ns` (nanoseconds; sorted in place).
LatencySummary Summarize(std::vector<int64_t>& samples_ns);

// The nearest-rank percentile `p` (0 < p <= 100) of sorted `sorted_ns`; 0 if
// empty.
int64_t Percentile(const std::vector<int64_t>& sorted_ns, double p);

}  // namespace brew::load
