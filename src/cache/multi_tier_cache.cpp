#include "cache/multi_tier_cache.h"

#include <atomic>
#include <cmath>
#include <condition_variable>
#include <mutex>
#include <semaphore>
#include <stdexcept>
#include <utility>

#include "cache/cache_entry.h"
#include "cache/entry_bytes.h"
#include "cache/entry_table.h"
#include "cache/waterfall_planner.h"
#include "common/log.h"

// Locking and pinning (DESIGN.md "Concurrency rules").
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

using stats::CacheCounters;
using stats::Counter;

// A backend may throw from remove() although a missing entry is not an error; a removal that
// fails must not leave entries pinned for ever.
void remove_quietly(tiers::Tier& tier, const std::string& key) noexcept {
  try {
    tier.remove(key);
  } catch (...) {
  }
}

Counter* offload_counter(CacheCounters& c, Level tier) {
  switch (tier) {
    case Level::Cpu:
      return &c.offloads_cpu;
    case Level::Storage:
      return &c.offloads_storage;
    case Level::Gpu:
      return nullptr;
  }
  return nullptr;
}

void record(stats::LatencyRecorder& total, stats::LatencyRecorder& device,
            stats::LatencyRecorder& host, Counter& overlapped_ns, const tiers::IoTiming& t) {
  total.record(t.total_s());
  device.record(t.device_s);
  host.record(t.host_s);
  if (t.overlapped_s > 0) CacheCounters::add(overlapped_ns, static_cast<std::uint64_t>(t.overlapped_s * 1e9));
}

// Plans are built on every allocate(); reusing one vector per thread keeps that free of heap
// allocations. Moving it out (rather than using it in place) stays correct if a thread ever
// re-enters allocate().
thread_local std::vector<PlanStep> t_spare_plan;

class PlanBuffer {
 public:
  PlanBuffer() : steps_(std::move(t_spare_plan)) { steps_.clear(); }
  ~PlanBuffer() {
    steps_.clear();
    t_spare_plan = std::move(steps_);
  }
  PlanBuffer(const PlanBuffer&) = delete;
  PlanBuffer& operator=(const PlanBuffer&) = delete;
  std::vector<PlanStep>& steps() { return steps_; }

 private:
  std::vector<PlanStep> steps_;
};

// Holds one --max-concurrent-allocs slot for the rest of an allocate() call.
class AllocSlot {
 public:
  AllocSlot() = default;
  AllocSlot(const AllocSlot&) = delete;
  AllocSlot& operator=(const AllocSlot&) = delete;
  ~AllocSlot() {
    if (sem_ != nullptr) sem_->release();
  }
  void acquire(std::counting_semaphore<>& sem) {
    sem.acquire();
    sem_ = &sem;
  }

 private:
  std::counting_semaphore<>* sem_ = nullptr;
};

}  // namespace

struct MultiTierCache::Impl {
  Impl(std::vector<TierSetup> setups, CacheOptions opts, CacheCounters& stats, CacheObserver* obs)
      : tiers(make_slots(std::move(setups))),
        options(opts),
        counters(stats),
        observer(obs),
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

  void observe(IoOp op, std::size_t tier, std::uint64_t size, const std::string& key, Phase phase,
               double latency_s) {
    if (observer != nullptr) observer->on_io(op, tiers[tier].id, size, key, phase, latency_s);
  }

  std::uint64_t tokens_of(std::uint64_t bytes) const {
    if (!(options.bytes_per_token > 0)) return 0;
    return static_cast<std::uint64_t>(static_cast<double>(bytes) / options.bytes_per_token);
  }

  void report_mismatch(const std::string& key, Level tier, std::uint64_t offset) {
    CacheCounters::add(counters.verify_mismatches, 1);
    if (!mismatch_logged.exchange(true))
      log::error("--verify: entry '" + key + "' read from the " + std::string(level_label(tier)) +
                 " tier differs from its payload at byte " + std::to_string(offset) +
                 " (every mismatching read is counted in verify_mismatches)");
  }

  void execute(const std::vector<PlanStep>& plan);
  void demote(const PlanStep& step);

  std::vector<TierSlot> tiers;
  CacheOptions options;
  CacheCounters& counters;
  CacheObserver* observer;
  WaterfallPlanner planner;
  std::unique_ptr<std::counting_semaphore<>> alloc_slots;
  std::atomic<bool> mismatch_logged{false};

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
    remove_quietly(*slot.backend, std::string(step.entry->key.view()));
    CacheCounters::add(counters.deletions, 1);
    CacheCounters::add(counters.tier(slot.id).evict_bytes_out, step.entry->size);
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
// back: its old place is already promised to whatever caused the demotion, and putting it back
// could exceed the limit.
void MultiTierCache::Impl::demote(const PlanStep& step) {
  Entry* victim = step.entry;
  const std::string key(victim->key.view());  // the entry is pinned (Moving): its key is stable
  const std::uint64_t size = victim->size;
  TierSlot& from = tiers[step.from];
  TierSlot& to = tiers[step.to];

  bool copied = false;
  TierCopySource source(*from.backend, key);
  tiers::IoTiming write_time;
  try {
    write_time = to.backend->write(key, size, source);
    copied = true;
  } catch (...) {
    remove_quietly(*to.backend, key);
  }
  // The write's time includes the source reads it waited for; each row gets its own part.
  if (!source.read_failed()) {
    observe(IoOp::Read, step.from, size, key, Phase::Evict, source.read_time().total_s());
    if (copied) {
      const double own = write_time.total_s() - source.read_time().total_s();
      observe(IoOp::Write, step.to, size, key, Phase::Evict, own > 0 ? own : 0.0);
    }
  }

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
  lock.unlock();

  if (!copied) return;
  CacheCounters::add(counters.demotions, 1);
  if (Counter* offloads = offload_counter(counters, to.id)) CacheCounters::add(*offloads, 1);
  if (to.id == Level::Storage) CacheCounters::add(counters.storage_tokens_processed, tokens_of(size));
  CacheCounters::add(counters.tier(from.id).evict_bytes_out, size);
  CacheCounters::add(counters.tier(to.id).evict_bytes_in, size);
}

MultiTierCache::MultiTierCache(std::vector<TierSetup> tiers, CacheOptions options,
                               stats::CacheCounters& counters, CacheObserver* observer)
    : impl_(std::make_unique<Impl>(std::move(tiers), options, counters, observer)) {}

MultiTierCache::~MultiTierCache() = default;

WriteResult MultiTierCache::allocate(const std::string& key, std::uint64_t size,
                                     std::uint64_t tokens, Phase phase) {
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
        entry->size = size;
        break;
      }
      if (e->state != EntryState::Deleting) return m.existed(*e);
      m.wait(lock);
    }
    bool placed = false;
    for (tier = 0; tier < m.tiers.size(); ++tier) {
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

  // The rule (issue 14, "nothing counted that did not happen"): a write that fails, for want
  // of room or in its backend, moves no bytes, so it enters no byte total and no bandwidth;
  // write_failures counts it. The attempt itself still counts in prefill_writes and write_iops
  // (spec §6.2 step 4: "write_iops minus write_failures" is the writes done). The byte total is
  // added right next to the tier's own bytes: total_write_bytes == sum of kv_bytes_written.
  CacheCounters& c = m.counters;
  if (phase == Phase::Prefill) CacheCounters::add(c.prefill_writes, 1);
  CacheCounters::add(c.write_operations, 1);

  m.execute(plan.steps());
  if (entry == nullptr) {  // no tier could take it (kvbench never forces one past its limit)
    CacheCounters::add(c.write_failures, 1);
    return {};
  }

  TierSlot& target = m.tiers[tier];
  bool written = false;
  tiers::IoTiming timing;
  try {
    PayloadSource payload(key, m.options.payload_seed);
    timing = target.backend->write(key, size, payload);
    written = true;
  } catch (...) {
    remove_quietly(*target.backend, key);
  }
  // Before the commit, so that no reader's row for this key can precede its Write row.
  if (written) m.observe(IoOp::Write, tier, size, key, Phase::Prefill, timing.total_s());
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
  if (!written) {
    CacheCounters::add(c.write_failures, 1);
    return {};
  }

  const Level id = target.id;
  stats::TierCounters& tc = c.tier(id);
  CacheCounters::add(c.total_write_bytes, size);
  CacheCounters::add(tc.kv_bytes_written, size);
  CacheCounters::add(tc.entries_written, 1);
  record(tc.write_latency, tc.write_device_latency, tc.write_host_latency, tc.write_overlapped_ns, timing);
  if (Counter* offloads = offload_counter(c, id)) CacheCounters::add(*offloads, 1);
  if (id == Level::Storage) CacheCounters::add(c.storage_tokens_processed, tokens);
  return {true, false, id, timing.total_s()};
}

ReadResult MultiTierCache::access(const std::string& key, Phase phase, CacheType type) {
  Impl& m = *impl_;
  CacheCounters& c = m.counters;
  Entry* entry = nullptr;
  std::size_t tier = 0;
  std::uint64_t size = 0;
  {
    std::lock_guard lock(m.mu);
    entry = m.entries.find(key);
    if (entry == nullptr || entry->state == EntryState::Writing ||
        entry->state == EntryState::Deleting) {
      CacheCounters::add(c.cache_misses, 1);
      CacheCounters::add(c.misses(type), 1);
      return {};
    }
    tier = entry->loc;
    size = entry->size;
    ++entry->readers;  // pinned until the read is done
    if (entry->state == EntryState::Ready) m.tiers[tier].lru.touch(entry);
  }

  const Level id = m.tiers[tier].id;
  stats::TierCounters& tc = c.tier(id);
  CacheCounters::add(c.cache_hits, 1);
  CacheCounters::add(c.hits(type), 1);
  CacheCounters::add(tc.entries_read, 1);
  if (phase == Phase::Decode) CacheCounters::add(c.decode_reads, 1);
  CacheCounters::add(c.read_operations, 1);
  // Per-rank bytes per token (the reference divides by the full-model bpt here, §11.2.8).
  if (id == Level::Storage) CacheCounters::add(c.storage_tokens_processed, m.tokens_of(size));

  tiers::IoTiming timing;
  bool ok = false;
  try {
    if (m.options.verify) {
      VerifySink check(key, m.options.payload_seed);
      timing = m.tiers[tier].backend->read(key, 0, size, check);
      if (check.mismatched()) m.report_mismatch(key, id, check.first_bad_offset());
    } else {
      tiers::DiscardSink discard;
      timing = m.tiers[tier].backend->read(key, 0, size, discard);
    }
    ok = true;
  } catch (...) {  // as the reference: still a hit, with no latency; kvbench also counts it
    CacheCounters::add(c.read_failures, 1);
  }
  if (ok) {  // a failed read moved no bytes: in no byte total (as a failed write)
    CacheCounters::add(c.total_read_bytes, size);
    CacheCounters::add(tc.kv_bytes_read, size);
    m.observe(IoOp::Read, tier, size, key, phase, timing.total_s());
    record(tc.read_latency, tc.read_device_latency, tc.read_host_latency, tc.read_overlapped_ns, timing);
  }

  {
    std::lock_guard lock(m.mu);
    std::uint32_t& pins = tier == entry->loc ? entry->readers : entry->src_readers;
    if (--pins == 0) m.notify();
  }
  return {true, id, ok ? timing.total_s() : 0.0};
}

std::optional<std::pair<Level, std::uint64_t>> MultiTierCache::lookup(
    const std::string& key) const {
  const Impl& m = *impl_;
  std::lock_guard lock(m.mu);
  const Entry* found = m.entries.find(key);
  if (found == nullptr) return std::nullopt;
  const Entry& e = *found;
  if (e.state == EntryState::Writing || e.state == EntryState::Deleting) return std::nullopt;
  return std::make_pair(m.tiers[e.placement].id, e.size);
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
