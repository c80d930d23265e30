#include "tiers/file_io_engine.h"

#include <algorithm>
#include <cstring>

#include "tiers/aligned_buffer.h"

namespace kvbench::tiers {

IoError::IoError(const std::string& what, int err)
    : TierFailure(what + ": " + std::strerror(err), err) {}

IoWindow io_window(std::uint64_t offset, std::uint64_t len, bool direct) {
  if (!direct) return {offset, offset + len};
  return {offset / kDirectIoAlign * kDirectIoAlign, round_up(offset + len, kDirectIoAlign)};
}

void deliver(ByteSink& dst, std::uint64_t offset, std::uint64_t len, std::uint64_t piece_off,
             const std::byte* buf, std::size_t got) {
  const std::uint64_t lo = std::max(offset, piece_off);
  const std::uint64_t hi = std::min(offset + len, piece_off + got);
  if (hi <= lo) return;
  dst.take(lo, buf + (lo - piece_off), static_cast<std::size_t>(hi - lo));
}

}  // namespace kvbench::tiers
