// Percentiles the way numpy computes them by default ("linear": the value at fractional rank
// (n-1)·q/100, interpolated between the two closest ranks). Every percentile kvbench reports
// goes through here so that results match the reference's np.percentile.
#pragma once

#include <vector>

namespace kvbench::stats {

// `sorted` must be ascending; q in [0, 100] (clamped). 0 for an empty vector.
double percentile_of_sorted(const std::vector<double>& sorted, double q);

// Convenience for unsorted input (copies and sorts).
double percentile_of(std::vector<double> values, double q);

}  // namespace kvbench::stats
