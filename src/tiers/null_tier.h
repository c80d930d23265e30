// Trace-mode backend: remembers nothing, moves no bytes (never asks a source or feeds a sink),
// takes no time.
#pragma once

#include "tiers/tier.h"

namespace kvbench::tiers {

class NullTier final : public Tier {
 public:
  explicit NullTier(Level id) : id_(id) {}
  Level id() const override { return id_; }
  IoTiming write(const std::string&, std::uint64_t, ByteSource&) override { return {}; }
  IoTiming read(const std::string&, std::uint64_t, std::uint64_t, ByteSink&) override { return {}; }
  void remove(const std::string&) override {}

 private:
  Level id_;
};

}  // namespace kvbench::tiers
