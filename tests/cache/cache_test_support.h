// Test doubles for MultiTierCache: a tier that checks what the cache promises its backends
// (no read of an absent entry, no double write, no removal under a reader), and that can sleep,
// fail or block on demand; an observer that records every row.
#pragma once

#include <cerrno>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "cache/multi_tier_cache.h"
#include "common/io_event.h"
#include "stats/cache_counters.h"
#include "stats/counter_observer.h"
#include "tiers/tier.h"

namespace kvbench::cache::testing {

// Blocks the first operation on `key` once armed, until released.
class Gate {
 public:
  void arm(std::string key) {
    std::lock_guard lock(mu_);
    key_ = std::move(key);
    armed_ = true;
    entered_ = open_ = false;
  }
  void pass(const std::string& key) {
    std::unique_lock lock(mu_);
    if (!armed_ || key != key_) return;
    armed_ = false;
    entered_ = true;
    cv_.notify_all();
    cv_.wait(lock, [this] { return open_; });
  }
  void wait_entered() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return entered_; });
  }
  void release() {
    std::lock_guard lock(mu_);
    open_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::string key_;
  bool armed_ = false, entered_ = false, open_ = false;
};

class FakeTier final : public tiers::Tier {
 public:
  explicit FakeTier(Level id, int sleep_us = 0) : id_(id), sleep_us_(sleep_us) {}
  Level id() const override { return id_; }

  // Stores sizes only: it never asks the source for bytes (as the trace-mode NullTier).
  tiers::IoTiming write(const std::string& key, std::uint64_t size, tiers::ByteSource&) override {
    pause();
    write_gate.pass(key);
    const int now = ++writes_in_flight_;
    for (int seen = max_writes_in_flight.load(); now > seen;) {
      if (max_writes_in_flight.compare_exchange_weak(seen, now)) break;
    }
    pause();
    --writes_in_flight_;
    const int n = ++writes_;
    if (cancel_writes) throw tiers::TierFailure("injected cancellation", ECANCELED);  // the run's end
    if (fail_writes || (fail_every > 0 && n % fail_every == 0)) {
      throw std::runtime_error("injected write failure");
    }
    std::lock_guard lock(mu_);
    if (!stored_.emplace(key, size).second) violation("write of a stored key " + key);
    return {kWriteSeconds, 0};
  }

  tiers::IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                       tiers::ByteSink&) override {
    {
      std::lock_guard lock(mu_);
      auto it = stored_.find(key);
      if (it == stored_.end() || it->second < offset + len) violation("read of an absent key " + key);
      ++reading_[key];
    }
    pause();
    read_gate.pass(key);
    {
      std::lock_guard lock(mu_);
      if (--reading_[key] == 0) reading_.erase(key);
    }
    if (fail_reads) throw std::runtime_error("injected read failure");
    return {kReadSeconds, 0};
  }

  void remove(const std::string& key) override {
    std::lock_guard lock(mu_);
    if (reading_.count(key) != 0) violation("remove under a reader " + key);
    stored_.erase(key);
  }

  std::map<std::string, std::uint64_t> stored() const {
    std::lock_guard lock(mu_);
    return stored_;
  }
  std::vector<std::string> violations() const {
    std::lock_guard lock(mu_);
    return violations_;
  }

  static constexpr double kWriteSeconds = 0.002;
  static constexpr double kReadSeconds = 0.001;
  std::atomic<bool> fail_writes{false};
  std::atomic<bool> cancel_writes{false};  // writes fail as cancelled (ECANCELED)
  std::atomic<bool> fail_reads{false};
  std::atomic<int> fail_every{0};  // > 0: every n-th write fails
  std::atomic<int> max_writes_in_flight{0};
  Gate read_gate;
  Gate write_gate;

 private:
  void pause() const {
    if (sleep_us_ > 0) std::this_thread::sleep_for(std::chrono::microseconds(sleep_us_));
  }
  void violation(std::string what) { violations_.push_back(std::move(what)); }  // under mu_

  Level id_;
  int sleep_us_;
  std::atomic<int> writes_in_flight_{0};
  std::atomic<int> writes_{0};
  mutable std::mutex mu_;
  std::map<std::string, std::uint64_t> stored_;
  std::map<std::string, int> reading_;
  std::vector<std::string> violations_;
};

struct Row {
  IoOp op;
  Level tier;
  std::uint64_t size;
  std::string key;
  Phase phase;
  bool operator==(const Row&) const = default;
};

// Records the Io events as trace rows (what the trace recorder would write), and every event.
class RecordingObserver final : public IoObserver {
 public:
  void on_event(const IoEvent& e) override {
    std::lock_guard lock(mu_);
    events_.push_back(e);
    events_.back().key = {};  // the key is valid only during the call
    event_keys_.emplace_back(e.key);
    if (e.kind == EventKind::Io) rows_.push_back({e.op, e.level, e.bytes, std::string(e.key), e.phase});
  }
  // Every event with its key, in order.
  std::vector<std::pair<IoEvent, std::string>> events() const {
    std::lock_guard lock(mu_);
    std::vector<std::pair<IoEvent, std::string>> out;
    for (std::size_t i = 0; i < events_.size(); ++i) out.emplace_back(events_[i], event_keys_[i]);
    return out;
  }
  std::vector<Row> rows() const {
    std::lock_guard lock(mu_);
    return rows_;
  }
  std::size_t count(IoOp op, Phase phase) const {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (const Row& r : rows_) n += (r.op == op && r.phase == phase) ? 1 : 0;
    return n;
  }
  void clear() {
    std::lock_guard lock(mu_);
    rows_.clear();
    events_.clear();
    event_keys_.clear();
  }

 private:
  mutable std::mutex mu_;
  std::vector<Row> rows_;
  std::vector<IoEvent> events_;
  std::vector<std::string> event_keys_;
};

inline constexpr double kUnlimited = std::numeric_limits<double>::infinity();

// A cache over FakeTiers, with its counters and observer. `tiers` are (id, limit) fastest first.
struct CacheRig {
  explicit CacheRig(const std::vector<std::pair<Level, double>>& tiers, CacheOptions options = {},
                    int sleep_us = 0) {
    std::vector<TierSetup> setups;
    for (const auto& [id, limit] : tiers) {
      auto tier = std::make_unique<FakeTier>(id, sleep_us);
      fakes.push_back(tier.get());
      setups.push_back({std::move(tier), limit});
    }
    cache = std::make_unique<MultiTierCache>(std::move(setups), options, IoObserverList{&counting, &observer});
  }

  std::uint64_t get(const stats::Counter& c) const { return stats::CacheCounters::get(c); }
  TierUsage usage_of(Level id) const {
    for (const TierUsage& u : cache->usage()) {
      if (u.id == id) return u;
    }
    return {id, 0, 0, 0};
  }

  stats::CacheCounters counters;
  stats::CounterObserver counting{counters};
  RecordingObserver observer;
  std::vector<FakeTier*> fakes;  // owned by the cache
  std::unique_ptr<MultiTierCache> cache;
};

}  // namespace kvbench::cache::testing
