// The bytes a replay writes and checks: each object's payload derived from its key and the
// payload seed (datagen/, as in a run), generated straight into the tier's buffer, and the check
// of every byte read back (--verify). Header-only: two small adapters of datagen/.
#pragma once

#include <cstdint>
#include <string>

#include "datagen/payload.h"
#include "tiers/tier.h"

namespace kvbench::replay {

class PayloadBytes final : public tiers::ByteSource {
 public:
  PayloadBytes(const std::string& key, std::uint64_t global_seed)
      : seed_(datagen::seed_for_key(key, global_seed)) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override {
    datagen::fill(seed_, offset, dst, len);
  }

 private:
  std::uint64_t seed_;
};

class PayloadCheck final : public tiers::ByteSink {
 public:
  PayloadCheck(const std::string& key, std::uint64_t global_seed)
      : seed_(datagen::seed_for_key(key, global_seed)) {}
  void take(std::uint64_t offset, const std::byte* src, std::size_t len) override {
    if (datagen::verify(seed_, offset, src, len) != datagen::npos) mismatched_ = true;
  }
  bool mismatched() const { return mismatched_; }

 private:
  std::uint64_t seed_;
  bool mismatched_ = false;
};

}  // namespace kvbench::replay
