#include "report/rank_test.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace kvbench::report {
namespace {

// Mid-ranks of the pooled values, doubled so that they are whole numbers (1-based rank r is 2r).
std::vector<std::int64_t> doubled_mid_ranks(const std::vector<double>& pooled, double* tie_term) {
  std::vector<std::size_t> order(pooled.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return pooled[a] < pooled[b]; });
  std::vector<std::int64_t> ranks(pooled.size());
  *tie_term = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && pooled[order[j + 1]] == pooled[order[i]]) ++j;
    const auto t = static_cast<double>(j - i + 1);
    *tie_term += t * t * t - t;
    for (std::size_t k = i; k <= j; ++k) ranks[order[k]] = static_cast<std::int64_t>(i + j + 2);  // 2 · mid-rank
    i = j + 1;
  }
  return ranks;
}

// P(rank sum of a random n-subset ≥ observed), by counting subsets per (size, sum).
double exact_upper_tail(const std::vector<std::int64_t>& ranks, std::size_t n, std::int64_t observed) {
  const std::int64_t total = std::accumulate(ranks.begin(), ranks.end(), std::int64_t{0});
  std::vector<std::vector<double>> ways(n + 1, std::vector<double>(static_cast<std::size_t>(total) + 1, 0.0));
  ways[0][0] = 1;
  for (std::int64_t r : ranks)
    for (std::size_t k = n; k >= 1; --k)
      for (std::int64_t s = total; s >= r; --s) ways[k][static_cast<std::size_t>(s)] += ways[k - 1][static_cast<std::size_t>(s - r)];
  double hit = 0, all = 0;
  for (std::int64_t s = 0; s <= total; ++s) {
    all += ways[n][static_cast<std::size_t>(s)];
    if (s >= observed) hit += ways[n][static_cast<std::size_t>(s)];
  }
  return all > 0 ? hit / all : 1.0;
}

}  // namespace

double median_of(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

double mann_whitney_greater_p(const std::vector<double>& x, const std::vector<double>& y) {
  if (x.empty() || y.empty()) return 1.0;
  std::vector<double> pooled = x;
  pooled.insert(pooled.end(), y.begin(), y.end());
  double tie_term = 0;
  const std::vector<std::int64_t> ranks = doubled_mid_ranks(pooled, &tie_term);
  const std::int64_t observed = std::accumulate(ranks.begin(), ranks.begin() + static_cast<std::ptrdiff_t>(x.size()), std::int64_t{0});
  if (pooled.size() <= 60) return exact_upper_tail(ranks, x.size(), observed);
  const auto n1 = static_cast<double>(x.size()), n2 = static_cast<double>(y.size()), n = n1 + n2;
  const double u = static_cast<double>(observed) / 2 - n1 * (n1 + 1) / 2;
  const double mean = n1 * n2 / 2;
  const double var = n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1)));
  if (var <= 0) return 1.0;
  const double z = (u - mean - 0.5) / std::sqrt(var);
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

}  // namespace kvbench::report
