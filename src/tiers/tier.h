// The one small interface every tier backend implements (null, dram, cuda, file), in the spirit
// of fio's engines: the cache decides what goes where; a tier only stores and times bytes.
// The bytes themselves come from a ByteSource (the payload generator, or the tier an entry is
// demoted from) and go to a ByteSink (the verifier, or nothing), so a tier never knows what
// they mean and a demotion moves the real bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "common/io_types.h"

namespace kvbench::tiers {

// How long one operation took. host = the time the device waited on kvbench: producing or
// checking bytes (source/sink), staging copies and bookkeeping while none of the operation's
// transfers was in flight; device = the rest of its wall time (the kernel I/O, memcpy or DMA,
// including waiting for it). total = device + host = wall time. overlapped = kvbench work done
// while other transfers of the same operation were in flight: it costs CPU, not latency, so
// it is not part of total, and is reported on its own.
struct IoTiming {
  double device_s = 0;
  double host_s = 0;
  double overlapped_s = 0;
  double total_s() const { return device_s + host_s; }
};

// Produces bytes [offset, offset + len) of the entry being written, straight into the tier's
// own buffer (an O_DIRECT I/O buffer, pinned staging, DRAM). A tier asks for each byte exactly
// once, in pieces of its choosing and in any order. May throw; the write then fails.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual void fill(std::uint64_t offset, std::byte* dst, std::size_t len) = 0;
};

// Receives bytes [offset, offset + len) of the entry being read, as they arrive: each byte
// exactly once, in pieces and in any order. `src` is valid only during the call.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void take(std::uint64_t offset, const std::byte* src, std::size_t len) = 0;
};

// A sink that looks at nothing: a plain timed read.
class DiscardSink final : public ByteSink {
 public:
  void take(std::uint64_t, const std::byte*, std::size_t) override {}
};

// A failed operation that knows its errno, so the cache can tell an entry whose stored copy
// is gone (ENOENT: drop it, its bytes are no longer there) from a device error (EIO, ENOSPC,
// EROFS). Backends may throw plain std::runtime_error too: that is an I/O error of unknown kind.
class TierFailure : public std::runtime_error {
 public:
  TierFailure(const std::string& what, int err) : std::runtime_error(what), err_(err) {}
  int error() const { return err_; }

 private:
  int err_;
};

class Tier {
 public:
  virtual ~Tier() = default;
  // The waterfall level this backend serves in the run (given at construction).
  virtual Level id() const = 0;
  // Stores the `size` bytes `src` produces under `key`; durable when the call returns (file).
  // Throws std::runtime_error on failure (e.g. disk full, or `src` throwing), leaving nothing
  // stored for `key`: a later read of it fails.
  virtual IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) = 0;
  // Reads bytes [offset, offset + len) of the entry into `dst`: the whole entry for a request,
  // a piece of it for a demotion. Throws std::runtime_error on failure.
  virtual IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                        ByteSink& dst) = 0;
  // Drops the entry; a missing entry is not an error.
  virtual void remove(const std::string& key) = 0;
  // Whether the entry's stored copy is still there (a file can be deleted behind kvbench's
  // back). Cheap and without data I/O; a backend that cannot lose entries says yes.
  virtual bool holds(const std::string& key) const {
    (void)key;
    return true;
  }
  // Whether holds() can ever say no: only then is a level's every entry checked at the end of
  // a run (in trace mode that walk was 1.7 % of the run's instructions, for nothing).
  virtual bool can_lose_entries() const { return false; }
  // The run is over (its drain timed out, or a signal): operations in flight end as soon as
  // they safely can and fail, leaving nothing stored, and later ones fail at once. A backend
  // whose operations are short (memory copies) need not do anything.
  virtual void cancel_io() {}
};

// One level of the waterfall as the cache takes it: the backend holding its bytes, its limit.
struct LevelSetup {
  std::unique_ptr<Tier> backend;
  double limit_bytes = 0;  // std::numeric_limits<double>::infinity() = unlimited
};

}  // namespace kvbench::tiers
