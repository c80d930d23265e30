// CPython's `random` module (MT19937 with Python's seeding and its randint/choice/uniform
// algorithms), so that user profiles built from --seed match kv-cache.py's exactly (spec §5.1).
#pragma once

#include <array>
#include <cstdint>

namespace kvbench::workload {

class PythonRandom {
 public:
  explicit PythonRandom(std::uint64_t seed);  // random.seed(int) for a non-negative int

  double random();                                  // [0, 1), 53-bit
  std::uint64_t getrandbits(int k);                 // k in [1, 64]
  std::uint64_t randbelow(std::uint64_t n);         // [0, n), n > 0
  std::int64_t randint(std::int64_t a, std::int64_t b);  // [a, b] inclusive
  double uniform(double a, double b) { return a + (b - a) * random(); }

 private:
  std::uint32_t next32();
  void init_genrand(std::uint32_t s);
  std::array<std::uint32_t, 624> mt_{};
  int index_ = 625;
};

}  // namespace kvbench::workload
