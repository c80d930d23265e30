// How fast the payload generator fills and verifies I/O buffers on one core, against memcpy and
// memset of the same buffer size measured in the same run, plus the properties storage must not
// exploit: zstd ratio of a sample and duplicate 4 KiB blocks over the whole volume (issue 5
// targets: ≥ 8 GB/s, ratio < 1.01, 0 duplicates in 4 GiB).
// Usage: datagen_bench [total_mib=4096] [chunk_mib=4]
#include <zstd.h>

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "datagen/payload.h"

namespace {

namespace dg = kvbench::datagen;

constexpr std::size_t kMiB = std::size_t{1} << 20;
constexpr std::size_t kBlock = 4096;

struct FreeDeleter {
  void operator()(void* p) const { std::free(p); }
};
using Buffer = std::unique_ptr<std::byte, FreeDeleter>;

// Page-aligned like the O_DIRECT buffers the generator fills in a real run.
Buffer make_buffer(std::size_t bytes) {
  auto* p = static_cast<std::byte*>(std::aligned_alloc(kBlock, bytes));
  if (p == nullptr) {
    std::fprintf(stderr, "out of memory allocating %zu bytes\n", bytes);
    std::exit(1);
  }
  std::memset(p, 0, bytes);  // fault the pages in outside the timed loops
  return Buffer(p);
}

// Bytes per second of `body` called `reps` times, each handling `bytes`. One untimed call
// first, so that every variant starts with the buffers equally warm.
template <typename Body>
double rate(std::size_t bytes, std::size_t reps, Body&& body) {
  body(std::size_t{0});
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < reps; ++i) body(i);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  return static_cast<double>(bytes) * static_cast<double>(reps) / took.count();
}

// Stops the compiler from proving a memcpy/memset result unused and dropping it.
void keep(const std::byte* p) { asm volatile("" : : "r"(p) : "memory"); }

// 64-bit fingerprint of a 4 KiB block. Equal blocks always get equal fingerprints; two
// different blocks may collide, which the duplicate count resolves by comparing the bytes.
std::uint64_t block_hash(const std::byte* block) {
  std::uint64_t lanes[4] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL, 0x165667b19e3779f9ULL,
                            0x27d4eb2f165667c5ULL};
  for (std::size_t i = 0; i < kBlock; i += 32) {
    for (int l = 0; l < 4; ++l) {
      std::uint64_t w;
      std::memcpy(&w, block + i + 8 * l, sizeof w);
      lanes[l] = (lanes[l] ^ w) * 0x9fb21c651e98df25ULL;
      lanes[l] ^= lanes[l] >> 29;
    }
  }
  std::uint64_t h = lanes[0] ^ (lanes[1] * 3) ^ (lanes[2] * 5) ^ (lanes[3] * 7);
  h = (h ^ (h >> 33)) * 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

struct DuplicateCount {
  std::size_t blocks = 0;
  std::size_t hash_collisions = 0;
  std::size_t duplicates = 0;
};

// Every 4 KiB block of `entries` entries of `entry_bytes` each (one key per entry, as a run
// names them), fingerprinted and sorted: 16 bytes per block, so 16 MiB for 4 GiB.
DuplicateCount count_duplicates(std::size_t entries, std::size_t entry_bytes, std::size_t chunk,
                                std::byte* buf) {
  std::vector<std::uint64_t> seeds;
  for (std::size_t e = 0; e < entries; ++e) {
    seeds.push_back(dg::seed_for_key("user_" + std::to_string(e) + "_ctx", 42));
  }
  struct Fingerprint {
    std::uint64_t hash;
    std::uint32_t entry;
    std::uint32_t block;
  };
  std::vector<Fingerprint> prints;
  prints.reserve(entries * (entry_bytes / kBlock));
  for (std::size_t e = 0; e < entries; ++e) {
    for (std::size_t off = 0; off < entry_bytes; off += chunk) {
      const std::size_t n = std::min(chunk, entry_bytes - off);
      dg::fill(seeds[e], off, buf, n);
      for (std::size_t b = 0; b + kBlock <= n; b += kBlock) {
        prints.push_back({block_hash(buf + b), static_cast<std::uint32_t>(e),
                          static_cast<std::uint32_t>((off + b) / kBlock)});
      }
    }
  }
  std::sort(prints.begin(), prints.end(),
            [](const Fingerprint& a, const Fingerprint& b) { return a.hash < b.hash; });
  DuplicateCount count;
  count.blocks = prints.size();
  std::byte a[kBlock];
  std::byte b[kBlock];
  for (std::size_t i = 1; i < prints.size(); ++i) {
    if (prints[i].hash != prints[i - 1].hash) continue;
    ++count.hash_collisions;
    dg::fill(seeds[prints[i].entry], std::uint64_t{prints[i].block} * kBlock, a, kBlock);
    dg::fill(seeds[prints[i - 1].entry], std::uint64_t{prints[i - 1].block} * kBlock, b, kBlock);
    if (std::memcmp(a, b, kBlock) == 0) ++count.duplicates;
  }
  return count;
}

double zstd_ratio(const std::byte* data, std::size_t bytes, int level) {
  std::vector<char> out(ZSTD_compressBound(bytes));
  const std::size_t n = ZSTD_compress(out.data(), out.size(), data, bytes, level);
  if (ZSTD_isError(n)) {
    std::fprintf(stderr, "zstd: %s\n", ZSTD_getErrorName(n));
    std::exit(1);
  }
  return static_cast<double>(bytes) / static_cast<double>(n);
}

std::size_t parse_mib(const char* arg, const char* what) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(arg, &end, 10);
  if (end == arg || *end != '\0' || v == 0) {
    std::fprintf(stderr, "datagen_bench: %s must be a positive whole number of MiB, got '%s'\n",
                 what, arg);
    std::exit(2);
  }
  return static_cast<std::size_t>(v) * kMiB;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 3) {
    std::fprintf(stderr, "usage: datagen_bench [total_mib=4096] [chunk_mib=4]\n");
    return 2;
  }
  const std::size_t total = argc > 1 ? parse_mib(argv[1], "total_mib") : 4096 * kMiB;
  const std::size_t chunk = argc > 2 ? parse_mib(argv[2], "chunk_mib") : 4 * kMiB;
  const std::size_t reps = std::max<std::size_t>(1, total / chunk);
  const double gb = 1e9;

  Buffer buf = make_buffer(chunk);
  Buffer src = make_buffer(chunk);
  std::memset(src.get(), 0x5a, chunk);
  const std::uint64_t seed = dg::seed_for_key("user_0000_ctx", 42);

  std::printf("datagen_bench: %zu MiB in %zu MiB chunks, one thread, engine %.*s\n",
              reps * chunk / kMiB, chunk / kMiB, static_cast<int>(dg::engine_name().size()),
              dg::engine_name().data());

  // Peers first and last, so that a frequency ramp or a noisy neighbour shows up as a gap
  // between the two measurements instead of silently favouring one side.
  const auto copy = [&](std::size_t) {
    std::memcpy(buf.get(), src.get(), chunk);
    keep(buf.get());
  };
  const auto set = [&](std::size_t i) {
    std::memset(buf.get(), static_cast<int>(i & 0xff), chunk);
    keep(buf.get());
  };
  const double memcpy_before = rate(chunk, reps, copy);
  const double memset_rate = rate(chunk, reps, set);

  // Fill walks the stream as a writer of one large entry would: chunk after chunk.
  const double fill_rate =
      rate(chunk, reps, [&](std::size_t i) { dg::fill(seed, i * chunk, buf.get(), chunk); });

  // Verify re-checks one filled chunk (a reader verifying what it just read).
  dg::fill(seed, 0, buf.get(), chunk);
  std::size_t bad = 0;
  const double verify_rate = rate(
      chunk, reps, [&](std::size_t) { bad += dg::verify(seed, 0, buf.get(), chunk) != dg::npos; });
  const double memcpy_after = rate(chunk, reps, copy);
  const double memcpy_rate = std::max(memcpy_before, memcpy_after);

  std::printf("  memcpy  %6.2f GB/s  (before %.2f, after %.2f; the faster is the peer)\n",
              memcpy_rate / gb, memcpy_before / gb, memcpy_after / gb);
  std::printf("  memset  %6.2f GB/s\n", memset_rate / gb);
  std::printf("  fill    %6.2f GB/s  = %.2f x memcpy, %.2f x memset   (target >= 8 GB/s: %s)\n",
              fill_rate / gb, fill_rate / memcpy_rate, fill_rate / memset_rate,
              fill_rate >= 8 * gb ? "met" : "MISSED");
  std::printf("  verify  %6.2f GB/s  = %.2f x memcpy, %.2f x fill%s\n", verify_rate / gb,
              verify_rate / memcpy_rate, verify_rate / fill_rate,
              bad != 0 ? "   VERIFY FAILED ON GOOD DATA" : "");

  // Every engine this CPU has, on a shorter run (the portable one is ~20x slower).
  const std::size_t engine_reps = std::max<std::size_t>(1, std::min(reps, 256 * kMiB / chunk));
  for (auto engine : {dg::detail::Engine::Vaes512, dg::detail::Engine::Vaes256,
                      dg::detail::Engine::AesNi, dg::detail::Engine::Portable}) {
    if (!dg::detail::engine_supported(engine)) continue;
    const std::size_t r =
        engine == dg::detail::Engine::Portable ? 1 + engine_reps / 16 : engine_reps;
    const double f = rate(chunk, r, [&](std::size_t i) {
      dg::detail::fill_with(engine, seed, i * chunk, buf.get(), chunk);
    });
    dg::fill(seed, 0, buf.get(), chunk);
    const double v = rate(chunk, r, [&](std::size_t) {
      bad += dg::detail::verify_with(engine, seed, 0, buf.get(), chunk) != dg::npos;
    });
    const auto name = dg::detail::engine_name(engine);
    std::printf("    engine %-12.*s fill %6.2f GB/s, verify %6.2f GB/s\n",
                static_cast<int>(name.size()), name.data(), f / gb, v / gb);
  }

  const std::size_t sample = std::min<std::size_t>(total, 8 * kMiB);
  Buffer sample_buf = make_buffer(sample);
  dg::fill(seed, 0, sample_buf.get(), sample);
  std::printf("  zstd ratio on %zu MiB: level 1 %.5f, level 3 %.5f   (target < 1.01: %s)\n",
              sample / kMiB, zstd_ratio(sample_buf.get(), sample, 1),
              zstd_ratio(sample_buf.get(), sample, 3),
              zstd_ratio(sample_buf.get(), sample, 3) < 1.01 ? "met" : "MISSED");

  // The volume as entries of up to 64 MiB under distinct keys: duplicates within an entry and
  // across entries both count.
  const std::size_t entry_bytes = std::min<std::size_t>(reps * chunk, 64 * kMiB);
  const std::size_t entries = std::max<std::size_t>(1, reps * chunk / entry_bytes);
  const auto start = std::chrono::steady_clock::now();
  const DuplicateCount dups = count_duplicates(entries, entry_bytes, chunk, buf.get());
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  std::printf(
      "  duplicate 4 KiB blocks: %zu in %zu blocks (%zu entries x %zu MiB; %zu fingerprint "
      "collisions checked byte by byte; %.1f s)   (target 0: %s)\n",
      dups.duplicates, dups.blocks, entries, entry_bytes / kMiB, dups.hash_collisions, took.count(),
      dups.duplicates == 0 ? "met" : "MISSED");
  return bad == 0 && dups.duplicates == 0 ? 0 : 1;
}
