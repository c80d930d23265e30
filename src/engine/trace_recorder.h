// Feeds every cache operation to the trace writer, stamped with the engine's clock. In a real
// run there is no writer and it records nothing (the live metrics observer may still follow it).
#pragma once

#include "cache/cache_observer.h"
#include "engine/clock.h"
#include "trace/trace_writer.h"

namespace kvbench::engine {

class TraceRecorder final : public cache::CacheObserver {
 public:
  TraceRecorder(trace::TraceWriter* writer, const Clock& clock) : writer_(writer), clock_(clock) {}
  void on_io(IoOp op, Level tier, std::uint64_t size, std::string_view key, Phase phase,
             double /*latency_s*/) override {
    if (writer_ != nullptr) writer_->record(clock_.epoch_us(), op, size, tier, key, phase);
  }

 private:
  trace::TraceWriter* writer_;  // null in a real run
  const Clock& clock_;
};

}  // namespace kvbench::engine
