// Hands each cache operation to two observers in turn (the trace writer and the live metrics),
// so the cache keeps exactly one observer pointer and knows nothing about who listens. The two
// are concrete types called by qualified name, so the calls are direct and inlined: the cache
// pays one virtual call per operation, as it does with the trace recorder alone.
#pragma once

#include "cache/cache_observer.h"

namespace kvbench::engine {

template <class First, class Second>
class ObserverFanout final : public cache::CacheObserver {
 public:
  ObserverFanout(First& first, Second& second) : first_(first), second_(second) {}
  void on_io(IoOp op, Level tier, std::uint64_t size, std::string_view key, Phase phase,
             double latency_s) override {
    first_.First::on_io(op, tier, size, key, phase, latency_s);
    second_.Second::on_io(op, tier, size, key, phase, latency_s);
  }

 private:
  First& first_;
  Second& second_;
};

}  // namespace kvbench::engine
