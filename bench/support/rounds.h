// What every bench program needs to quote a figure from a noisy, shared machine: the median of
// its alternating rounds and the load average the round ran under (printed with each round).
#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace kvbench::bench {

// The middle value (mean of the two middle ones for an even count); 0 for no rounds.
inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0 : (n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

// "1-min 5-min 15-min" from /proc/loadavg.
inline std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

}  // namespace kvbench::bench
