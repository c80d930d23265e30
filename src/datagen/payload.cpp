// Seeds, engine choice, and the byte-granular fill/verify over the engines' 16-byte units.
#include "datagen/payload.h"

#include <openssl/sha.h>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <algorithm>
#include <cstring>

#include "datagen/payload_engines.h"

namespace kvbench::datagen {
namespace {

constexpr std::size_t kUnit = 16;

// No comparison kernel: the caller's byte-by-byte path checks everything.
std::size_t match_nothing(std::uint64_t, std::uint64_t, const std::byte*, std::size_t) { return 0; }

constexpr detail::EngineOps kPortableOps{detail::fill_units_portable, match_nothing};

const detail::EngineOps& ops_of(detail::Engine engine) {
  switch (engine) {
#if defined(KVBENCH_DATAGEN_X86)
    case detail::Engine::AesNi:
      return detail::kAesNiOps;
    case detail::Engine::Vaes256:
      return detail::kVaes256Ops;
    case detail::Engine::Vaes512:
      return detail::kVaes512Ops;
#endif
    default:
      return kPortableOps;
  }
}

detail::Engine pick_engine() {
  constexpr detail::Engine kFastestFirst[] = {detail::Engine::Vaes512, detail::Engine::Vaes256,
                                              detail::Engine::AesNi};
  for (auto engine : kFastestFirst) {
    if (detail::engine_supported(engine)) return engine;
  }
  return detail::Engine::Portable;
}

#if defined(KVBENCH_DATAGEN_X86)
// CPUID.(EAX=7,ECX=0):ECX bit 9. Asked directly because clang 14's __builtin_cpu_supports does
// not know "vaes"; the OS-saves-the-registers half of the check comes from the avx2/avx512f
// builtins that accompany it.
bool cpu_has_vaes() {
  unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
  if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx) == 0) return false;
  return (ecx & (1u << 9)) != 0;
}
#endif

// Chosen once: the CPU does not change under a running process.
detail::Engine best_engine() {
  static const detail::Engine engine = pick_engine();
  return engine;
}

// Whole units go straight to dst; a unit cut by either end of the range is made in a scratch
// unit and the wanted part copied, so every offset/length gives the same bytes as a one-shot fill.
void fill_units_range(detail::FillUnits fill_units, std::uint64_t seed, std::uint64_t offset,
                      std::byte* dst, std::size_t len) {
  std::uint64_t unit = offset / kUnit;
  const std::size_t skip = static_cast<std::size_t>(offset % kUnit);
  std::byte scratch[kUnit];
  if (skip != 0 && len != 0) {
    const std::size_t n = std::min(kUnit - skip, len);
    fill_units(seed, unit, scratch, 1);
    std::memcpy(dst, scratch + skip, n);
    dst += n;
    len -= n;
    ++unit;
  }
  const std::size_t whole = len / kUnit;
  if (whole != 0) {
    fill_units(seed, unit, dst, whole);
    dst += whole * kUnit;
    len -= whole * kUnit;
    unit += whole;
  }
  if (len != 0) {
    fill_units(seed, unit, scratch, 1);
    std::memcpy(dst, scratch, len);
  }
}

// Index of the first byte of buf that differs from the stream, by generating the expected bytes
// piece by piece into a stack buffer. Pieces are small enough to stay in L1 and follow the
// stream's 4 KiB grid, so all but the first start on a unit boundary.
std::size_t verify_exact(detail::FillUnits fill_units, std::uint64_t seed, std::uint64_t offset,
                         const std::byte* buf, std::size_t len) {
  constexpr std::size_t kPiece = 4096;
  alignas(64) std::byte expected[kPiece];
  std::size_t done = 0;
  while (done < len) {
    const std::uint64_t pos = offset + done;
    const std::size_t n = std::min(kPiece - static_cast<std::size_t>(pos % kPiece), len - done);
    fill_units_range(fill_units, seed, pos, expected, n);
    if (std::memcmp(expected, buf + done, n) != 0) {
      const auto* first = std::mismatch(expected, expected + n, buf + done).first;
      return done + static_cast<std::size_t>(first - expected);
    }
    done += n;
  }
  return npos;
}

std::size_t verify_ops(const detail::EngineOps& ops, std::uint64_t seed, std::uint64_t offset,
                       const std::byte* buf, std::size_t len) {
  // The engine's kernel compares the whole units in registers; the ragged head, the tail under
  // the kernel's stride, and the neighbourhood of a mismatch go through the exact path.
  const std::size_t head =
      std::min(len, static_cast<std::size_t>((kUnit - offset % kUnit) % kUnit));
  if (head != 0) {
    const std::size_t at = verify_exact(ops.fill, seed, offset, buf, head);
    if (at != npos) return at;
  }
  const std::size_t matched =
      head + kUnit * ops.match(seed, (offset + head) / kUnit, buf + head, (len - head) / kUnit);
  const std::size_t at =
      verify_exact(ops.fill, seed, offset + matched, buf + matched, len - matched);
  return at == npos ? npos : matched + at;
}

}  // namespace

std::uint64_t seed_for_key(std::string_view key, std::uint64_t global_seed) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(key.data()), key.size(), digest);
  std::uint64_t head = 0;
  for (int i = 7; i >= 0; --i) head = (head << 8) | digest[i];  // little-endian, any host
  return head ^ global_seed;
}

void fill(std::uint64_t seed, std::uint64_t offset, std::byte* dst, std::size_t len) {
  static const detail::FillUnits fill_units = ops_of(best_engine()).fill;
  fill_units_range(fill_units, seed, offset, dst, len);
}

std::size_t verify(std::uint64_t seed, std::uint64_t offset, const std::byte* buf,
                   std::size_t len) {
  static const detail::EngineOps ops = ops_of(best_engine());
  return verify_ops(ops, seed, offset, buf, len);
}

std::string_view engine_name() { return detail::engine_name(best_engine()); }

namespace detail {

bool engine_supported(Engine engine) {
  switch (engine) {
    case Engine::Portable:
      return true;
#if defined(KVBENCH_DATAGEN_X86)
    case Engine::AesNi:
      __builtin_cpu_init();
      return __builtin_cpu_supports("aes");
    case Engine::Vaes256:
      __builtin_cpu_init();
      return cpu_has_vaes() && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("aes");
    case Engine::Vaes512:
      __builtin_cpu_init();
      return cpu_has_vaes() && __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("aes");
#endif
    default:
      return false;
  }
}

std::string_view engine_name(Engine engine) {
  switch (engine) {
    case Engine::Portable:
      return "portable";
    case Engine::AesNi:
      return "aes-ni";
    case Engine::Vaes256:
      return "vaes-avx2";
    case Engine::Vaes512:
      return "vaes-avx512";
  }
  return "unknown";
}

void fill_with(Engine engine, std::uint64_t seed, std::uint64_t offset, std::byte* dst,
               std::size_t len) {
  fill_units_range(ops_of(engine).fill, seed, offset, dst, len);
}

std::size_t verify_with(Engine engine, std::uint64_t seed, std::uint64_t offset,
                        const std::byte* buf, std::size_t len) {
  return verify_ops(ops_of(engine), seed, offset, buf, len);
}

}  // namespace detail
}  // namespace kvbench::datagen
