// Fast deterministic RNG (xoshiro256**, seeded through splitmix64) for the per-user streams.
// One stream per user keeps a user's requests identical for a given --seed no matter how
// threads interleave.
#pragma once

#include <cmath>
#include <cstdint>

namespace kvbench::workload {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) {
    for (auto& s : s_) s = splitmix(seed);
  }
  // Independent stream `n` of a global seed.
  static Rng stream(std::uint64_t seed, std::uint64_t n) {
    std::uint64_t x = seed ^ (0x9E3779B97F4A7C15ull * (n + 1));
    return Rng(splitmix(x));
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  double random() { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0); }
  double uniform(double a, double b) { return a + (b - a) * random(); }
  // [a, b] inclusive, unbiased (Lemire's multiply-shift with rejection).
  std::int64_t randint(std::int64_t a, std::int64_t b) {
    const std::uint64_t range = static_cast<std::uint64_t>(b - a) + 1;
    if (range == 0) return static_cast<std::int64_t>(next());
    __uint128_t m = static_cast<__uint128_t>(next()) * range;
    std::uint64_t low = static_cast<std::uint64_t>(m);
    if (low < range) {
      const std::uint64_t threshold = -range % range;
      while (low < threshold) {
        m = static_cast<__uint128_t>(next()) * range;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return a + static_cast<std::int64_t>(m >> 64);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static std::uint64_t splitmix(std::uint64_t& x) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  std::uint64_t s_[4];
};

}  // namespace kvbench::workload
