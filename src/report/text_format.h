// Number formatting for the console report, matching the Python f-strings the reference uses
// ({:.2f}, {:.1%}, {:,}, repr(float)) so the text reads the same in both tools.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>

namespace kvbench::report::text {

// f"{v:.{decimals}f}"
inline std::string fixed(double v, int decimals = 2) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// f"{ratio:.{decimals}%}": ×100 then fixed, as CPython does.
inline std::string percent(double ratio, int decimals = 1) {
  return fixed(ratio * 100.0, decimals) + "%";
}

// f"{n:,}"
inline std::string thousands(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  const std::size_t len = digits.size();
  for (std::size_t i = 0; i < len; ++i) {
    if (i > 0 && (len - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// repr(float) for ordinary magnitudes: shortest round-trip digits, ".0" when integral.
inline std::string py_float(double v) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  if (s.find_first_of(".eni") == std::string::npos) s += ".0";
  return s;
}

}  // namespace kvbench::report::text
