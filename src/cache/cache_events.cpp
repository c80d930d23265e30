#include "cache/cache_events.h"

#include "tiers/timed_tier.h"

namespace kvbench::cache {
namespace {

IoEvent event(EventKind kind, Level level, std::uint64_t bytes, const std::string& key) {
  IoEvent e;
  e.kind = kind;
  e.level = e.from_level = level;
  e.bytes = bytes;
  e.key = key;
  return e;
}

}  // namespace

void CacheEvents::emit(EventKind kind, Level level, std::uint64_t bytes, const std::string& key,
                       Phase phase, CacheType type, std::uint64_t tokens) const {
  IoEvent e = event(kind, level, bytes, key);
  e.phase = phase;
  e.type = type;
  e.tokens = tokens;
  observers_.emit(e);
}

void CacheEvents::failure(EventKind kind, Level level, std::uint64_t bytes, const std::string& key,
                          FailureCause cause, Phase phase, CacheType type) const {
  IoEvent e = event(kind, level, bytes, key);
  e.phase = phase;
  e.type = type;
  e.cause = cause;
  observers_.emit(e);
}

void CacheEvents::demotion(Level from, Level to, std::uint64_t size, std::uint64_t tokens,
                           const std::string& key, const TierCopySource* copied,
                           const tiers::IoTiming& write_time, FailureCause cause) const {
  // One event, reused for every part: this sits on the deepest stacks of a run.
  IoEvent e = event(copied != nullptr ? EventKind::Io : EventKind::DemotionFailure, to, size, key);
  e.from_level = from;
  if (copied == nullptr) {
    e.cause = cause;
    observers_.emit(e);
    e.kind = EventKind::EntryLost;
    e.level = from;
    return observers_.emit(e);
  }
  // The write's time includes the source reads it waited for, so each event gets its own part.
  e.phase = Phase::Evict;
  e.tokens = tokens;
  const tiers::IoTiming& read = copied->read_time();
  e.op = IoOp::Read;
  e.level = from;
  tiers::set_timing(e, read);
  observers_.emit(e);
  e.op = IoOp::Write;
  e.level = to;
  tiers::set_timing(e, tiers::own_part(write_time, read));
  observers_.emit(e);
}

}  // namespace kvbench::cache
