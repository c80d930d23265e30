#include "cache/multi_tier_cache.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <utility>

#include "cache/allocate_scope.h"
#include "cache/cache_events.h"
#include "cache/cache_entry.h"
#include "cache/entry_bytes.h"
#include "cache/entry_table.h"
#include "cache/failure_cause.h"
#include "cache/waterfall_planner.h"
#include "common/log.h"
#include "tiers/timed_tier.h"

// Locking and pinning (docs/architecture.md, "Concurrency rules").
//
// One mutex guards all metadata: the entry map, every tier's usage and LRU list. It is held only
// to look up, plan and commit; tier I/O, observer calls and latency recording happen without it.
// An entry is pinned while I/O on it is in flight:
// * Writing  — a new entry's first write. Readers miss; allocate() of the key says "existed".
// * Moving   — a planned demotion. Readers read the copy at `loc`: the source until the
//   destination copy has been written, then the destination. The source copy is removed only
//   after the readers that started on it are done (`src_readers`), so nobody reads a
//   half-moved or deleted entry, and a hot entry cannot starve the demotion.
// * Deleting — terminal-tier eviction or remove(). Readers miss; allocate() of the key waits
//   until the backend removal is done, so a re-created entry is never unlinked by a stale one.
// * Ready with readers > 0 — eviction skips it; remove() marks it Deleting and waits.
// Only Ready entries without readers become victims, so a victim has no I/O in flight.
//
// Waits (one condition variable) are: remove() for in-flight I/O, allocate() for a Deleting
// key, a demotion for source readers. None of them holds anything the others wait for, and
// readers never wait, so there is no cycle. The observer must not call back into the cache.

namespace kvbench::cache {
namespace {

// A backend may throw from remove() although a missing entry is not an error; a removal that
// fails must not leave entries pinned for ever.
void remove_quietly(tiers::Tier& tier, const std::string& key) noexcept {
  try {
    tier.remove(key);
  } catch (...) {
  }
}

}  // namespace

struct MultiTierCache::Impl {
  Impl(std::vector<TierSetup> setups, CacheOptions opts, IoObserverList obs)
      : tiers(make_slots(std::move(setups))),
        options(opts),
        events(std::move(obs)),
        planner(tiers, options.eviction) {
    if (options.max_concurrent_allocs > 0) {
      alloc_slots = std::make_unique<std::counting_semaphore<>>(options.max_concurrent_allocs);
    }
  }

  static std::vector<TierSlot> make_slots(std::vector<TierSetup> setups) {
    if (setups.empty() || setups.size() >= kNoTier) {
      throw std::invalid_argument("MultiTierCache: need between 1 and 254 tiers");
    }
    std::vector<TierSlot> slots(setups.size());
    for (std::size_t i = 0; i < setups.size(); ++i) {
      if (!setups[i].backend) throw std::invalid_argument("MultiTierCache: tier without backend");
      if (std::isnan(setups[i].limit_bytes) || setups[i].limit_bytes < 0) {
        throw std::invalid_argument("MultiTierCache: tier limit must be >= 0");
      }
      slots[i].id = setups[i].backend->id();
      slots[i].backend = std::move(setups[i].backend);
      slots[i].limit = setups[i].limit_bytes;
    }
    return slots;
  }

  void wait(std::unique_lock<std::mutex>& lock) {
    ++waiters;
    cv.wait(lock);
    --waiters;
  }
  template <class Pred>
  void wait(std::unique_lock<std::mutex>& lock, Pred done) {
    while (!done()) wait(lock);
  }
  void notify() {
    if (waiters > 0) cv.notify_all();
  }

  // The entry for `key` once it is not being deleted, or null. Caller holds `lock`.
  Entry* find_settled(const std::string& key, std::unique_lock<std::mutex>& lock) {
    for (;;) {
      Entry* e = entries.find(key);
      if (e == nullptr || e->state != EntryState::Deleting) return e;
      wait(lock);
    }
  }

  WriteResult existed(const Entry& e) const { return {true, true, tiers[e.placement].id, 0.0}; }

  // Reads and new-entry writes go through the timed boundary, which emits their Io events.
  tiers::TimedTier timed(std::size_t tier) const {
    return tiers::TimedTier(*tiers[tier].backend, tiers[tier].id, events.observers());
  }

  void report_mismatch(const std::string& key, Level tier, std::uint64_t offset, std::uint64_t size) {
    events.emit(EventKind::VerifyMismatch, tier, size, key);
    mismatches.add(key, tier, offset, size);
    if (!mismatch_logged.exchange(true))
      log::error("--verify: entry '" + key + "' read from the " + std::string(level_label(tier)) +
                 " tier differs from its payload at byte " + std::to_string(offset) +
                 " (every mismatching read is counted in verify_mismatches)");
  }

  void execute(const std::vector<PlanStep>& plan);
  void demote(const PlanStep& step);
  bool drop_if_gone(Entry* entry, std::size_t tier, FailureCause cause, std::unique_lock<std::mutex>& lock);

  std::vector<TierSlot> tiers;
  CacheOptions options;
  CacheEvents events;
  WaterfallPlanner planner;
  std::unique_ptr<std::counting_semaphore<>> alloc_slots;
  std::atomic<bool> mismatch_logged{false};
  MismatchLog mismatches;

  mutable std::mutex mu;
  std::condition_variable cv;
  int waiters = 0;
  EntryTable entries;
};

// Runs a plan's steps in plan order (deepest demotions first). Deleted entries leave the map
// once their backend copies are gone, before the new entry's (possibly long) write, so that an
// allocate() or remove() of such a key does not wait for it.
void MultiTierCache::Impl::execute(const std::vector<PlanStep>& plan) {
  bool deleted = false;
  for (const PlanStep& step : plan) {
    if (step.kind == PlanStep::Kind::Demote) {
      demote(step);
      continue;
    }
    TierSlot& slot = tiers[step.from];
    const std::string key(step.entry->key.view());
    remove_quietly(*slot.backend, key);
    events.emit(EventKind::Deletion, slot.id, step.entry->size, key);
    deleted = true;
  }
  if (!deleted) return;
  std::lock_guard lock(mu);
  for (const PlanStep& step : plan) {
    if (step.kind == PlanStep::Kind::Delete) entries.erase(step.entry);
  }
  notify();
}

// to.write pulling from.read piece by piece (the real bytes move) → (source readers done) →
// from.remove, then commit. The victim's bytes were handed over when it was planned, so nothing
// here changes the source tier's usage. If the copy fails the victim is dropped rather than put
// back, and counted as lost (DemotionFailure + EntryLost): its old place is already promised to
// whatever caused the demotion, and putting it back could exceed the limit.
void MultiTierCache::Impl::demote(const PlanStep& step) {
  Entry* victim = step.entry;
  const std::string key(victim->key.view());  // the entry is pinned (Moving): its key is stable
  const std::uint64_t size = victim->size;
  const std::uint64_t tokens = victim->tokens;
  TierSlot& from = tiers[step.from];
  TierSlot& to = tiers[step.to];

  bool copied = false;
  FailureCause cause = FailureCause::None;
  TierCopySource source(*from.backend, key);
  tiers::IoTiming write_time;
  try {
    write_time = to.backend->write(key, size, source);
    copied = true;
  } catch (...) {
    cause = current_failure_cause();
    remove_quietly(*to.backend, key);
  }
  // A demotion is two Io events, only once it is complete (so its bytes count once, the same
  // way everywhere); the write's time includes the source reads it waited for, so each event
  // gets its own part.
  events.demotion(from.id, to.id, size, tokens, key, copied ? &source : nullptr, write_time, cause);

  std::unique_lock lock(mu);
  if (copied) {
    // New readers go to the destination; the ones already on the source finish there first.
    victim->src_readers = victim->readers;
    victim->readers = 0;
    victim->loc = step.to;
    wait(lock, [victim] { return victim->src_readers == 0; });
  } else {
    victim->state = EntryState::Deleting;
    to.release(*victim);
    wait(lock, [victim] { return victim->readers == 0; });
  }
  lock.unlock();
  remove_quietly(*from.backend, key);
  lock.lock();
  if (copied) {
    victim->state = EntryState::Ready;
    to.lru.push_most_recent(victim);
  } else {
    entries.erase(victim);
  }
  notify();
}

MultiTierCache::MultiTierCache(std::vector<TierSetup> tiers, CacheOptions options,
                               IoObserverList observers)
    : impl_(std::make_unique<Impl>(std::move(tiers), options, std::move(observers))) {}

MultiTierCache::~MultiTierCache() = default;

WriteResult MultiTierCache::allocate(const std::string& key, std::uint64_t size,
                                     std::uint64_t tokens, Phase phase) {
  tokens = std::min(tokens, kMaxEntryTokens);  // what the entry can hold (cache_entry.h)
  Impl& m = *impl_;
  AllocSlot slot;
  if (m.alloc_slots) {  // spec §6.2: existing keys return before taking a slot
    std::unique_lock lock(m.mu);
    if (const Entry* e = m.find_settled(key, lock)) return m.existed(*e);
    lock.unlock();
    slot.acquire(*m.alloc_slots);
  }

  PlanBuffer plan;
  Entry* entry = nullptr;
  std::size_t tier = 0;
  {
    std::unique_lock lock(m.mu);
    for (;;) {
      auto [e, inserted] = m.entries.try_emplace(key);
      if (inserted) {
        entry = e;
        entry->size = size & kMaxEntryBytes;  // a larger entry is refused below
        entry->tokens = tokens;
        break;
      }
      if (e->state != EntryState::Deleting) return m.existed(*e);
      m.wait(lock);
    }
    bool placed = false;
    for (tier = 0; size <= kMaxEntryBytes && tier < m.tiers.size(); ++tier) {
      if (m.planner.ensure_space(tier, size, 0, plan.steps())) {
        placed = true;
        break;
      }
    }
    if (placed) {
      entry->placement = entry->loc = static_cast<std::uint8_t>(tier);
      ++m.tiers[tier].entries;
    } else {
      m.entries.erase(entry);  // nobody has seen it: it was created under this same lock hold
      entry = nullptr;
    }
  }

  const Level first = m.tiers[entry != nullptr ? tier : 0].id;
  m.events.emit(EventKind::WriteRequest, first, size, key, phase);  // spec §6.2 step 4: even if not placed
  m.execute(plan.steps());
  if (entry == nullptr) {  // no tier could take it (kvbench never forces one past its limit)
    m.events.failure(EventKind::WriteFailure, first, size, key, FailureCause::NoRoom, phase);
    return {};
  }

  TierSlot& target = m.tiers[tier];
  bool written = false;
  FailureCause cause = FailureCause::IoError;
  tiers::IoTiming timing;
  try {
    PayloadSource payload(key, m.options.payload_seed);
    // Its event comes before the commit, so that no reader's row for this key precedes it.
    timing = m.timed(tier).write(key, size, payload, Phase::Prefill, tokens);
    written = true;
  } catch (...) {
    // A write whose file vanished (ENOENT: the cache directory is gone) is an I/O error too.
    if (current_failure_cause() == FailureCause::Cancelled) cause = FailureCause::Cancelled;
    remove_quietly(*target.backend, key);
  }
  {
    std::lock_guard lock(m.mu);
    if (written) {
      entry->state = EntryState::Ready;
      target.lru.push_most_recent(entry);
    } else {
      target.release(*entry);
      m.entries.erase(entry);
    }
    m.notify();
  }
  if (!written) {  // the device failed it, or the run's end cancelled it: not "no room"
    m.events.failure(EventKind::WriteFailure, target.id, size, key, cause, phase);
    return {};
  }
  return {true, false, target.id, timing.total_s()};
}

ReadResult MultiTierCache::access(const std::string& key, Phase phase, CacheType type) {
  Impl& m = *impl_;
  Entry* entry = nullptr;
  std::size_t tier = 0;
  std::uint64_t size = 0;
  std::uint64_t tokens = 0;
  {
    std::lock_guard lock(m.mu);
    entry = m.entries.find(key);
    if (entry == nullptr || entry->state == EntryState::Writing ||
        entry->state == EntryState::Deleting) {
      entry = nullptr;
    } else {
      tier = entry->loc;
      size = entry->size;
      tokens = entry->tokens;
      ++entry->readers;  // pinned until the read is done
      if (entry->state == EntryState::Ready) m.tiers[tier].lru.touch(entry);
    }
  }
  if (entry == nullptr) {  // observers are called outside the lock
    m.events.emit(EventKind::Miss, m.tiers.front().id, 0, key, phase, type);
    return {};
  }

  const Level id = m.tiers[tier].id;
  tiers::IoTiming timing;
  FailureCause failed = FailureCause::None;
  try {
    if (m.options.verify) {
      VerifySink check(key, m.options.payload_seed);
      timing = m.timed(tier).read(key, 0, size, check, phase, tokens);
      if (check.mismatched()) m.report_mismatch(key, id, check.first_bad_offset(), size);
    } else {
      tiers::DiscardSink discard;
      timing = m.timed(tier).read(key, 0, size, discard, phase, tokens);
    }
  } catch (...) {
    failed = current_failure_cause();
  }
  // A hit is a read that happened; the reference also counted failed ones (spec §6.4), which
  // the results keep as reference_compatible.cache_hits. The entry's own tokens (the reference
  // divided bytes by the full-model bpt here, §11.2.8).
  if (failed == FailureCause::None) m.events.emit(EventKind::Hit, id, size, key, phase, type, tokens);
  else m.events.failure(EventKind::ReadFailure, id, size, key, failed, phase, type);

  bool lost = false;
  {
    std::unique_lock lock(m.mu);
    std::uint32_t& pins = tier == entry->loc ? entry->readers : entry->src_readers;
    --pins;
    lost = m.drop_if_gone(entry, tier, failed, lock);
    if (!lost && pins == 0) m.notify();
  }
  if (lost) m.events.emit(EventKind::EntryLost, id, size, key, phase, type);
  if (failed != FailureCause::None) return {false, true, id, 0.0};
  return {true, false, id, timing.total_s()};
}

// A read found the entry's stored copy gone (its file or the cache directory deleted): the
// entry leaves the cache with its bytes, so usage and entry counts say what is really stored.
// Only a Ready entry read where it lives is dropped; one being moved or deleted is already
// leaving. Caller holds `lock`, with its own pin released.
bool MultiTierCache::Impl::drop_if_gone(Entry* entry, std::size_t tier, FailureCause cause,
                                        std::unique_lock<std::mutex>& lock) {
  if (cause != FailureCause::Gone || entry->state != EntryState::Ready || entry->loc != tier) return false;
  TierSlot& slot = tiers[tier];
  slot.lru.unlink(entry);
  slot.release(*entry);
  entry->state = EntryState::Deleting;  // new readers miss; allocate() of the key waits
  wait(lock, [entry] { return entry->readers == 0; });
  entries.erase(entry);
  notify();
  return true;
}

std::optional<std::pair<Level, std::uint64_t>> MultiTierCache::lookup(
    const std::string& key) const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  const Entry* found = m.entries.find(key);
  if (found == nullptr) return std::nullopt;
  const Entry& e = *found;
  if (e.state == EntryState::Writing || e.state == EntryState::Deleting) return std::nullopt;
  return std::make_pair(m.tiers[e.placement].id, std::uint64_t{e.size});
}

bool MultiTierCache::remove(const std::string& key) {
  Impl& m = *impl_;
  std::unique_lock lock(m.mu);
  Entry* entry = nullptr;
  for (;;) {
    entry = m.entries.find(key);
    if (entry == nullptr) return false;
    if (entry->state == EntryState::Ready) break;
    m.wait(lock);  // Writing/Moving: let the I/O finish; Deleting: someone else's, wait it out
  }
  // Marked Deleting first so that new readers miss and a busy entry cannot starve us.
  const std::size_t tier = entry->placement;
  TierSlot& slot = m.tiers[tier];
  slot.lru.unlink(entry);
  slot.release(*entry);
  entry->state = EntryState::Deleting;
  m.wait(lock, [entry] { return entry->readers == 0; });
  lock.unlock();
  remove_quietly(*slot.backend, key);
  lock.lock();
  m.entries.erase(entry);
  m.notify();
  return true;
}

std::uint64_t MultiTierCache::drop_vanished() {
  Impl& m = *impl_;
  std::vector<std::pair<std::string, std::size_t>> ready;  // key, level
  {
    std::lock_guard lock(m.mu);
    m.entries.for_each([&ready, &m](const Entry& e) {
      if (e.state == EntryState::Ready && m.tiers[e.placement].backend->can_lose_entries())
        ready.emplace_back(std::string(e.key.view()), e.placement);
    });
  }
  std::uint64_t dropped = 0;
  for (const auto& [key, tier] : ready) {
    if (m.tiers[tier].backend->holds(key)) continue;
    std::uint64_t size = 0;
    {
      std::lock_guard lock(m.mu);
      Entry* e = m.entries.find(key);
      if (e == nullptr || e->state != EntryState::Ready || e->placement != tier || e->readers > 0) continue;
      size = e->size;
      m.tiers[tier].lru.unlink(e);
      m.tiers[tier].release(*e);
      m.entries.erase(e);
      m.notify();
    }
    m.events.emit(EventKind::EntryLost, m.tiers[tier].id, size, key);
    ++dropped;
  }
  return dropped;
}

void MultiTierCache::cancel_io() {
  for (TierSlot& slot : impl_->tiers) slot.backend->cancel_io();
}

std::vector<Level> MultiTierCache::tier_order() const {
  std::vector<Level> ids;
  ids.reserve(impl_->tiers.size());
  for (const TierSlot& slot : impl_->tiers) ids.push_back(slot.id);
  return ids;
}

std::vector<TierUsage> MultiTierCache::usage() const {
  const Impl& m = *impl_;
  std::vector<TierUsage> out;
  out.reserve(m.tiers.size());
  std::lock_guard lock(m.mu);
  for (const TierSlot& slot : m.tiers)
    out.push_back({slot.id, slot.used, slot.limit, slot.entries});
  return out;
}

std::vector<VerifyMismatch> MultiTierCache::verify_mismatches() const {
  return impl_->mismatches.first();
}

std::vector<std::uint64_t> MultiTierCache::entry_sizes() const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  std::vector<std::uint64_t> sizes;
  sizes.reserve(m.entries.size());
  m.entries.for_each([&sizes](const Entry& e) {
    if (e.state == EntryState::Ready || e.state == EntryState::Moving) sizes.push_back(e.size);
  });
  return sizes;
}

}  // namespace kvbench::cache
