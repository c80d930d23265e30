#include "tiers/timed_tier.h"

namespace kvbench::tiers {

void TimedTier::emit(IoOp op, std::uint64_t bytes, std::uint64_t tokens, const std::string& key,
                     Phase phase, const IoTiming& t) const {
  observers_.emit(io_event(op, level_, level_, bytes, tokens, key, phase, t));
}

}  // namespace kvbench::tiers
