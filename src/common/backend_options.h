// What the tier backends are configured with. Each backend that has options owns one member of
// BackendOptions and declares the flag rows that fill it next to its code (tier_registry.h);
// RunConfig carries a BackendOptions: the header is vocabulary (common/), so config/ can hold
// the options without seeing the backends, and tiers/ never reads RunConfig. Header-only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvbench::tiers {

// How the file backend moves bytes: io_uring, pread/pwrite, or io_uring with the pread/pwrite
// fallback where the kernel refuses it (--io-engine).
enum class IoEngineKind : std::uint8_t { Auto, Uring, Psync };
inline constexpr std::array<IoEngineKind, 3> kIoEngineKinds = {IoEngineKind::Auto, IoEngineKind::Uring,
                                                               IoEngineKind::Psync};

// The --io-engine spelling of each kind: auto, uring, psync.
inline constexpr std::string_view io_engine_kind_name(IoEngineKind k) {
  switch (k) {
    case IoEngineKind::Auto: return "auto";
    case IoEngineKind::Uring: return "uring";
    case IoEngineKind::Psync: return "psync";
  }
  return "auto";
}

// The defaults of --io-size and --io-depth, written here only (the flag rows print them).
inline constexpr std::size_t kDefaultIoSize = std::size_t{1} << 20;  // as fio's bs=1M
inline constexpr unsigned kDefaultIoDepth = 16;

// The file backend: one file per entry under a directory (the storage level of a real run).
struct FileOptions {
  std::optional<std::string> dir;  // --cache-dir; unset: a new temp dir kv_cache_XXXXXX
  IoEngineKind engine = IoEngineKind::Auto;
  std::size_t io_size = kDefaultIoSize;  // bytes per I/O, a multiple of 4096
  unsigned io_depth = kDefaultIoDepth;   // I/Os in flight per entry (io_uring only)
};

// One member per backend with options; null, dram and cuda have none of their own.
struct BackendOptions {
  FileOptions file;
};

}  // namespace kvbench::tiers
