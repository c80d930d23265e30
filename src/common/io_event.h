// One I/O event: what the cache (or a replay driving tiers directly) tells its observers, once
// per fact. A tier operation that completed is an Io event {op, level, from-level, bytes, key,
// phase, timing}; the cache facts that are not tier I/O (a write asked for, a hit or miss by
// entry type, a failed write or read, a deletion, a --verify mismatch) are events of their own
// kinds. Counters, live metrics and the trace recorder all derive their figures from these, so
// each fact is counted in one place. It lives in common/ because its producers (cache/, a
// replay over tiers/) and its observers (stats/, engine/) are in different layers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/io_types.h"

namespace kvbench {

enum class EventKind : std::uint8_t {
  Io,               // a tier operation that completed; a demotion is an Evict read then an Evict write
  WriteRequest,     // a write of a new key was asked for (counted whether or not it is placed, spec §6.2)
  WriteFailure,     // a new entry that no level could take (NoRoom), or whose tier write failed (IoError)
  Hit,              // a read of the entry at `level` that succeeded (emitted once its bytes arrived)
  Miss,             // a read found no entry of `type`
  ReadFailure,      // a read of a cached entry whose tier read failed: not a hit (Gone: its copy vanished)
  Deletion,         // an entry dropped from the terminal `level` to make room
  DemotionFailure,  // a demotion from `from_level` to `level` whose copy failed (an EntryLost follows)
  VerifyMismatch,   // --verify: the bytes read from `level` differ from the entry's payload
  EntryLost,        // an entry the cache held at `level` is gone without being deleted or removed
};
inline constexpr std::size_t kEventKindCount = 10;

// Why a WriteFailure, ReadFailure or DemotionFailure happened: the waterfall found no room (a
// capacity limit, not a fault), the backend's I/O failed, (a read) the stored copy was gone, or
// the run's end cancelled it (tiers::Tier::cancel_io: not the device's fault either).
enum class FailureCause : std::uint8_t { None, NoRoom, IoError, Gone, Cancelled };

inline constexpr std::uint32_t event_bit(EventKind k) { return 1u << static_cast<unsigned>(k); }
inline constexpr std::uint32_t kAllEvents = (1u << kEventKindCount) - 1;

struct IoEvent {
  EventKind kind = EventKind::Io;
  IoOp op = IoOp::Read;            // Io only
  Level level = Level::Gpu;        // where it happened; a demotion's destination
  Level from_level = Level::Gpu;   // a demotion's source (its Evict write, DemotionFailure); else `level`
  Phase phase = Phase::Prefill;    // Io, WriteRequest, Hit
  CacheType type = CacheType::User;  // Hit, Miss, ReadFailure
  FailureCause cause = FailureCause::None;  // WriteFailure, ReadFailure, DemotionFailure
  std::uint64_t bytes = 0;
  // Tokens the bytes hold, for storage_tokens_processed (a new entry's own count; a demotion's or
  // a hit's bytes over the per-rank bytes per token).
  std::uint64_t tokens = 0;
  std::string_view key;            // valid only during the observer call
  // Io only: the tier's timing of this operation (tiers/tier.h IoTiming; 0 in trace mode).
  double device_s = 0;
  double host_s = 0;
  double overlapped_s = 0;

  double total_s() const { return device_s + host_s; }
  bool is_demotion_write() const { return kind == EventKind::Io && op == IoOp::Write && phase == Phase::Evict; }
};

// Whoever listens to events. Called on the thread that did the operation, in the order it
// happened there (a write's demotions before the write, deepest first); must not call back
// into whatever emitted the event.
class IoObserver {
 public:
  virtual ~IoObserver() = default;
  // The kinds this observer wants (event_bit()s), asked once when it joins an IoObserverList,
  // so an observer is never called for what it ignores.
  virtual std::uint32_t interests() const { return kAllEvents; }
  virtual void on_event(const IoEvent& event) = 0;
};

}  // namespace kvbench
