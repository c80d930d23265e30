// Feeds every completed tier operation (an Io event) to the live metrics (/metrics). Installed
// only with --http-listen, so a run without it pays nothing. A demotion's Evict write carries
// its source level, so the from→to eviction count needs no pairing of rows.
#pragma once

#include "common/io_event.h"
#include "stats/live_metrics.h"

namespace kvbench::engine {

class MetricsRecorder final : public IoObserver {
 public:
  // `timed`: the tiers measure latency (real mode). In trace mode every latency is 0, so the
  // histograms are left empty rather than filled with meaningless zeros.
  MetricsRecorder(stats::LiveMetrics& metrics, bool timed) : metrics_(metrics), timed_(timed) {}

  std::uint32_t interests() const override { return event_bit(EventKind::Io); }
  void on_event(const IoEvent& e) override {
    if (e.kind != EventKind::Io) return;
    metrics_.record_io(e.op, e.level, e.phase, e.bytes);
    if (timed_) metrics_.record_io_latency(e.op, e.level, e.total_s(), e.bytes);
    if (e.is_demotion_write()) metrics_.record_demotion(e.from_level, e.level);
  }

 private:
  stats::LiveMetrics& metrics_;
  bool timed_;
};

}  // namespace kvbench::engine
