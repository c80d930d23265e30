// How the file backend moves an entry's bytes between a file and its ByteSource/ByteSink: io_uring
// with several I/Os in flight (uring_engine.cpp), or plain pread/pwrite (psync_engine.cpp) where
// io_uring is unavailable. Opening, preallocating, syncing and naming files is the tier's job;
// an engine only transfers. Per-thread state (ring, aligned buffers) lives in thread_local
// contexts inside each engine, so workers never share a lock on the I/O path.
#pragma once

#include <atomic>
#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>

#include "tiers/io_clock.h"
#include "tiers/tier.h"
#include "common/backend_options.h"

namespace kvbench::tiers {

struct IoParams {
  std::size_t io_size = kDefaultIoSize;  // bytes per I/O; a multiple of 4096
  unsigned depth = kDefaultIoDepth;      // I/Os in flight per entry (io_uring only)
  bool direct = true;             // the file was opened with O_DIRECT: lengths padded to 4096
  // Set by the tier when the run's I/O is cancelled; engines look at it between batches of
  // pieces (never mid-I/O: the kernel owns the buffers then). Null = never cancelled.
  const std::atomic<bool>* cancelled = nullptr;
  bool cancel_requested() const { return cancelled != nullptr && cancelled->load(std::memory_order_relaxed); }
};

// A failed system call, with its errno (ENOSPC lets the caller say "disk full").
class IoError : public TierFailure {
 public:
  IoError(const std::string& what, int err);
};

class IoEngine {
 public:
  virtual ~IoEngine() = default;
  virtual std::string_view name() const = 0;
  // Writes bytes [0, size) that `src` produces at file offset 0. With direct I/O the last
  // piece is zero-padded to 4096 (the caller truncates the file back to `size`). Time spent in
  // src.fill is booked in `work`. Throws IoError, or what src throws.
  virtual void write(int fd, std::uint64_t size, ByteSource& src, HostWork& work) = 0;
  // Reads bytes [offset, offset + len) into `dst` (reading whole aligned blocks around them
  // when direct). Time spent in dst.take is booked in `work`. Throws IoError (a file shorter
  // than offset + len included), or what dst throws.
  virtual void read(int fd, std::uint64_t offset, std::uint64_t len, ByteSink& dst,
                    HostWork& work) = 0;
};

// An operation stopped because the run's I/O was cancelled (IoParams::cancelled), not because
// the device failed: the tier removes what it had written and does not log it as a failure.
class IoCancelled : public IoError {
 public:
  IoCancelled() : IoError("cancelled at the end of the run", ECANCELED) {}
};

// Thrown by make_uring_engine when the kernel refuses io_uring (ENOSYS under a container's
// seccomp profile, EPERM when io_uring_disabled is set, ENOMEM under a tight memlock limit).
class UringUnavailable : public IoError {
 public:
  using IoError::IoError;
};

std::unique_ptr<IoEngine> make_uring_engine(const IoParams& params);
std::unique_ptr<IoEngine> make_psync_engine(const IoParams& params);

// The aligned window [begin, end) of whole I/O blocks that covers [offset, offset + len).
struct IoWindow {
  std::uint64_t begin = 0;
  std::uint64_t end = 0;
};
IoWindow io_window(std::uint64_t offset, std::uint64_t len, bool direct);

// Hands the part of a piece read at file offset `piece_off` (`got` bytes in `buf`) that falls
// inside [offset, offset + len) to `dst`.
void deliver(ByteSink& dst, std::uint64_t offset, std::uint64_t len, std::uint64_t piece_off,
             const std::byte* buf, std::size_t got);

}  // namespace kvbench::tiers
