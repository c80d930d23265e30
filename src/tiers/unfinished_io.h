// Bytes the device moved for file-tier operations that never completed: a read or write cancelled
// at the end of the drain, or one that failed partway. Such an operation counts no bytes in the
// figures (a failed write moves no bytes, a cancelled read delivers nothing), yet the pieces it
// had already transferred reached the device. The device cross-check adds them to kvbench's side,
// so that kvbench's bytes and the device's agree (a run cut at the drain read 5-9 % more on the
// device than it counted, all of it in such partial reads).
#pragma once

#include <atomic>
#include <cstdint>

namespace kvbench::tiers {

// Process-wide: a run has one storage level, and the cross-check takes the difference between
// the window's start and end, so earlier runs in the same process (tests) do not matter.
struct UnfinishedIo {
  std::atomic<std::uint64_t> read_bytes{0};
  std::atomic<std::uint64_t> written_bytes{0};
};

inline UnfinishedIo& unfinished_io() {
  static UnfinishedIo tally;
  return tally;
}

inline void count_unfinished(bool writing, std::uint64_t bytes) {
  if (bytes == 0) return;
  (writing ? unfinished_io().written_bytes : unfinished_io().read_bytes).fetch_add(bytes, std::memory_order_relaxed);
}

// What one engine operation has transferred so far; handed to the tally unless the operation
// reaches its end (completed()), whichever way it leaves: an I/O error, a cancellation, a
// throwing source or sink, a broken ring.
class MovedBytes {
 public:
  explicit MovedBytes(bool writing) : writing_(writing) {}
  ~MovedBytes() {
    if (!completed_) count_unfinished(writing_, bytes_);
  }
  MovedBytes(const MovedBytes&) = delete;
  MovedBytes& operator=(const MovedBytes&) = delete;
  void add(std::uint64_t n) { bytes_ += n; }
  void completed() { completed_ = true; }

 private:
  bool writing_;
  bool completed_ = false;
  std::uint64_t bytes_ = 0;
};

}  // namespace kvbench::tiers
