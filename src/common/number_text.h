// A number as a user reads it in a message: whole numbers in full (67108864, not the stream
// default 6.71089e+07), fractions with up to 15 significant digits (0.8, 1e-06).
#pragma once

#include <cstdio>
#include <string>

namespace kvbench {

inline std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace kvbench
