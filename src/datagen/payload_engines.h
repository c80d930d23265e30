// Internal to datagen: the permutation every payload engine computes, and the engines' entry
// points. Each engine writes whole 16-byte units; payload.cpp handles ragged ends and dispatch.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace kvbench::datagen::detail {

// AES rounds per 16-byte unit. Two rounds already make every output byte depend on every input
// byte, and four leave nothing a compressor or a dedup engine can use. Six also clears the
// structural distinguishers known for reduced AES (the 3-round zero sum that would make every
// 4 KiB block XOR to zero, the 5-round multiple-of-8 property), so no statistic of the payload
// betrays its generator, at a cost that stays small: 16/6 B per cycle even where aesenc issues
// only once per cycle, memory speed with VAES. Changing this changes every payload byte (the
// test pins the first bytes).
inline constexpr int kRounds = 6;

// Round keys: fixed, public constants (the permutation needs to be bijective, not secret), drawn
// from splitmix64 so they have no structure of their own. {low, high} 64-bit halves.
struct RoundKey {
  std::uint64_t lo;
  std::uint64_t hi;
};

constexpr std::array<RoundKey, kRounds + 1> make_round_keys() {
  std::array<RoundKey, kRounds + 1> keys{};
  std::uint64_t state = 0x6b76626e63682d31ULL;  // "kvbnch-1"
  auto next = [&state]() {
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  for (auto& k : keys) {
    k.lo = next();
    k.hi = next();
  }
  return keys;
}

inline constexpr std::array<RoundKey, kRounds + 1> kRoundKeys = make_round_keys();

// Writes units [first_unit, first_unit + units) of seed's stream, 16 bytes each, to dst.
// Unit u is AES-rounds(block = u as LE u64 in bytes 0..7, seed as LE u64 in bytes 8..15): x86
// aesenc semantics, i.e. state ^= k0, then kRounds × (SubBytes, ShiftRows, MixColumns, ^= k_r).
using FillUnits = void (*)(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                           std::size_t units);

// Compares src with units [first_unit, first_unit + units) in registers, without writing the
// expected bytes anywhere. Returns n <= units such that the first n units are known to match;
// the caller checks from unit n on byte by byte (a mismatch, or a tail shorter than the
// kernel's stride). Returning 0 is always correct.
using MatchUnits = std::size_t (*)(std::uint64_t seed, std::uint64_t first_unit,
                                   const std::byte* src, std::size_t units);

struct EngineOps {
  FillUnits fill;
  MatchUnits match;
};

void fill_units_portable(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                         std::size_t units);

#if defined(__x86_64__) || defined(__i386__)
#define KVBENCH_DATAGEN_X86 1
extern const EngineOps kAesNiOps;
extern const EngineOps kVaes256Ops;
extern const EngineOps kVaes512Ops;
#endif

}  // namespace kvbench::datagen::detail
