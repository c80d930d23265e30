#include "engine/prepopulate.h"

#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include "model/kv_layout.h"

namespace kvbench::engine {

PrepopulateOutcome prepopulate(const EngineOptions& cfg, cache::MultiTierCache& cache,
                               int threads, const StopSignal& stop, std::ostream& out) {
  const std::uint64_t total = prepopulated_entries(cfg);
  const model::KvLayout layout(cfg.model_spec(), cfg.tensor_parallel);
  threads = threads < 1 ? 1 : threads;
  out << "\n### PRE-POPULATING CACHE FOR DECODE-ONLY MODE ###\n"
      << "  Creating " << total << " cache entries (" << kPrepopulatedTokens << " tokens each)...\n"
      << "  Threads: " << threads << "\n";
  out.flush();
  std::atomic<std::uint64_t> next{0}, ok{0}, failed{0}, done{0};
  std::mutex print_mu;
  const std::uint64_t report_every = total >= 10 ? total / 10 : 1;
  auto work = [&] {
    for (std::uint64_t n = next++; n < total && !stop.requested(); n = next++) {
      const cache::WriteResult w = cache.allocate(layout.entry(prepopulated_key(n), kPrepopulatedTokens), Phase::Prefill);
      (w.ok ? ok : failed).fetch_add(1, std::memory_order_relaxed);
      const std::uint64_t d = ++done;
      if (d % report_every == 0) {
        std::lock_guard<std::mutex> lock(print_mu);
        out << "  Progress: " << d << "/" << total << " entries created\n";
      }
    }
  };
  if (threads == 1) {
    work();
  } else {
    std::vector<std::thread> pool;
    for (int i = 0; i < threads; ++i) pool.emplace_back(work);
    for (auto& t : pool) t.join();
  }
  out << "  Pre-population complete: " << ok.load() << " entries in cache\n"
      << "  Resetting stats for decode-only measurement...\n";
  out.flush();
  return {ok.load(), failed.load()};
}

}  // namespace kvbench::engine
