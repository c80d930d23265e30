// Writes every completed tier operation (an Io event) as a trace row, stamped with the engine's
// clock (read under the writer's per-thread lock, which lets the writer merge threads' rows in
// timestamp order without an idle worker holding them back). In a real run there is no writer: it then asks for no events at all, so the observer
// list never calls it.
#pragma once

#include "common/io_event.h"
#include "engine/clock.h"
#include "trace/trace_writer.h"

namespace kvbench::engine {

class TraceRecorder final : public IoObserver {
 public:
  TraceRecorder(trace::TraceWriter* writer, const Clock& clock) : writer_(writer), clock_(clock) {}
  std::uint32_t interests() const override { return writer_ != nullptr ? event_bit(EventKind::Io) : 0; }
  void on_event(const IoEvent& e) override {
    if (writer_ != nullptr) writer_->record_now(clock_, e.op, e.bytes, e.level, e.key, e.phase);
  }

 private:
  struct Stamp final : trace::RowClock {
    explicit Stamp(const Clock& c) : clock(c) {}
    std::int64_t epoch_us() const override { return clock.epoch_us(); }
    const Clock& clock;
  };
  trace::TraceWriter* writer_;  // null in a real run
  Stamp clock_;
};

}  // namespace kvbench::engine
