// How MultiTierCache tells its observers what happened (common/io_event.h): one emitter per kind
// of fact, always called outside the cache mutex. Out of line on purpose: inlined, each event
// took its own slot in allocate()'s and access()'s frames, and the deeper stacks cost every
// worker thread one more page (+2 MiB peak RSS with 500 workers).
#pragma once

#include <cstdint>
#include <string>

#include "cache/entry_bytes.h"
#include "common/io_event.h"
#include "common/io_observer_list.h"
#include "tiers/tier.h"

namespace kvbench::cache {

class CacheEvents {
 public:
  explicit CacheEvents(IoObserverList observers) : observers_(std::move(observers)) {}

  const IoObserverList& observers() const { return observers_; }

  // A cache fact that is not tier I/O.
  [[gnu::noinline]] void emit(EventKind kind, Level level, std::uint64_t bytes, const std::string& key,
                              Phase phase = Phase::Prefill, CacheType type = CacheType::User,
                              std::uint64_t tokens = 0) const;
  // A failed operation, with why it failed (issue 15: every failure is counted by its cause).
  [[gnu::noinline]] void failure(EventKind kind, Level level, std::uint64_t bytes, const std::string& key,
                                 FailureCause cause, Phase phase = Phase::Prefill,
                                 CacheType type = CacheType::User) const;
  // A completed demotion from `from` to `to` is its two Io events (`copied`: its source); a
  // failed one (`copied` null) is the failure and the loss of the entry, dropped from `from`
  // (issue 15 item 1: counted, never vanished).
  [[gnu::noinline]] void demotion(Level from, Level to, std::uint64_t size, std::uint64_t tokens,
                                  const std::string& key, const TierCopySource* copied,
                                  const tiers::IoTiming& write_time, FailureCause cause) const;

 private:
  IoObserverList observers_;
};

}  // namespace kvbench::cache
