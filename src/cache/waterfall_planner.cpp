#include "cache/waterfall_planner.h"

#include <algorithm>
#include <cmath>

namespace kvbench::cache {
namespace {

// Fixed constants of spec §6.3 (not configurable in the reference either).
constexpr double kNearEmptyRatio = 0.05;     // below 5 % of the limit: trust it and reserve
constexpr double kLittleToEvictRatio = 0.2;  // "little to evict": evictable bytes < 20 % of L ...
constexpr double kLargeVsTargetRatio = 0.5;  // ... and the entry > 50 % of the target

}  // namespace

// Differences from the reference, on purpose (kvbench fixes):
// * A limit is never exceeded. Where the reference "succeeds anyway" on the terminal tier (empty
//   snapshot that still does not fit, exhausted eviction budget) or a caller forces NVMe when
//   "all tiers full", kvbench fails the placement; the caller counts a write failure. For the
//   same reason the near-empty shortcut and the terminal tier still require used + size <= L.
// * Usage is exact: bytes are reserved here, under the mutex, and each victim hands its bytes
//   over at planning time (demoted: counted in the destination, whose space the recursion has
//   reserved; deleted: counted nowhere). There is no drift to recount.
// * The LRU is a live intrusive list, not a sorted snapshot; pinned entries (reads in flight)
//   are skipped, entries in transition are not in any list.
bool WaterfallPlanner::ensure_space(std::size_t tier, std::uint64_t size, int depth,
                                    std::vector<PlanStep>& plan) {
  TierSlot& slot = tiers_[tier];
  const bool terminal = tier + 1 == tiers_.size();
  const double limit = slot.limit;
  if (std::isinf(limit)) {  // unlimited: never evicts
    slot.used += size;
    return true;
  }
  if (depth > rules_.max_recursion_depth) return false;
  if (!terminal) {
    if (!(limit > 0)) return false;  // a non-terminal tier with limit 0 never receives an entry
    if (static_cast<double>(size) > rules_.large_entry_limit_ratio * limit) return false;
  }
  if (static_cast<double>(size) > limit) return false;

  const double target = terminal ? limit : rules_.target_usage_ratio * limit;
  const std::uint64_t budget = std::min<std::uint64_t>(
      static_cast<std::uint64_t>(std::max(rules_.max_evictions_hard_cap, 0)),
      std::max<std::uint64_t>(static_cast<std::uint64_t>(std::max(rules_.max_evictions_min, 0)),
                              slot.lru.count() + 100));
  Entry* candidate = slot.lru.least_recent();
  bool first_victim = true;
  for (std::uint64_t steps = 0;; ++steps) {
    if (reserve_if_fits(slot, size, target)) return true;
    Entry* victim = next_unpinned(candidate);
    if (victim == nullptr) return false;
    if (first_victim) {
      first_victim = false;
      if (!terminal && static_cast<double>(slot.lru.bytes()) < kLittleToEvictRatio * limit &&
          static_cast<double>(size) > kLargeVsTargetRatio * target) {
        return false;
      }
    }
    if (steps >= budget) return false;
    candidate = victim->newer;  // the recursion below only touches deeper tiers' lists

    if (terminal) {
      slot.lru.unlink(victim);
      slot.release(*victim);
      victim->state = EntryState::Deleting;
      plan.push_back({PlanStep::Kind::Delete, victim, static_cast<std::uint8_t>(tier),
                      static_cast<std::uint8_t>(tier)});
      continue;
    }
    const std::size_t next = tier + 1;
    if (!ensure_space(next, victim->size, depth + 1, plan)) return false;
    slot.lru.unlink(victim);
    slot.release(*victim);
    ++tiers_[next].entries;
    victim->placement = static_cast<std::uint8_t>(next);
    victim->state = EntryState::Moving;  // loc stays here until the copy has landed
    plan.push_back({PlanStep::Kind::Demote, victim, static_cast<std::uint8_t>(tier),
                    static_cast<std::uint8_t>(next)});
  }
}

bool WaterfallPlanner::reserve_if_fits(TierSlot& slot, std::uint64_t size, double target) const {
  const double after = static_cast<double>(slot.used + size);
  if (after > slot.limit) return false;
  if (after <= target || static_cast<double>(slot.used) < kNearEmptyRatio * slot.limit) {
    slot.used += size;
    return true;
  }
  return false;
}

Entry* WaterfallPlanner::next_unpinned(Entry* from) {
  while (from != nullptr && from->readers > 0) from = from->newer;
  return from;
}

}  // namespace kvbench::cache
