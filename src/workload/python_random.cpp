#include "workload/python_random.h"

#include <vector>

namespace kvbench::workload {

void PythonRandom::init_genrand(std::uint32_t s) {
  mt_[0] = s;
  for (int i = 1; i < 624; ++i)
    mt_[i] = 1812433253u * (mt_[i - 1] ^ (mt_[i - 1] >> 30)) + static_cast<std::uint32_t>(i);
  index_ = 624;
}

PythonRandom::PythonRandom(std::uint64_t seed) {
  // random.seed(n): the absolute value split into 32-bit words, least significant first,
  // fed to init_by_array (at least one word, so seed 0 gives key [0]).
  std::vector<std::uint32_t> key;
  do {
    key.push_back(static_cast<std::uint32_t>(seed & 0xffffffffu));
    seed >>= 32;
  } while (seed != 0);
  init_genrand(19650218u);
  std::size_t i = 1, j = 0;
  const std::size_t n = 624, klen = key.size();
  for (std::size_t k = (n > klen ? n : klen); k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1664525u)) + key[j] +
             static_cast<std::uint32_t>(j);
    ++i;
    ++j;
    if (i >= n) {
      mt_[0] = mt_[n - 1];
      i = 1;
    }
    if (j >= klen) j = 0;
  }
  for (std::size_t k = n - 1; k; --k) {
    mt_[i] = (mt_[i] ^ ((mt_[i - 1] ^ (mt_[i - 1] >> 30)) * 1566083941u)) -
             static_cast<std::uint32_t>(i);
    ++i;
    if (i >= n) {
      mt_[0] = mt_[n - 1];
      i = 1;
    }
  }
  mt_[0] = 0x80000000u;
  index_ = 624;
}

std::uint32_t PythonRandom::next32() {
  if (index_ >= 624) {
    for (int k = 0; k < 624; ++k) {
      const std::uint32_t y = (mt_[k] & 0x80000000u) | (mt_[(k + 1) % 624] & 0x7fffffffu);
      mt_[k] = mt_[(k + 397) % 624] ^ (y >> 1) ^ ((y & 1u) ? 0x9908b0dfu : 0u);
    }
    index_ = 0;
  }
  std::uint32_t y = mt_[index_++];
  y ^= y >> 11;
  y ^= (y << 7) & 0x9d2c5680u;
  y ^= (y << 15) & 0xefc60000u;
  y ^= y >> 18;
  return y;
}

double PythonRandom::random() {
  const std::uint32_t a = next32() >> 5, b = next32() >> 6;
  return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

std::uint64_t PythonRandom::getrandbits(int k) {
  if (k <= 32) return next32() >> (32 - k);
  // Python fills 32-bit words least significant first; the last word is truncated.
  const std::uint64_t lo = next32();
  const std::uint64_t hi = next32() >> (64 - k);
  return lo | (hi << 32);
}

std::uint64_t PythonRandom::randbelow(std::uint64_t n) {
  int k = 0;
  for (std::uint64_t v = n; v; v >>= 1) ++k;  // n.bit_length()
  std::uint64_t r = getrandbits(k);
  while (r >= n) r = getrandbits(k);
  return r;
}

std::int64_t PythonRandom::randint(std::int64_t a, std::int64_t b) {
  return a + static_cast<std::int64_t>(randbelow(static_cast<std::uint64_t>(b - a + 1)));
}

}  // namespace kvbench::workload
