#include "common/output_target.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

namespace kvbench {
namespace {

namespace fs = std::filesystem;

OutputTarget refused(std::string why) { return {OutputKind::Refused, "", std::move(why)}; }

// The absolute path with the symlinks of its existing part resolved: what a rename replaces.
std::string resolved(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal().string() : p.string();
}

}  // namespace

OutputTarget resolve_output(const std::string& path) {
  struct stat link {}, st {};
  if (::lstat(path.c_str(), &link) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return {OutputKind::Absent, resolved(path), ""};
    return refused(std::string("cannot inspect it: ") + std::strerror(errno));
  }
  if (::stat(path.c_str(), &st) != 0) {  // lstat saw it, stat cannot follow it: a dangling link
    std::error_code ec;
    return refused("is a symbolic link to '" + fs::read_symlink(path, ec).string() +
                   "', which does not exist; name the file itself");
  }
  if (S_ISREG(st.st_mode)) return {OutputKind::RegularFile, resolved(path), ""};
  if (S_ISCHR(st.st_mode)) return {OutputKind::CharacterDevice, path, ""};
  if (S_ISFIFO(st.st_mode)) return {OutputKind::Fifo, path, ""};
  if (S_ISDIR(st.st_mode)) return refused("is a directory, not a file");
  if (S_ISBLK(st.st_mode)) return refused("is a block device; kvbench writes outputs only to regular files, character devices and FIFOs");
  if (S_ISSOCK(st.st_mode)) return refused("is a socket; kvbench writes outputs only to regular files, character devices and FIFOs");
  return refused("is not a regular file, a character device or a FIFO");
}

bool same_output_file(const std::string& a, const std::string& b) {
  struct stat sa {}, sb {};
  const bool a_exists = ::stat(a.c_str(), &sa) == 0, b_exists = ::stat(b.c_str(), &sb) == 0;
  if (a_exists && b_exists) return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino && !S_ISCHR(sa.st_mode);
  if (a_exists != b_exists) return false;
  return resolved(a) == resolved(b);
}

int open_output_in_place(const OutputTarget& target) {
  const bool fifo = target.kind == OutputKind::Fifo;
  const int fd = ::open(target.path.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY | (fifo ? O_NONBLOCK : 0));
  if (fd < 0 || !fifo) return fd;
  const int flags = ::fcntl(fd, F_GETFL);  // blocking writes from here: a slow reader is waited for
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    const int err = errno;
    ::close(fd);
    errno = err;
    return -1;
  }
  return fd;
}

}  // namespace kvbench
