// Payload bytes for KV-cache entries: deterministic per (seed, byte offset), incompressible, and
// free of duplicate 4 KiB blocks within and across entries, generated straight into I/O buffers
// at memory speed so that real runs measure the storage, not the generator (docs/architecture.md, "I/O rules").
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <string_view>

namespace kvbench::datagen {

// Returned by verify() when every byte matches.
inline constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

// The entry's payload seed as the reference derives it (spec §6.6): the first 8 bytes of
// SHA-256(key) read as a little-endian u64, XORed with the run's global seed.
std::uint64_t seed_for_key(std::string_view key, std::uint64_t global_seed);

// Writes bytes [offset, offset + len) of the payload stream of `seed` to dst. Any offset and
// length work (no alignment needed), so an entry can be produced per I/O, in any order, and a
// chunked fill equals a one-shot fill.
//
// Byte b of the stream belongs to the 16-byte unit u = b / 16, whose value is a fixed
// permutation (reduced-round AES with constant round keys) of the 128-bit block (u, seed).
// A permutation maps distinct inputs to distinct outputs, so no two 16-byte units anywhere in any
// entries with different seeds are equal: duplicate 4 KiB blocks are impossible, not merely
// unlikely, short of two keys sharing a 64-bit seed.
void fill(std::uint64_t seed, std::uint64_t offset, std::byte* dst, std::size_t len);

// Index into buf of the first byte that differs from what fill(seed, offset, ...) would write,
// or npos if all len bytes match. Regenerates the expected bytes in registers and compares them
// there (a small stack buffer for ragged ends and to pin down a mismatch), so it costs about what
// fill costs and needs no second copy of the data.
std::size_t verify(std::uint64_t seed, std::uint64_t offset, const std::byte* buf, std::size_t len);

// The implementation fill/verify use on this CPU, e.g. "vaes-avx512", for logs and benches.
std::string_view engine_name();

namespace detail {

// Every engine produces the same bytes; the fastest the CPU supports is chosen once at start.
// Exposed so that tests can prove each SIMD path equals the portable one.
enum class Engine { Portable, AesNi, Vaes256, Vaes512 };

bool engine_supported(Engine engine);
std::string_view engine_name(Engine engine);
// fill() and verify() on a given engine, which must be supported (else SIGILL).
void fill_with(Engine engine, std::uint64_t seed, std::uint64_t offset, std::byte* dst,
               std::size_t len);
std::size_t verify_with(Engine engine, std::uint64_t seed, std::uint64_t offset,
                        const std::byte* buf, std::size_t len);

}  // namespace detail
}  // namespace kvbench::datagen
