// The waterfall LRU of spec §6.3 as a planner: under the cache mutex it decides which entries
// are demoted or deleted and reserves the bytes, without doing any I/O. MultiTierCache then
// executes the plan, in plan order, with the mutex released.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "cache/cache_entry.h"
#include "cache/eviction_options.h"
#include "common/io_types.h"
#include "tiers/tier.h"

namespace kvbench::cache {

struct TierSlot {
  std::unique_ptr<tiers::Tier> backend;
  Level id = Level::Gpu;  // set from the backend when the cache is made
  double limit = 0;           // bytes; +infinity = unlimited
  std::uint64_t used = 0;     // sizes of the entries placed here, committed or reserved
  std::uint64_t entries = 0;  // entries placed here, committed or reserved
  LruList lru;                // the Ready entries placed here

  // Takes `e`'s bytes and count off this tier: it is deleted, dropped, or moving away.
  void release(Entry& e) {
    used -= e.size;
    --entries;
    e.placement = kNoTier;
  }
};

// One tier operation the plan asks for. Steps are appended in the order they must run: the
// recursion plans the deepest demotions first, which is also the trace order of spec §7.3.
struct PlanStep {
  enum class Kind : std::uint8_t { Demote, Delete };
  Kind kind = Kind::Demote;
  Entry* entry = nullptr;
  std::uint8_t from = 0;
  std::uint8_t to = 0;  // Demote only
};

class WaterfallPlanner {
 public:
  WaterfallPlanner(std::vector<TierSlot>& tiers, const Eviction& rules)
      : tiers_(tiers), rules_(rules) {}

  // ensure_space(tier, size, depth) of spec §6.3. On success `size` bytes are reserved in
  // `tier`. Victims chosen on the way stay planned even when it finally fails: each step is a
  // complete hand-over of bytes on its own, as the reference's demotions stay done.
  // Caller holds the cache mutex.
  bool ensure_space(std::size_t tier, std::uint64_t size, int depth, std::vector<PlanStep>& plan);

 private:
  bool reserve_if_fits(TierSlot& slot, std::uint64_t size, double target) const;
  static Entry* next_unpinned(Entry* from);

  std::vector<TierSlot>& tiers_;
  const Eviction& rules_;
};

}  // namespace kvbench::cache
