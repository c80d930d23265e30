// The payload permutation on x86 AES instructions: AES-NI (one unit per instruction), VAES on
// 256-bit (two) and 512-bit (four) registers. Compiled for a baseline x86-64 target: each kernel
// enables its own instructions with a target attribute, and payload.cpp calls one only after
// checking the CPU has them. Lambdas are avoided on purpose: they would not inherit the target.
#include "datagen/payload_engines.h"

#if defined(KVBENCH_DATAGEN_X86)

#include <immintrin.h>

#define KVBENCH_AESNI __attribute__((target("aes")))
#define KVBENCH_VAES256 __attribute__((target("vaes,avx2")))
#define KVBENCH_VAES512 __attribute__((target("vaes,avx512f")))

namespace kvbench::datagen::detail {
namespace {

// Eight independent registers in flight: aesenc has a latency of ~4 cycles and issues once or
// twice per cycle, so fewer would leave the AES units idle.
constexpr int kLanes = 8;

long long as_ll(std::uint64_t v) { return static_cast<long long>(v); }

// ---- AES-NI: one unit per register ----------------------------------------------------------

struct AesNiStream {
  __m128i keys[kRounds + 1];
  __m128i counter;  // {unit, seed}
};

KVBENCH_AESNI inline void start(AesNiStream& g, std::uint64_t seed, std::uint64_t unit) {
  for (int r = 0; r <= kRounds; ++r) {
    g.keys[r] = _mm_set_epi64x(as_ll(kRoundKeys[r].hi), as_ll(kRoundKeys[r].lo));
  }
  g.counter = _mm_set_epi64x(as_ll(seed), as_ll(unit));
}

KVBENCH_AESNI inline void next_group(AesNiStream& g, __m128i (&s)[kLanes]) {
  const __m128i one = _mm_set_epi64x(0, 1);
#pragma GCC unroll 8
  for (int l = 0; l < kLanes; ++l) {
    s[l] = _mm_xor_si128(g.counter, g.keys[0]);
    g.counter = _mm_add_epi64(g.counter, one);
  }
#pragma GCC unroll 8
  for (int r = 1; r <= kRounds; ++r) {
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) s[l] = _mm_aesenc_si128(s[l], g.keys[r]);
  }
}

KVBENCH_AESNI inline __m128i next_one(AesNiStream& g) {
  __m128i s = _mm_xor_si128(g.counter, g.keys[0]);
  g.counter = _mm_add_epi64(g.counter, _mm_set_epi64x(0, 1));
  for (int r = 1; r <= kRounds; ++r) s = _mm_aesenc_si128(s, g.keys[r]);
  return s;
}

KVBENCH_AESNI void fill_aesni(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                              std::size_t units) {
  AesNiStream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kLanes <= units; i += kLanes) {
    __m128i s[kLanes];
    next_group(g, s);
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16 * (i + l)), s[l]);
    }
  }
  for (; i < units; ++i) _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16 * i), next_one(g));
}

KVBENCH_AESNI std::size_t match_aesni(std::uint64_t seed, std::uint64_t first_unit,
                                      const std::byte* src, std::size_t units) {
  AesNiStream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kLanes <= units; i += kLanes) {
    __m128i s[kLanes];
    next_group(g, s);
    __m128i diff = _mm_setzero_si128();
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      const __m128i got = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + 16 * (i + l)));
      diff = _mm_or_si128(diff, _mm_xor_si128(s[l], got));
    }
    // SSE2-only "is it all zero": compare bytes with zero, all 16 must be equal.
    if (_mm_movemask_epi8(_mm_cmpeq_epi8(diff, _mm_setzero_si128())) != 0xffff) return i;
  }
  return i;
}

// ---- VAES, 256-bit: two units per register --------------------------------------------------

struct Vaes256Stream {
  __m256i keys[kRounds + 1];
  __m256i counter;  // {unit, seed, unit + 1, seed}
};

KVBENCH_VAES256 inline void start(Vaes256Stream& g, std::uint64_t seed, std::uint64_t unit) {
  for (int r = 0; r <= kRounds; ++r) {
    const long long lo = as_ll(kRoundKeys[r].lo), hi = as_ll(kRoundKeys[r].hi);
    g.keys[r] = _mm256_set_epi64x(hi, lo, hi, lo);
  }
  g.counter = _mm256_set_epi64x(as_ll(seed), as_ll(unit + 1), as_ll(seed), as_ll(unit));
}

KVBENCH_VAES256 inline void next_group(Vaes256Stream& g, __m256i (&s)[kLanes]) {
  const __m256i step = _mm256_set_epi64x(0, 2, 0, 2);
#pragma GCC unroll 8
  for (int l = 0; l < kLanes; ++l) {
    s[l] = _mm256_xor_si256(g.counter, g.keys[0]);
    g.counter = _mm256_add_epi64(g.counter, step);
  }
#pragma GCC unroll 8
  for (int r = 1; r <= kRounds; ++r) {
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) s[l] = _mm256_aesenc_epi128(s[l], g.keys[r]);
  }
}

KVBENCH_VAES256 void fill_vaes256(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                                  std::size_t units) {
  constexpr std::size_t kStride = 2 * kLanes;
  Vaes256Stream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kStride <= units; i += kStride) {
    __m256i s[kLanes];
    next_group(g, s);
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 16 * (i + 2 * l)), s[l]);
    }
  }
  // Under one stride left: the AES-NI kernel (VAES implies AES-NI) finishes at its own stride.
  if (i < units) fill_aesni(seed, first_unit + i, dst + 16 * i, units - i);
}

KVBENCH_VAES256 std::size_t match_vaes256(std::uint64_t seed, std::uint64_t first_unit,
                                          const std::byte* src, std::size_t units) {
  constexpr std::size_t kStride = 2 * kLanes;
  Vaes256Stream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kStride <= units; i += kStride) {
    __m256i s[kLanes];
    next_group(g, s);
    __m256i diff = _mm256_setzero_si256();
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      const __m256i got =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 16 * (i + 2 * l)));
      diff = _mm256_or_si256(diff, _mm256_xor_si256(s[l], got));
    }
    if (!_mm256_testz_si256(diff, diff)) return i;
  }
  return i;
}

// ---- VAES, 512-bit: four units per register -------------------------------------------------

struct Vaes512Stream {
  __m512i keys[kRounds + 1];
  __m512i counter;  // {unit, seed, unit + 1, seed, ..., unit + 3, seed}
};

KVBENCH_VAES512 inline void start(Vaes512Stream& g, std::uint64_t seed, std::uint64_t unit) {
  for (int r = 0; r <= kRounds; ++r) {
    // _mm512_set_epi64 rather than _mm512_broadcast_i32x4: g++ 12 warns inside the latter's
    // header (-Wuninitialized on its undefined passthrough operand).
    const long long lo = as_ll(kRoundKeys[r].lo), hi = as_ll(kRoundKeys[r].hi);
    g.keys[r] = _mm512_set_epi64(hi, lo, hi, lo, hi, lo, hi, lo);
  }
  const long long s = as_ll(seed);
  g.counter =
      _mm512_set_epi64(s, as_ll(unit + 3), s, as_ll(unit + 2), s, as_ll(unit + 1), s, as_ll(unit));
}

KVBENCH_VAES512 inline __m512i next_reg(Vaes512Stream& g) {
  __m512i s = _mm512_xor_si512(g.counter, g.keys[0]);
  g.counter = _mm512_add_epi64(g.counter, _mm512_set_epi64(0, 4, 0, 4, 0, 4, 0, 4));
  for (int r = 1; r <= kRounds; ++r) s = _mm512_aesenc_epi128(s, g.keys[r]);
  return s;
}

KVBENCH_VAES512 inline void next_group(Vaes512Stream& g, __m512i (&s)[kLanes]) {
  const __m512i step = _mm512_set_epi64(0, 4, 0, 4, 0, 4, 0, 4);
#pragma GCC unroll 8
  for (int l = 0; l < kLanes; ++l) {
    s[l] = _mm512_xor_si512(g.counter, g.keys[0]);
    g.counter = _mm512_add_epi64(g.counter, step);
  }
#pragma GCC unroll 8
  for (int r = 1; r <= kRounds; ++r) {
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) s[l] = _mm512_aesenc_epi128(s[l], g.keys[r]);
  }
}

KVBENCH_VAES512 void fill_vaes512(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                                  std::size_t units) {
  constexpr std::size_t kStride = 4 * kLanes;
  Vaes512Stream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kStride <= units; i += kStride) {
    __m512i s[kLanes];
    next_group(g, s);
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) _mm512_storeu_si512(dst + 16 * (i + 4 * l), s[l]);
  }
  // Under one stride left: whole registers, the last 1..3 units with a masked store.
  for (; i < units; i += 4) {
    const __m512i s = next_reg(g);
    const std::size_t left = units - i;
    if (left >= 4) {
      _mm512_storeu_si512(dst + 16 * i, s);
    } else {
      const auto mask = static_cast<__mmask8>((1u << (2 * left)) - 1);  // two qwords per unit
      _mm512_mask_storeu_epi64(dst + 16 * i, mask, s);
    }
  }
}

KVBENCH_VAES512 std::size_t match_vaes512(std::uint64_t seed, std::uint64_t first_unit,
                                          const std::byte* src, std::size_t units) {
  constexpr std::size_t kStride = 4 * kLanes;
  Vaes512Stream g;
  start(g, seed, first_unit);
  std::size_t i = 0;
  for (; i + kStride <= units; i += kStride) {
    __m512i s[kLanes];
    next_group(g, s);
    __m512i diff = _mm512_setzero_si512();
#pragma GCC unroll 8
    for (int l = 0; l < kLanes; ++l) {
      diff =
          _mm512_or_si512(diff, _mm512_xor_si512(s[l], _mm512_loadu_si512(src + 16 * (i + 4 * l))));
    }
    if (_mm512_test_epi64_mask(diff, diff) != 0) return i;
  }
  return i;
}

}  // namespace

const EngineOps kAesNiOps{fill_aesni, match_aesni};
const EngineOps kVaes256Ops{fill_vaes256, match_vaes256};
const EngineOps kVaes512Ops{fill_vaes512, match_vaes512};

}  // namespace kvbench::datagen::detail

#endif  // KVBENCH_DATAGEN_X86
