// io_uring with up to `depth` I/Os of `io_size` in flight per entry (the file backend's default).
// Each thread has its own ring and aligned buffers (thread_local), registered with the kernel
// when the memlock limit allows (saves pinning pages on every I/O). Each piece is submitted as
// soon as it is ready; a write piece is produced into its buffer while the earlier ones are in
// flight, and a read piece is consumed after the freed slots have been resubmitted, so
// kvbench's work overlaps the device's instead of adding to it.
#include <liburing.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <vector>

#include "tiers/aligned_buffer.h"
#include "tiers/file_io_engine.h"
#include "tiers/unfinished_io.h"

namespace kvbench::tiers {
namespace {

// A submission failed: the ring's state is unknown and it must not be used again.
class RingBroken : public IoError {
 public:
  using IoError::IoError;
};

struct Slot {
  std::uint64_t off = 0;   // file offset of the piece
  std::byte* buf = nullptr;
  std::size_t len = 0;     // bytes to transfer (padded to 4096 when direct)
  std::size_t need = 0;    // bytes that must arrive (a read may stop early at end of file)
  std::size_t done = 0;
};

class Ring {
 public:
  Ring(unsigned depth, std::size_t io_size) : depth_(depth), io_size_(io_size) {
    const int r = ::io_uring_queue_init(depth, &ring_, 0);
    if (r < 0) throw UringUnavailable("io_uring_queue_init", -r);
    try {
      buffers_ = AlignedBuffer(static_cast<std::size_t>(depth) * io_size);
    } catch (...) {
      ::io_uring_queue_exit(&ring_);
      throw;
    }
    iovec iov{buffers_.data(), buffers_.size()};
    registered_ = ::io_uring_register_buffers(&ring_, &iov, 1) == 0;
    slots_.resize(depth);
    for (unsigned i = 0; i < depth; ++i) slots_[i].buf = buffers_.data() + static_cast<std::size_t>(i) * io_size;
  }
  ~Ring() { ::io_uring_queue_exit(&ring_); }
  Ring(const Ring&) = delete;
  Ring& operator=(const Ring&) = delete;

  bool fits(unsigned depth, std::size_t io_size) const { return depth == depth_ && io_size == io_size_; }

  // Moves file range [begin, end) in pieces of io_size with up to depth in flight. For a write,
  // prepare(slot) fills each piece before it is submitted; for a read, complete(slot) consumes
  // each piece once it has arrived. Reads need only reach data_end (end of file may be near).
  template <class Prepare, class Complete>
  void transfer(int fd, bool writing, std::uint64_t begin, std::uint64_t end, std::uint64_t data_end,
                Prepare&& prepare, Complete&& complete, HostWork& work);
  // The flag transfer() looks at between batches (IoParams::cancelled of the calling engine).
  void watch(const std::atomic<bool>* cancelled) { cancelled_ = cancelled; }

 private:
  bool params_cancelled() const { return cancelled_ != nullptr && cancelled_->load(std::memory_order_relaxed); }

  // One transfer's pieces: free, arrived (read, waiting to be consumed) or in flight; and the
  // first I/O error, which stops new pieces but never the wait for those in flight.
  struct Pieces {
    explicit Pieces(bool writing) : moved(writing) {}
    std::vector<Slot*> free_slots;
    std::vector<Slot*> arrived;
    unsigned inflight = 0;
    int err = 0;
    const char* err_what = "";
    MovedBytes moved;  // what reached the device, for the cross-check if the transfer stops short
    void fail(int e, const char* what) {
      if (err == 0) {
        err = e;
        err_what = what;
      }
    }
  };

  // Waits for at least one completion and sorts every completed piece: requeued when short
  // or interrupted, freed when written (or failed), arrived when read.
  void reap(int fd, bool writing, Pieces& p) {
    submit(1);
    io_uring_cqe* cqe = nullptr;
    unsigned head = 0;
    unsigned seen = 0;
    bool requeued = false;
    io_uring_for_each_cqe(&ring_, head, cqe) {
      ++seen;
      Slot& s = *static_cast<Slot*>(::io_uring_cqe_get_data(cqe));
      const int res = cqe->res;
      if (res == -EAGAIN || res == -EINTR) {
        queue(fd, writing, s);
        requeued = true;
        continue;
      }
      if (res < 0) {
        p.fail(-res, writing ? "io_uring write" : "io_uring read");
      } else if (res == 0 && s.done < s.need) {
        p.fail(EIO, writing ? "io_uring write made no progress" : "io_uring read: file ends before the entry does");
      } else {
        s.done += static_cast<std::size_t>(res);
        p.moved.add(static_cast<std::uint64_t>(res));
        if (s.done < s.need) {  // short transfer: move the rest
          queue(fd, writing, s);
          requeued = true;
          continue;
        }
      }
      --p.inflight;
      if (writing || p.err != 0 || s.done < s.need) p.free_slots.push_back(&s);
      else p.arrived.push_back(&s);
    }
    ::io_uring_cq_advance(&ring_, seen);
    if (requeued) submit();
  }

  void queue(int fd, bool writing, Slot& s) {
    io_uring_sqe* sqe = ::io_uring_get_sqe(&ring_);
    if (sqe == nullptr) {  // cannot happen with one SQE per slot; stay safe anyway
      submit();
      sqe = ::io_uring_get_sqe(&ring_);
    }
    std::byte* p = s.buf + s.done;
    const auto n = static_cast<unsigned>(s.len - s.done);
    const std::uint64_t off = s.off + s.done;
    if (writing) {
      if (registered_) ::io_uring_prep_write_fixed(sqe, fd, p, n, off, 0);
      else ::io_uring_prep_write(sqe, fd, p, n, off);
    } else {
      if (registered_) ::io_uring_prep_read_fixed(sqe, fd, p, n, off, 0);
      else ::io_uring_prep_read(sqe, fd, p, n, off);
    }
    ::io_uring_sqe_set_data(sqe, &s);
  }

  void submit(unsigned wait_for = 0) {
    for (;;) {
      const int r = wait_for > 0 ? ::io_uring_submit_and_wait(&ring_, wait_for) : ::io_uring_submit(&ring_);
      if (r >= 0 || r == -EINTR) return;  // EINTR: submitted; the caller waits again if needed
      if (r == -EAGAIN || r == -EBUSY) continue;
      // Unknown state: the caller drops the ring. Pages of I/Os still in flight stay pinned by
      // the kernel until they end, so freeing the buffers cannot corrupt anything.
      throw RingBroken("io_uring_submit", -r);
    }
  }

  io_uring ring_{};
  unsigned depth_;
  std::size_t io_size_;
  AlignedBuffer buffers_;
  bool registered_ = false;
  std::vector<Slot> slots_;
  const std::atomic<bool>* cancelled_ = nullptr;
};

template <class Prepare, class Complete>
void Ring::transfer(int fd, bool writing, std::uint64_t begin, std::uint64_t end, std::uint64_t data_end,
                    Prepare&& prepare, Complete&& complete, HostWork& work) {
  Pieces p(writing);
  p.free_slots.reserve(slots_.size());
  for (Slot& s : slots_) p.free_slots.push_back(&s);
  p.arrived.reserve(slots_.size());
  std::exception_ptr failure;  // from the source or the sink
  std::uint64_t next = begin;
  // The device is still busy with this entry if some submitted I/O has not completed yet.
  const auto busy = [&] { return p.inflight > 0 && ::io_uring_cq_ready(&ring_) < p.inflight; };

  bool cancelled = false;
  for (;;) {
    // Cancellation is looked at once per batch: pieces in flight always complete (the kernel
    // owns their buffers), so a cancelled entry ends within one batch of --io-depth pieces.
    if (!cancelled && next < end && params_cancelled()) cancelled = true;
    // Stop starting pieces after a failure, but always wait for those in flight: the kernel
    // is still writing into (or reading from) their buffers.
    while (!failure && p.err == 0 && !cancelled && !p.free_slots.empty() && next < end) {
      Slot& s = *p.free_slots.back();
      s.off = next;
      s.len = static_cast<std::size_t>(std::min<std::uint64_t>(io_size_, end - next));
      s.need = writing ? s.len : static_cast<std::size_t>(std::min<std::uint64_t>(s.len, data_end - next));
      s.done = 0;
      if (writing) {
        try {
          work.time([&] { prepare(s); }, busy);
        } catch (...) {
          failure = std::current_exception();
          break;
        }
      }
      p.free_slots.pop_back();
      queue(fd, writing, s);
      submit();  // at once: the device starts on this piece while the next one is produced
      ++p.inflight;
      next += s.len;
    }
    if (!p.arrived.empty()) {  // consumed while the refills just submitted run on the device
      for (Slot* s : p.arrived) {
        if (!failure && p.err == 0) {
          try {
            work.time([&] { complete(*s); }, busy);
          } catch (...) {
            failure = std::current_exception();
          }
        }
        p.free_slots.push_back(s);
      }
      p.arrived.clear();
      continue;
    }
    if (p.inflight == 0) break;
    reap(fd, writing, p);
  }
  if (!failure && p.err == 0 && !cancelled) p.moved.completed();
  if (failure) std::rethrow_exception(failure);
  if (p.err != 0) throw IoError(p.err_what, p.err);
  if (cancelled) throw IoCancelled();
}

std::unique_ptr<Ring>& thread_ring_slot() {
  thread_local std::unique_ptr<Ring> ring;
  return ring;
}

// This thread's ring, made on first use (and again if the parameters change).
Ring& thread_ring(const IoParams& p) {
  std::unique_ptr<Ring>& ring = thread_ring_slot();
  if (!ring || !ring->fits(p.depth, p.io_size)) {
    ring.reset();
    ring = std::make_unique<Ring>(p.depth, p.io_size);
  }
  return *ring;
}

// Runs one transfer on this thread's ring; a ring whose submission failed is dropped, so the
// next entry gets a fresh one.
template <class Prepare, class Complete>
void run_transfer(const IoParams& p, int fd, bool writing, std::uint64_t begin, std::uint64_t end,
                  std::uint64_t data_end, Prepare&& prepare, Complete&& complete, HostWork& work) {
  try {
    Ring& ring = thread_ring(p);
    ring.watch(p.cancelled);
    ring.transfer(fd, writing, begin, end, data_end, prepare, complete, work);
  } catch (const RingBroken&) {
    thread_ring_slot().reset();
    throw;
  }
}

class UringEngine final : public IoEngine {
 public:
  explicit UringEngine(const IoParams& p) : p_(p) {}
  std::string_view name() const override { return p_.direct ? "io_uring" : "io_uring (buffered)"; }

  void write(int fd, std::uint64_t size, ByteSource& src, HostWork& work) override {
    const std::uint64_t end = p_.direct ? round_up(size, kDirectIoAlign) : size;
    run_transfer(
        p_, fd, true, 0, end, end,
        [&](Slot& s) {
          const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(s.len, size - s.off));
          src.fill(s.off, s.buf, n);
          if (n < s.len) std::memset(s.buf + n, 0, s.len - n);
        },
        [](Slot&) {}, work);
  }

  void read(int fd, std::uint64_t offset, std::uint64_t len, ByteSink& dst, HostWork& work) override {
    const IoWindow w = io_window(offset, len, p_.direct);
    run_transfer(
        p_, fd, false, w.begin, w.end, offset + len, [](Slot&) {},
        [&](Slot& s) { deliver(dst, offset, len, s.off, s.buf, s.done); }, work);
  }

 private:
  IoParams p_;
};

}  // namespace

std::unique_ptr<IoEngine> make_uring_engine(const IoParams& params) {
  // Probe once on this thread so that a refusal becomes a fallback at start-up, not a failed
  // write in the middle of the run.
  io_uring probe{};
  const int r = ::io_uring_queue_init(2, &probe, 0);
  if (r < 0) throw UringUnavailable("io_uring_queue_init", -r);
  ::io_uring_queue_exit(&probe);
  return std::make_unique<UringEngine>(params);
}

}  // namespace kvbench::tiers
