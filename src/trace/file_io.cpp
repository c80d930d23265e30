#include "trace/file_io.h"

#include <fcntl.h>
#include <sys/uio.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

#include "common/output_target.h"

namespace kvbench::trace {
namespace {

[[noreturn]] void throw_errno(int err, const char* what) {
  throw std::system_error(err, std::generic_category(), what);
}

}  // namespace

UniqueFd create_trace_file(const std::string& path) {
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
    if (ec) {
      throw std::runtime_error("trace file " + path + ": cannot create folder " + parent.string() +
                               ": " + ec.message());
    }
  }
  // Devices and FIFOs are written in place, a symlink is followed, the rest refused
  // (common/output_target.h); the pre-flight has said so already, this is the last word.
  const OutputTarget target = resolve_output(path);
  if (target.kind == OutputKind::Refused) throw std::runtime_error("trace file " + path + ": it " + target.refusal);
  const int fd = target.in_place() ? open_output_in_place(target)
                                   : ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    const int err = errno;
    throw std::runtime_error("trace file " + path +
                             ": cannot open for writing: " + std::strerror(err));
  }
  return UniqueFd(fd);
}

void write_fully(int fd, std::span<const std::string_view> pieces) {
  // IOV_MAX is 1024 on Linux; a smaller batch still turns a queue of blocks into few syscalls.
  constexpr std::size_t kMaxIov = 64;
  std::array<iovec, kMaxIov> iov{};
  std::size_t next = 0;       // first piece not yet placed in iov
  std::size_t next_skip = 0;  // bytes of pieces[next] already written
  while (next < pieces.size()) {
    std::size_t count = 0;
    for (std::size_t i = next; i < pieces.size() && count < kMaxIov; ++i) {
      const std::size_t skip = i == next ? next_skip : 0;
      if (pieces[i].size() == skip) continue;
      iov[count].iov_base = const_cast<char*>(pieces[i].data() + skip);
      iov[count].iov_len = pieces[i].size() - skip;
      ++count;
    }
    if (count == 0) return;
    const ssize_t n = ::writev(fd, iov.data(), static_cast<int>(count));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw_errno(errno, "write");
    }
    if (n == 0) throw_errno(EIO, "write");  // never expected from a regular file; avoid a spin
    // Advance over what the kernel took, which may end in the middle of a piece.
    std::size_t left = static_cast<std::size_t>(n);
    while (next < pieces.size() && left > 0) {
      const std::size_t rest = pieces[next].size() - next_skip;
      if (left >= rest) {
        left -= rest;
        ++next;
        next_skip = 0;
      } else {
        next_skip += left;
        left = 0;
      }
    }
    while (next < pieces.size() && pieces[next].size() == next_skip) {
      ++next;
      next_skip = 0;
    }
  }
}

void sync_and_close(UniqueFd& fd) {
  if (!fd.valid()) return;
  if (::fsync(fd.get()) != 0 && errno != EINVAL && errno != EROFS && errno != ENOTSUP) {
    const int err = errno;
    fd.reset();
    throw_errno(err, "fsync");
  }
  // close(2) can report a deferred write error (NFS); the descriptor is gone either way.
  if (::close(fd.release()) != 0 && errno != EINTR) throw_errno(errno, "close");
}

}  // namespace kvbench::trace
