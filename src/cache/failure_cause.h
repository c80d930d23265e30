// Why a tier operation failed, read from what its backend threw: an entry whose stored copy is
// gone (ENOENT: a deleted file or cache directory) is dropped and counted as lost; anything
// else is an I/O error of the device. Capacity rejections (NoRoom) never reach a backend.
#pragma once

#include <cerrno>

#include "common/io_event.h"
#include "tiers/tier.h"

namespace kvbench::cache {

// Call only inside a catch block: classifies the exception being handled.
inline FailureCause current_failure_cause() noexcept {
  try {
    throw;
  } catch (const tiers::TierFailure& f) {
    if (f.error() == ECANCELED) return FailureCause::Cancelled;  // tiers' IoCancelled
    return f.error() == ENOENT ? FailureCause::Gone : FailureCause::IoError;
  } catch (...) {
    return FailureCause::IoError;
  }
}

}  // namespace kvbench::cache
