#include "engine/precondition.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/log.h"
#include "model/kv_layout.h"
#include "workload/entry_keys.h"

namespace kvbench::engine {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
constexpr std::uint64_t kTokens = 2048;        // per entry, as the reference
constexpr int kMaxConsecutiveFailures = 50;    // then a thread gives up, as the reference
constexpr double kProgressEveryBytes = 10 * kGiB;

void print_progress(double written, double target) {
  char line[128];
  std::snprintf(line, sizeof line, "Preconditioning: %.1f / %.1f GiB written (%.0f%%)", written / kGiB,
                target / kGiB, target > 0 ? 100.0 * written / target : 100.0);
  std::cout << line << std::endl;
}

}  // namespace

PreconditionOutcome precondition(const EngineOptions& cfg, cache::MultiTierCache& cache,
                                 const StopSignal& stop) {
  PreconditionOutcome out;
  const double terminal_limit = cache.usage().back().limit_bytes;
  const double target = cfg.precondition_size_gb > 0 ? cfg.precondition_size_gb * kGiB : 2 * terminal_limit;
  if (!std::isfinite(target) || target <= 0) {
    log::warning("--precondition: the NVMe capacity is unknown and --precondition-size-gb is 0; skipping");
    return out;
  }
  const model::KvLayout layout(cfg.model_spec(), cfg.tensor_parallel);
  const std::uint64_t size = layout.rank_bytes(kTokens);
  const unsigned hw = std::thread::hardware_concurrency();
  // One thread on the virtual clock keeps the order of a seeded trace reproducible.
  const unsigned threads = cfg.clock == ClockKind::Virtual ? 1u
                           : cfg.precondition_threads > 0         ? static_cast<unsigned>(cfg.precondition_threads)
                                                                  : (hw > 0 ? hw : 4u);
  std::cout << "Preconditioning: writing " << target / kGiB << " GiB in entries of " << kTokens << " tokens ("
            << size << " bytes) with " << threads << " threads" << std::endl;

  std::atomic<std::uint64_t> seq{0};
  std::atomic<std::uint64_t> written{0};
  std::atomic<std::uint64_t> entries{0};
  std::mutex progress_mu;
  double next_report = kProgressEveryBytes;
  const auto start = std::chrono::steady_clock::now();
  const auto work = [&] {
    int failures = 0;
    while (!stop.requested() && static_cast<double>(written.load()) < target) {
      const cache::WriteResult r =
          cache.allocate(layout.entry(workload::precondition_key(seq.fetch_add(1)), kTokens), Phase::Prefill);
      if (!r.ok || r.existed) {
        if (++failures > kMaxConsecutiveFailures) {
          log::warning("--precondition: a thread gave up after " + std::to_string(kMaxConsecutiveFailures) +
                       " consecutive failed writes");
          return;
        }
        if (cfg.clock == ClockKind::Wall) std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      failures = 0;
      entries.fetch_add(1);
      const double now_written = static_cast<double>(written.fetch_add(size) + size);
      std::lock_guard lock(progress_mu);
      if (now_written >= next_report && now_written < target) {
        print_progress(now_written, target);
        while (next_report <= now_written) next_report += kProgressEveryBytes;
      }
    }
  };
  std::vector<std::thread> pool;
  for (unsigned i = 1; i < threads; ++i) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();

  out.ran = true;
  out.bytes_written = written.load();
  out.entries = entries.load();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  print_progress(static_cast<double>(out.bytes_written), target);
  char line[160];
  std::snprintf(line, sizeof line, "Preconditioning done: %llu entries, %.1f GiB in %.1f s (%.2f GiB/s); statistics reset",
                static_cast<unsigned long long>(out.entries), static_cast<double>(out.bytes_written) / kGiB,
                out.seconds, out.seconds > 0 ? static_cast<double>(out.bytes_written) / kGiB / out.seconds : 0.0);
  std::cout << line << std::endl;
  return out;
}

}  // namespace kvbench::engine
