// The device cross-check of a real run: the block devices under the storage level's directory
// are snapshotted at the start and end of the timed window, and what they moved is set beside
// the bytes kvbench counted (results `kvbench.device`). Storage reads the device never did were
// served by a cache in between (the page cache, a controller); the check says so.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "tiers/block_device.h"

namespace kvbench::tiers {

// kvbench's storage reads above the device's by more than this share: a cache served them.
inline constexpr double kCachedReadTolerance = 0.10;

// `kvbench.device`: the devices, what they moved in the window, and the ratios kvbench's
// storage bytes / the devices' bytes (null where the device moved none).
nlohmann::json device_report_json(const DeviceSet& set, const DeviceDelta& delta, std::uint64_t storage_read_bytes,
                                  std::uint64_t storage_written_bytes, double window_s);

class DeviceCrossCheck {
 public:
  // Resolves the devices under `dir` and logs what will be read (or why nothing can be).
  explicit DeviceCrossCheck(const std::string& dir, SystemPaths paths = {});
  void start();  // at the start of the timed window
  // At its end: the `kvbench.device` block; logs the ratios, and a warning when reads were cached.
  nlohmann::json finish(std::uint64_t storage_read_bytes, std::uint64_t storage_written_bytes, double window_s);
  const DeviceSet& devices() const { return set_; }

 private:
  SystemPaths paths_;
  DeviceSet set_;
  DeviceSnapshot start_;
};

}  // namespace kvbench::tiers
