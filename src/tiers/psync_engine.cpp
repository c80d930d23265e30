// pread/pwrite, one I/O at a time: the fallback where io_uring is refused (container seccomp
// profiles) and the engine for file systems that refuse O_DIRECT.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "tiers/aligned_buffer.h"
#include "tiers/file_io_engine.h"
#include "tiers/unfinished_io.h"

namespace kvbench::tiers {
namespace {

// One aligned buffer per thread, reused by every entry that thread moves.
AlignedBuffer& thread_buffer(std::size_t size) {
  thread_local AlignedBuffer buf;
  if (buf.size() != size) buf = AlignedBuffer(size);
  return buf;
}

class PsyncEngine final : public IoEngine {
 public:
  explicit PsyncEngine(const IoParams& p) : p_(p) {}
  std::string_view name() const override { return p_.direct ? "psync" : "psync (buffered)"; }

  // One I/O at a time: everything kvbench does here keeps the device waiting (exposed).
  void write(int fd, std::uint64_t size, ByteSource& src, HostWork& work) override {
    std::byte* buf = thread_buffer(p_.io_size).data();
    MovedBytes moved(true);  // for the cross-check, should the entry stop short
    for (std::uint64_t off = 0; off < size; off += p_.io_size) {
      // Between pieces only: the one I/O in flight always completes.
      if (p_.cancel_requested()) throw IoCancelled();
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(p_.io_size, size - off));
      const std::size_t padded = p_.direct ? static_cast<std::size_t>(round_up(n, kDirectIoAlign)) : n;
      work.time([&] {
        src.fill(off, buf, n);
        if (padded > n) std::memset(buf + n, 0, padded - n);
      });
      for (std::size_t done = 0; done < padded;) {
        const ssize_t r = ::pwrite(fd, buf + done, padded - done, static_cast<off_t>(off + done));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw IoError("pwrite", errno);
        if (r == 0) throw IoError("pwrite made no progress", EIO);
        done += static_cast<std::size_t>(r);
        moved.add(static_cast<std::uint64_t>(r));
      }
    }
    moved.completed();
  }

  void read(int fd, std::uint64_t offset, std::uint64_t len, ByteSink& dst,
            HostWork& work) override {
    std::byte* buf = thread_buffer(p_.io_size).data();
    const IoWindow w = io_window(offset, len, p_.direct);
    MovedBytes moved(false);
    for (std::uint64_t off = w.begin; off < w.end; off += p_.io_size) {
      if (p_.cancel_requested()) throw IoCancelled();
      const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(p_.io_size, w.end - off));
      // Bytes this piece must deliver; an aligned read may end early at end of file.
      const std::uint64_t need = std::min<std::uint64_t>(want, offset + len - off);
      std::size_t got = 0;
      while (got < need) {
        const ssize_t r = ::pread(fd, buf + got, want - got, static_cast<off_t>(off + got));
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) throw IoError("pread", errno);
        if (r == 0) throw IoError("pread: file ends before the entry does", EIO);
        got += static_cast<std::size_t>(r);
        moved.add(static_cast<std::uint64_t>(r));
      }
      work.time([&] { deliver(dst, offset, len, off, buf, got); });
    }
    moved.completed();
  }

 private:
  IoParams p_;
};

}  // namespace

std::unique_ptr<IoEngine> make_psync_engine(const IoParams& params) {
  return std::make_unique<PsyncEngine>(params);
}

}  // namespace kvbench::tiers
