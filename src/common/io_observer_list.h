// The observers of a run's I/O events, in call order (counters, then trace, then live metrics,
// as composed where the run is wired). The emitter holds one list and knows nothing about who
// listens. Each kind has its own short array of the observers that want it, so an event costs
// one indirect call per interested observer and nothing for the others (a trace-mode run emits
// millions of events a second; a hit goes to the counters only, not to the trace recorder).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <vector>

#include "common/io_event.h"

namespace kvbench {

class IoObserverList final : public IoObserver {
 public:
  IoObserverList() = default;
  IoObserverList(std::initializer_list<IoObserver*> observers) {
    for (IoObserver* o : observers) add(o);
  }

  // Appends `o` (ignored if null); it must outlive every emit().
  void add(IoObserver* o) {
    if (o == nullptr) return;
    const std::uint32_t wanted = o->interests();
    for (std::size_t k = 0; k < kEventKindCount; ++k)
      if ((wanted & (1u << k)) != 0) by_kind_[k].push_back(o);
  }

  // True when someone listens to `k`: an emitter may skip building events nobody reads.
  bool wants(EventKind k) const { return !by_kind_[index(k)].empty(); }

  void emit(const IoEvent& e) const {
    for (IoObserver* o : by_kind_[index(e.kind)]) o->on_event(e);
  }

  std::uint32_t interests() const override {
    std::uint32_t bits = 0;
    for (std::size_t k = 0; k < kEventKindCount; ++k)
      if (!by_kind_[k].empty()) bits |= 1u << k;
    return bits;
  }
  void on_event(const IoEvent& e) override { emit(e); }

 private:
  static std::size_t index(EventKind k) { return static_cast<std::size_t>(k); }
  std::array<std::vector<IoObserver*>, kEventKindCount> by_kind_;
};

}  // namespace kvbench
