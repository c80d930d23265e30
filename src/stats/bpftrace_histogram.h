// bpftrace's printed histograms (the @map: lines bpftrace writes when it exits) read back as
// data: --enable-latency-tracing puts them in the results JSON as device_latency_tracing.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kvbench::stats {

// One bucket of a power-of-two histogram: values in [low, high), high = 0 for an open top.
struct HistogramBucket {
  std::uint64_t low = 0;
  std::uint64_t high = 0;
  std::uint64_t count = 0;
};

struct NamedHistogram {
  std::string name;  // the map's name without '@' ("block_read_us")
  std::vector<HistogramBucket> buckets;
};

// Reads every `@name:` block of bucket lines ("[4K, 8K)   12 |@@@  |") in bpftrace's output;
// lines that are no bucket (its "Attaching 2 probes..." banner, scalars) are skipped.
std::vector<NamedHistogram> parse_bpftrace_histograms(const std::string& text);

// Count-weighted percentile of a histogram: the upper edge of the bucket where the share is
// reached (the low edge for an open top bucket); 0 when empty.
double histogram_percentile(const NamedHistogram& h, double pct);

// {name: {buckets: [{low, high, count}], count, p50, p95, p99}} for each histogram.
nlohmann::json histograms_json(const std::vector<NamedHistogram>& histograms);

}  // namespace kvbench::stats
