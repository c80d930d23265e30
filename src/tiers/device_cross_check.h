// The device cross-check of a real run: the block devices under the storage level's directory
// are snapshotted at the start and end of the timed window, and what they moved is set beside
// the bytes kvbench counted (results `kvbench.device`). Storage reads the device never did were
// served by a cache in between (the page cache, a controller); the check says so. Operations cut
// short (cancelled at the drain's end, failed partway) count no bytes in the figures, but what
// they had transferred reached the device: that is added to kvbench's side (tiers/unfinished_io.h),
// so that with O_DIRECT on an otherwise idle device both sides agree.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "tiers/block_device.h"

namespace kvbench::tiers {

// kvbench's storage reads above the device's by more than this share: a cache served them.
inline constexpr double kCachedReadTolerance = 0.10;

// What kvbench moved on the storage level between the two snapshots.
struct StorageBytes {
  std::uint64_t read = 0;                // completed reads (the tier counters)
  std::uint64_t written = 0;             // completed writes, new entries and demotions
  std::uint64_t unfinished_read = 0;     // transferred by reads that were cancelled or failed
  std::uint64_t unfinished_written = 0;  // transferred by writes that were cancelled or failed
};

// `kvbench.device`: the devices, what they moved in the window (and its drain), and the ratios
// kvbench's storage bytes (completed + unfinished) / the devices' bytes (null where the device
// moved none). `window_s` is the timed window's length, `measured_s` the span between the
// snapshots (the window and its drain), over which busy_share is taken.
nlohmann::json device_report_json(const DeviceSet& set, const DeviceDelta& delta, const StorageBytes& kvbench,
                                  double window_s, double measured_s);

class DeviceCrossCheck {
 public:
  // Resolves the devices under `dir` and logs what will be read (or why nothing can be).
  explicit DeviceCrossCheck(const std::string& dir, SystemPaths paths = {});
  void start();  // at the start of the timed window
  // After the window's drain, with what the tier counters hold then (completed operations); the
  // bytes of unfinished operations since start() are added from their tally.
  // At its end: the `kvbench.device` block; logs the ratios, and a warning when reads were cached.
  nlohmann::json finish(std::uint64_t storage_read_bytes, std::uint64_t storage_written_bytes, double window_s);
  const DeviceSet& devices() const { return set_; }

 private:
  SystemPaths paths_;
  DeviceSet set_;
  DeviceSnapshot start_;
  double started_s_ = 0;                 // monotonic, when start_ was taken
  std::uint64_t unfinished_read_ = 0;    // the unfinished-I/O tally at start()
  std::uint64_t unfinished_written_ = 0;
};

}  // namespace kvbench::tiers
