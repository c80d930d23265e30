// Feeds every cache operation to the live metrics (/metrics). Installed only with
// --http-listen, behind an ObserverFanout with the TraceRecorder, so a run without it pays
// nothing.
#pragma once

#include "cache/cache_observer.h"
#include "stats/live_metrics.h"

namespace kvbench::engine {

class MetricsRecorder final : public cache::CacheObserver {
 public:
  // `timed`: the tiers measure latency (real mode). In trace mode every latency is 0, so the
  // histograms are left empty rather than filled with meaningless zeros.
  MetricsRecorder(stats::LiveMetrics& metrics, bool timed) : metrics_(metrics), timed_(timed) {}

  void on_io(IoOp op, Level tier, std::uint64_t size, std::string_view /*key*/, Phase phase,
             double latency_s) override {
    metrics_.record_io(op, tier, phase, size);
    if (timed_) metrics_.record_io_latency(op, tier, latency_s);
    if (phase != Phase::Evict) return;
    // A demotion is reported as an Evict read on the source then an Evict write on the
    // destination, by the same thread, back to back (CacheObserver's contract); pairing them
    // needs only the last source this thread read.
    thread_local Level demotion_source = Level::Gpu;
    if (op == IoOp::Read) demotion_source = tier;
    else metrics_.record_demotion(demotion_source, tier);
  }

 private:
  stats::LiveMetrics& metrics_;
  bool timed_;
};

}  // namespace kvbench::engine
