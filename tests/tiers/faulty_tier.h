// A backend that fails on purpose: wraps any tier and fails every Nth write (mid-entry, through
// its ByteSource, so the backend under it must clean up what it had written) and every Nth read,
// with the errno a test picks (EIO, ENOSPC, ENOENT). What a full disk or a dying device does to
// the file backend, made repeatable for every backend and for MultiTierCache above them.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>

#include "tiers/tier.h"

namespace kvbench::tiers::testing {

struct FaultPlan {
  int fail_every_write = 0;  // > 0: the n-th, 2n-th, ... write fails
  int write_errno = EIO;
  int fail_every_read = 0;   // > 0: the n-th, 2n-th, ... read fails
  int read_errno = EIO;
};

class FaultyTier final : public Tier {
 public:
  // `level`: the level it serves, whatever the wrapped backend says (a dram backend at storage).
  FaultyTier(std::unique_ptr<Tier> inner, FaultPlan plan, Level level)
      : inner_(std::move(inner)), plan_(plan), level_(level) {}

  Level id() const override { return level_; }

  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override {
    const int n = ++writes_;
    if (plan_.fail_every_write <= 0 || n % plan_.fail_every_write != 0) return inner_->write(key, size, src);
    ++injected_writes_;
    HalfSource half(src, size / 2, plan_.write_errno);
    inner_->write(key, size, half);
    // A backend that never asked for the second half (an empty entry): fail it all the same.
    inner_->remove(key);
    throw TierFailure("injected write failure", plan_.write_errno);
  }

  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len, ByteSink& dst) override {
    const int n = ++reads_;
    if (plan_.fail_every_read > 0 && n % plan_.fail_every_read == 0) {
      ++injected_reads_;
      throw TierFailure("injected read failure", plan_.read_errno);
    }
    return inner_->read(key, offset, len, dst);
  }

  void remove(const std::string& key) override { inner_->remove(key); }
  // What the wrapped backend says: a faulty file backend can still lose entries behind the run.
  bool holds(const std::string& key) const override { return inner_->holds(key); }
  bool can_lose_entries() const override { return inner_->can_lose_entries(); }
  void cancel_io() override { inner_->cancel_io(); }

  int injected_writes() const { return injected_writes_.load(); }
  int injected_reads() const { return injected_reads_.load(); }
  // Operations that reached this tier, failed ones included.
  int writes() const { return writes_.load(); }
  int reads() const { return reads_.load(); }
  Tier& inner() { return *inner_; }

 private:
  // Passes the first `limit` bytes through, then fails as the device would.
  class HalfSource final : public ByteSource {
   public:
    HalfSource(ByteSource& src, std::uint64_t limit, int err) : src_(src), limit_(limit), err_(err) {}
    void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override {
      if (offset + len > limit_) throw TierFailure("injected write failure", err_);
      src_.fill(offset, dst, len);
    }

   private:
    ByteSource& src_;
    std::uint64_t limit_;
    int err_;
  };

  std::unique_ptr<Tier> inner_;
  FaultPlan plan_;
  Level level_;
  std::atomic<int> writes_{0}, reads_{0}, injected_writes_{0}, injected_reads_{0};
};

}  // namespace kvbench::tiers::testing
