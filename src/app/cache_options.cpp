#include "app/cache_options.h"

#include <random>

namespace kvbench::app {
namespace {

// Without --seed every run gets its own payload, so that no storage can deduplicate one run's
// entries against the previous run's (entry keys repeat from run to run).
std::uint64_t payload_seed(const config::RunConfig& cfg) {
  if (cfg.seed) return static_cast<std::uint64_t>(*cfg.seed);
  std::random_device rd;
  return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
}

}  // namespace

cache::CacheOptions cache_options_for(const config::RunConfig& cfg) {
  cache::CacheOptions options;
  options.eviction = cfg.settings.eviction;
  options.max_concurrent_allocs = cfg.max_concurrent_allocs;
  options.payload_seed = payload_seed(cfg);
  options.verify = cfg.verify;
  return options;
}

}  // namespace kvbench::app
