// The bytes the cache hands its tiers: an entry's payload, generated from its key (datagen,
// spec §6.6) straight into the tier's buffer; the check of every byte read back (--verify);
// and the copy of a demoted entry from the tier it leaves into the tier it goes to.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "tiers/tier.h"

namespace kvbench::cache {

class PayloadSource final : public tiers::ByteSource {
 public:
  PayloadSource(const std::string& key, std::uint64_t global_seed) : key_(key), global_seed_(global_seed) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override;

 private:
  const std::string& key_;
  std::uint64_t global_seed_;
  std::uint64_t seed_ = 0;
  bool seeded_ = false;  // hashing the key is left to the first piece: trace mode never asks
};

// Re-derives the payload and compares every byte that arrives.
class VerifySink final : public tiers::ByteSink {
 public:
  VerifySink(const std::string& key, std::uint64_t global_seed);
  void take(std::uint64_t offset, const std::byte* src, std::size_t len) override;
  bool mismatched() const { return first_bad_ != kNone; }
  std::uint64_t first_bad_offset() const { return first_bad_; }
  std::uint64_t bytes_checked() const { return checked_; }

 private:
  static constexpr std::uint64_t kNone = ~std::uint64_t{0};
  std::uint64_t seed_;
  std::uint64_t first_bad_ = kNone;
  std::uint64_t checked_ = 0;
};

// A demotion: the destination's write asks for pieces, and each is read from the source tier
// straight into the destination's buffer, so the real bytes move and no entry-sized staging
// buffer is needed.
class TierCopySource final : public tiers::ByteSource {
 public:
  TierCopySource(tiers::Tier& from, const std::string& key) : from_(from), key_(key) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override;
  // The source reads' time, summed over pieces (part of the destination write's host time).
  const tiers::IoTiming& read_time() const { return read_time_; }
  bool read_failed() const { return failed_; }

 private:
  tiers::Tier& from_;
  const std::string& key_;
  tiers::IoTiming read_time_;
  bool failed_ = false;
};

}  // namespace kvbench::cache
