#include "replay/row_executor.h"

#include <cerrno>
#include <exception>

#include "replay/payload_bytes.h"

namespace kvbench::replay {
namespace {

// A read whose stored copy is missing (never written, or deleted) is Gone, as in the cache.
FailureCause cause_of(const std::exception& e) {
  const auto* f = dynamic_cast<const tiers::TierFailure*>(&e);
  return f && f->error() == ENOENT ? FailureCause::Gone : FailureCause::IoError;
}

}  // namespace

void RowExecutor::emit_failure(EventKind kind, FailureCause cause, Level level, Level from,
                               const std::string& key) {
  IoEvent e;
  e.kind = kind;
  e.cause = cause;
  e.level = level;
  e.from_level = from;
  e.key = key;
  observers_.emit(e);
}

bool RowExecutor::write(const trace::TraceRow& row, ReplayLevel& level) {
  IoEvent asked;
  asked.kind = EventKind::WriteRequest;
  asked.phase = row.phase;
  asked.level = level.level;
  asked.bytes = row.size;
  asked.key = row.key;
  observers_.emit(asked);
  PayloadBytes payload(row.key, seed_);
  try {
    level.timed->write(row.key, row.size, payload, row.phase, 0);
    return true;
  } catch (const std::exception&) {
    emit_failure(EventKind::WriteFailure, FailureCause::IoError, level.level, level.level, row.key);
    return false;
  }
}

bool RowExecutor::read(const trace::TraceRow& row, ReplayLevel& level) {
  PayloadCheck check(row.key, seed_);
  tiers::DiscardSink discard;
  tiers::ByteSink& sink = verify_ ? static_cast<tiers::ByteSink&>(check) : discard;
  try {
    level.timed->read(row.key, 0, row.size, sink, row.phase, 0);
  } catch (const std::exception& e) {
    if (row.phase == Phase::Evict)
      emit_failure(EventKind::DemotionFailure, cause_of(e), level.level, level.level, row.key);
    else
      emit_failure(EventKind::ReadFailure, cause_of(e), level.level, level.level, row.key);
    return false;
  }
  if (row.phase == Phase::Evict) {
    evicting_[row.key] = level.level;
  } else {
    IoEvent hit;
    hit.kind = EventKind::Hit;
    hit.level = level.level;
    hit.phase = row.phase;
    hit.bytes = row.size;
    hit.key = row.key;
    observers_.emit(hit);
  }
  if (check.mismatched()) {
    IoEvent bad;
    bad.kind = EventKind::VerifyMismatch;
    bad.level = level.level;
    bad.bytes = row.size;
    bad.key = row.key;
    observers_.emit(bad);
  }
  return true;
}

bool RowExecutor::demotion_write(const trace::TraceRow& row, ReplayLevel& level) {
  Level from = level.level;
  if (const auto it = evicting_.find(row.key); it != evicting_.end()) {
    from = it->second;
    evicting_.erase(it);
  }
  PayloadBytes payload(row.key, seed_);
  try {
    const tiers::IoTiming t = level.backend->write(row.key, row.size, payload);
    observers_.emit(tiers::io_event(IoOp::Write, level.level, from, row.size, 0, row.key, Phase::Evict, t));
  } catch (const std::exception&) {
    emit_failure(EventKind::DemotionFailure, FailureCause::IoError, level.level, from, row.key);
    return false;
  }
  // The object moved: its copy on the faster level is gone, as after a cache's demotion.
  if (from != level.level) {
    for (ReplayLevel& l : levels_.levels())
      if (l.level == from) l.backend->remove(row.key);
  }
  return true;
}

void RowExecutor::run(const trace::TraceRow& row) {
  ReplayLevel& level = levels_.for_tier(row.tier);
  bool ok = false;
  if (row.op == IoOp::Read)
    ok = read(row, level);
  else if (row.phase == Phase::Evict)
    ok = demotion_write(row, level);
  else
    ok = write(row, level);
  RowCell& cell = tally_.cell(row.op, level.level, row.phase);
  cell.rows.fetch_add(1, std::memory_order_relaxed);
  if (ok)
    cell.bytes.fetch_add(row.size, std::memory_order_relaxed);
  else
    cell.failed.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace kvbench::replay
