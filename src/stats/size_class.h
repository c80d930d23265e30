// Entry-size classes for the live storage-latency histograms: one histogram that mixes 0.6 MiB
// and 3 GiB entries has a p95 that jumps between bucket edges as the mix shifts, so latency is
// kept per class of entry size. Classes are powers of 4 from 1 MiB to 1 GiB (a --block-tokens
// run, whose blocks are all one size, fills one class). Half-open: exactly 1 MiB is "1-4MiB".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kvbench::stats {

inline constexpr std::size_t kSizeClassCount = 7;

// Upper bounds (exclusive, bytes) of every class but the last, which is unbounded.
inline constexpr std::array<std::uint64_t, kSizeClassCount - 1> kSizeClassUpperBytes = {
    1ull << 20, 4ull << 20, 16ull << 20, 64ull << 20, 256ull << 20, 1ull << 30};

// The `size_class` label values, in class order.
inline constexpr std::array<std::string_view, kSizeClassCount> kSizeClassLabels = {
    "0-1MiB", "1-4MiB", "4-16MiB", "16-64MiB", "64-256MiB", "256MiB-1GiB", "1GiB+"};

constexpr std::size_t size_class_of(std::uint64_t bytes) noexcept {
  std::size_t c = 0;
  while (c < kSizeClassUpperBytes.size() && bytes >= kSizeClassUpperBytes[c]) ++c;
  return c;
}

}  // namespace kvbench::stats
