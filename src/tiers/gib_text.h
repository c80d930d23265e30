// Byte counts as the set-up log prints them ("12.5 GiB"), shared by the backends' registry rows.
#pragma once

#include <sstream>
#include <string>

namespace kvbench::tiers {

inline constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

inline std::string gib_text(double bytes) {
  std::ostringstream os;
  os.precision(3);
  os << bytes / kGiB << " GiB";
  return os.str();
}

}  // namespace kvbench::tiers
