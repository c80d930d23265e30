// The payload permutation in plain C++ (table-driven AES rounds), for CPUs without AES
// instructions. Byte-for-byte the same as the SIMD engines, on any host byte order, so a payload
// written on one machine verifies on another.
#include <array>
#include <cstddef>
#include <cstdint>

#include "datagen/payload_engines.h"

namespace kvbench::datagen::detail {
namespace {

constexpr std::uint8_t gf_mul(std::uint8_t a, std::uint8_t b) {
  std::uint8_t product = 0;
  while (b != 0) {
    if (b & 1) product ^= a;
    a = static_cast<std::uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
    b >>= 1;
  }
  return product;
}

constexpr std::uint8_t rotl8(std::uint8_t x, int n) {
  return static_cast<std::uint8_t>((x << n) | (x >> (8 - n)));
}

// The AES S-box derived (multiplicative inverse, then the affine map) rather than typed in, so
// there is no 256-entry table to mistype; the tests pin known entries and the AES-NI output.
constexpr std::array<std::uint8_t, 256> make_sbox() {
  std::array<std::uint8_t, 256> sbox{};
  for (int x = 0; x < 256; ++x) {
    std::uint8_t inv = 0;
    if (x != 0) {  // x^254 = x^-1 in GF(2^8)
      std::uint8_t base = static_cast<std::uint8_t>(x);
      std::uint8_t acc = 1;
      for (int e = 254; e != 0; e >>= 1) {
        if (e & 1) acc = gf_mul(acc, base);
        base = gf_mul(base, base);
      }
      inv = acc;
    }
    sbox[x] = static_cast<std::uint8_t>(inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^
                                        rotl8(inv, 4) ^ 0x63);
  }
  return sbox;
}

constexpr std::array<std::uint8_t, 256> kSbox = make_sbox();

// T[x] = MixColumns applied to S[x] in row 0 of a column, packed little-endian (row r in byte r):
// {2S, S, S, 3S}. Rows 1..3 are byte rotations of it.
constexpr std::array<std::uint32_t, 256> make_table() {
  std::array<std::uint32_t, 256> t{};
  for (int x = 0; x < 256; ++x) {
    const std::uint32_t s = kSbox[x];
    const std::uint32_t s2 = gf_mul(kSbox[x], 2);
    const std::uint32_t s3 = gf_mul(kSbox[x], 3);
    t[x] = s2 | (s << 8) | (s << 16) | (s3 << 24);
  }
  return t;
}

constexpr std::array<std::uint32_t, 256> kTable = make_table();

constexpr std::uint32_t rotl32(std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

// One x86 AESENC round on a state held as four little-endian column words: column c takes row r
// from column c + r (ShiftRows), substitutes and mixes it, then adds the round key.
inline void aes_round(std::uint32_t w[4], const std::uint32_t k[4]) {
  std::uint32_t out[4];
  for (int c = 0; c < 4; ++c) {
    out[c] = kTable[w[c] & 0xff] ^ rotl32(kTable[(w[(c + 1) & 3] >> 8) & 0xff], 8) ^
             rotl32(kTable[(w[(c + 2) & 3] >> 16) & 0xff], 16) ^
             rotl32(kTable[w[(c + 3) & 3] >> 24], 24) ^ k[c];
  }
  for (int c = 0; c < 4; ++c) w[c] = out[c];
}

inline void split(std::uint64_t lo, std::uint64_t hi, std::uint32_t w[4]) {
  w[0] = static_cast<std::uint32_t>(lo);
  w[1] = static_cast<std::uint32_t>(lo >> 32);
  w[2] = static_cast<std::uint32_t>(hi);
  w[3] = static_cast<std::uint32_t>(hi >> 32);
}

}  // namespace

void fill_units_portable(std::uint64_t seed, std::uint64_t first_unit, std::byte* dst,
                         std::size_t units) {
  std::uint32_t keys[kRounds + 1][4];
  for (int r = 0; r <= kRounds; ++r) split(kRoundKeys[r].lo, kRoundKeys[r].hi, keys[r]);
  for (std::size_t i = 0; i < units; ++i) {
    std::uint32_t w[4];
    split(first_unit + i, seed, w);
    for (int c = 0; c < 4; ++c) w[c] ^= keys[0][c];
    for (int r = 1; r <= kRounds; ++r) aes_round(w, keys[r]);
    // Bytes out in little-endian order whatever the host's, to match the x86 engines.
    for (int c = 0; c < 4; ++c) {
      for (int b = 0; b < 4; ++b) dst[16 * i + 4 * c + b] = static_cast<std::byte>(w[c] >> (8 * b));
    }
  }
}

}  // namespace kvbench::datagen::detail
