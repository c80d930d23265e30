#include "cache/entry_bytes.h"

#include <algorithm>
#include <cstring>

#include "datagen/payload.h"

namespace kvbench::cache {
namespace {

// Copies the pieces a source tier delivers into the destination's buffer.
class CopyInto final : public tiers::ByteSink {
 public:
  CopyInto(std::byte* dst, std::uint64_t base) : dst_(dst), base_(base) {}
  void take(std::uint64_t offset, const std::byte* src, std::size_t len) override {
    std::memcpy(dst_ + (offset - base_), src, len);
  }

 private:
  std::byte* dst_;
  std::uint64_t base_;
};

}  // namespace

void PayloadSource::fill(std::uint64_t offset, std::byte* dst, std::size_t len) {
  if (!seeded_) {
    seed_ = datagen::seed_for_key(key_, global_seed_);
    seeded_ = true;
  }
  datagen::fill(seed_, offset, dst, len);
}

VerifySink::VerifySink(const std::string& key, std::uint64_t global_seed)
    : seed_(datagen::seed_for_key(key, global_seed)) {}

void VerifySink::take(std::uint64_t offset, const std::byte* src, std::size_t len) {
  checked_ += len;
  const std::size_t bad = datagen::verify(seed_, offset, src, len);
  if (bad != datagen::npos) first_bad_ = std::min(first_bad_, offset + bad);
}

void TierCopySource::fill(std::uint64_t offset, std::byte* dst, std::size_t len) {
  CopyInto sink(dst, offset);
  try {
    const tiers::IoTiming t = from_.read(key_, offset, len, sink);
    read_time_.device_s += t.device_s;
    read_time_.host_s += t.host_s;
  } catch (...) {
    failed_ = true;
    throw;
  }
}

}  // namespace kvbench::cache
