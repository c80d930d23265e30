// config.yaml's `eviction` section (spec §6.3): the waterfall's recursion depth, target usage,
// large-entry limit and eviction caps, with the reference's defaults. The cache's own options;
// config/settings.h aggregates them for the YAML loader.
#pragma once

namespace kvbench::cache {

struct Eviction {
  int max_recursion_depth = 10;
  double target_usage_ratio = 0.8;
  double large_entry_limit_ratio = 0.95;
  int max_evictions_hard_cap = 5000;
  int max_evictions_min = 1000;
};

}  // namespace kvbench::cache
