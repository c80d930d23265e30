// The first --verify mismatches of a run, each with its key, level and first differing byte, so
// the results say which entries came back wrong, not only how many (issue 15 item 5). Bounded:
// a broken device mismatches every read, and the count alone is in verify_mismatches.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "common/io_types.h"

namespace kvbench::cache {

struct VerifyMismatch {
  std::string key;
  Level level = Level::Gpu;  // where the entry was read from
  std::uint64_t offset = 0;  // the first byte that differs from the payload
  std::uint64_t bytes = 0;   // the entry's size
};

class MismatchLog {
 public:
  static constexpr std::size_t kKept = 100;

  void add(const std::string& key, Level level, std::uint64_t offset, std::uint64_t bytes) {
    std::lock_guard lock(mu_);
    if (kept_.size() < kKept) kept_.push_back({key, level, offset, bytes});
  }
  std::vector<VerifyMismatch> first() const {
    std::lock_guard lock(mu_);
    return kept_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<VerifyMismatch> kept_;
};

}  // namespace kvbench::cache
