// The one small interface every tier backend implements (null, cpu, nvme, gpu), in the spirit
// of fio's engines: the cache decides what goes where; a tier only stores and times bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "common/io_types.h"

namespace kvbench::tiers {

// How long one operation took. device = the transfer itself (kernel I/O, memcpy, DMA);
// host = what kvbench added around it. total = device + host.
struct IoTiming {
  double device_s = 0;
  double host_s = 0;
  double total_s() const { return device_s + host_s; }
};

class Tier {
 public:
  virtual ~Tier() = default;
  virtual TierId id() const = 0;
  // Stores `size` bytes for `key`. Throws std::runtime_error on failure (e.g. disk full).
  virtual IoTiming write(const std::string& key, std::uint64_t size) = 0;
  // Reads the whole entry back. Throws std::runtime_error on failure.
  virtual IoTiming read(const std::string& key, std::uint64_t size) = 0;
  // Drops the entry; a missing entry is not an error.
  virtual void remove(const std::string& key) = 0;
};

}  // namespace kvbench::tiers
