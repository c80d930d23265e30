// The timed boundary at a tier: one call on a backend, timed by the backend (IoTiming), emitted
// as one Io event for the level it serves. The cache reads and writes through it, and a replay
// that drives tiers without a MultiTierCache does the same, so both get the same per-level
// figures from the same observers (counters, live metrics, trace).
#pragma once

#include <cstdint>
#include <string>

#include "common/io_event.h"
#include "common/io_observer_list.h"
#include "tiers/tier.h"

namespace kvbench::tiers {

inline void set_timing(IoEvent& e, const IoTiming& t) {
  e.device_s = t.device_s;
  e.host_s = t.host_s;
  e.overlapped_s = t.overlapped_s;
}

// The Io event of one completed operation on `level`; `from` is a demotion's source level
// (== level otherwise).
inline IoEvent io_event(IoOp op, Level level, Level from, std::uint64_t bytes, std::uint64_t tokens,
                        const std::string& key, Phase phase, const IoTiming& t) {
  IoEvent e;
  e.kind = EventKind::Io;
  e.op = op;
  e.level = level;
  e.from_level = from;
  e.phase = phase;
  e.bytes = bytes;
  e.tokens = tokens;
  e.key = key;
  set_timing(e, t);
  return e;
}

// A demotion's destination write pulls its bytes from the source tier, so its timing includes
// the source reads (as host time, tier.h); its own part is the rest. Each half of the demotion
// is then reported with its own time.
inline IoTiming own_part(const IoTiming& write, const IoTiming& source_reads) {
  const double total = write.total_s() - source_reads.total_s();
  IoTiming own;
  own.overlapped_s = write.overlapped_s;
  if (!(total > 0)) return own;
  const double host = write.host_s - source_reads.total_s();
  own.host_s = host > 0 ? (host < total ? host : total) : 0.0;
  own.device_s = total - own.host_s;
  return own;
}

class TimedTier {
 public:
  // `level`: the waterfall position `backend` serves (passed, not asked: no virtual call).
  TimedTier(Tier& backend, Level level, const IoObserverList& observers)
      : backend_(backend), level_(level), observers_(observers) {}

  // As Tier::write, then one Write event. A write that throws emits nothing: the caller
  // reports the failure (a failed write moves no bytes).
  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src, Phase phase,
                 std::uint64_t tokens) {
    const IoTiming t = backend_.write(key, size, src);
    emit(IoOp::Write, size, tokens, key, phase, t);
    return t;
  }
  // As Tier::read, then one Read event of `len` bytes.
  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len, ByteSink& dst,
                Phase phase, std::uint64_t tokens) {
    const IoTiming t = backend_.read(key, offset, len, dst);
    emit(IoOp::Read, len, tokens, key, phase, t);
    return t;
  }
  // Not I/O the figures count (the cache reports deletions as facts of its own).
  void remove(const std::string& key) { backend_.remove(key); }

  Level level() const { return level_; }

 private:
  // Out of line (timed_tier.cpp), so that the event does not sit in the caller's frame.
  void emit(IoOp op, std::uint64_t bytes, std::uint64_t tokens, const std::string& key, Phase phase,
            const IoTiming& t) const;

  Tier& backend_;
  Level level_;
  const IoObserverList& observers_;
};

}  // namespace kvbench::tiers
