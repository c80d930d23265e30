// A stable 64-bit hash of text (FNV-1a), written as 16 hex digits: for fingerprints that must
// be the same on every machine and build (the workload fingerprint, the config file's bytes).
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace kvbench {

inline std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

inline std::string fnv1a_hex(std::string_view text) {
  std::uint64_t h = 1469598103934665603ULL;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return hex64(h);
}

}  // namespace kvbench
