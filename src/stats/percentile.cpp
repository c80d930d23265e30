#include "stats/percentile.h"

#include <algorithm>
#include <cmath>

namespace kvbench::stats {

double percentile_of_sorted(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0;
  q = std::clamp(q, 0.0, 100.0);
  // Same operation order as numpy ((n-1) * (q/100)) so the last bits agree too.
  const double rank = static_cast<double>(sorted.size() - 1) * (q / 100.0);
  const auto lo = static_cast<std::size_t>(std::floor(rank));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  const double frac = rank - static_cast<double>(lo);
  // numpy's _lerp form: exact at both ends and monotonic in frac.
  const double a = sorted[lo], b = sorted[hi];
  const double diff = b - a;
  return frac >= 0.5 ? b - diff * (1.0 - frac) : a + diff * frac;
}

double percentile_of(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return percentile_of_sorted(values, q);
}

}  // namespace kvbench::stats
