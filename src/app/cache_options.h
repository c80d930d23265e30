// The cache's options for one run: eviction settings, the write limit, KV bytes per token of
// the per-rank shard, the payload seed and --verify.
#pragma once

#include "cache/multi_tier_cache.h"
#include "config/run_config.h"

namespace kvbench::app {

cache::CacheOptions cache_options_for(const config::RunConfig& cfg);

}  // namespace kvbench::app
