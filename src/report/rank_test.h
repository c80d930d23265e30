// The statistics `kvbench compare` bases its verdict on: medians over trials and the
// Mann–Whitney U rank test, which asks whether one set of trials tends to be larger than the
// other without assuming the figures are normally distributed (nightly runs are few and their
// noise is skewed: a neighbour's burst makes one run slow, never one run fast).
#pragma once

#include <vector>

namespace kvbench::report {

double median_of(std::vector<double> values);  // 0 for none

// One-sided p-value of Mann–Whitney U for "x tends to be larger than y" (ties get mid-ranks).
// Exact (the distribution of the rank sum over every split of the pooled trials) up to 60
// trials in all, the normal approximation with tie and continuity corrections past that.
// 1 when either side is empty.
double mann_whitney_greater_p(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace kvbench::report
