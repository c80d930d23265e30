#include "tiers/cache_dir.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string_view>
#include <system_error>
#include <vector>

#include "common/cache_dir_marker.h"
#include "common/log.h"
#include "tiers/file_tier.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kTemporary = "temporary";
constexpr std::string_view kNamed = "cache-dir";

std::string errno_text(int err) { return std::strerror(err); }

std::string marker_path(const std::string& dir) { return dir + "/" + kCacheDirMarkerName; }

std::string read_marker(int fd) {
  std::string text(512, '\0');
  const ssize_t n = ::pread(fd, text.data(), text.size(), 0);
  text.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  return text;
}

// The value of "key: value" in a marker's text; empty when absent.
std::string marker_field(const std::string& text, std::string_view key) {
  const std::string prefix = "\n" + std::string(key) + ": ";
  const std::size_t at = ("\n" + text).find(prefix);
  if (at == std::string::npos) return "";
  const std::size_t begin = at + prefix.size() - 1;
  return text.substr(begin, text.find('\n', begin) - begin);
}

// Rewrites the marker with this run's PID; the descriptor is locked by this run.
void stamp_marker(int fd, std::string_view kind) {
  const std::string text = "kvbench cache directory: kvbench writes entry files (*.kv) here and removes them at start\n"
                           "kind: " + std::string(kind) + "\npid: " + std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, text.data(), text.size(), 0) != static_cast<ssize_t>(text.size()))
    log::warning(std::string("cannot record this run's PID in the cache directory marker: ") + errno_text(errno));
}

// Locks the marker for this run. False when another process holds it.
bool lock_marker(int fd, const std::string& dir) {
  if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
  if (errno == EWOULDBLOCK) return false;
  // e.g. ENOLCK on a file system without locks: the run goes on, unguarded.
  log::warning("cannot lock cache directory '" + dir + "' (" + errno_text(errno) +
               "): make sure no other kvbench run uses it at the same time");
  return true;
}

// The names in `dir` that are not kvbench's: a file system's lost+found and a marker left half
// made are not a user's data.
std::vector<std::string> foreign_entries(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name == "lost+found" || name.starts_with(std::string(kCacheDirMarkerName) + ".")) continue;
    names.push_back(name);
  }
  if (ec) throw FileSetupError("--cache-dir '" + dir + "': cannot list it: " + ec.message());
  return names;
}

// Writes a new marker, locked before anyone can see it: made under a name of its own, locked,
// then linked to the marker's name (link, unlike rename, never replaces a marker another run
// made meanwhile). -1 with `raced` set when another run's marker won.
int create_marker(const std::string& dir, std::string_view kind, bool& raced) {
  raced = false;
  const std::string staged = marker_path(dir) + "." + std::to_string(::getpid());
  const int fd = ::open(staged.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0)
    throw FileSetupError("cannot create files in cache directory '" + dir + "': " + errno_text(errno));
  ::flock(fd, LOCK_EX | LOCK_NB);  // a new inode: nobody else can hold it
  stamp_marker(fd, kind);
  int linked = ::link(staged.c_str(), marker_path(dir).c_str());
  if (linked != 0 && errno != EEXIST) linked = ::rename(staged.c_str(), marker_path(dir).c_str());  // no hard links here
  const int err = errno;
  ::unlink(staged.c_str());
  if (linked == 0) return fd;
  ::close(fd);
  if (err == EEXIST) {
    raced = true;
    return -1;
  }
  throw FileSetupError("cannot create the marker in cache directory '" + dir + "': " + errno_text(err));
}

[[noreturn]] void throw_in_use(const std::string& dir, int fd) {
  const std::string pid = marker_field(read_marker(fd), "pid");
  ::close(fd);
  throw FileSetupError("--cache-dir '" + dir + "' is in use by another kvbench run (PID " +
                       (pid.empty() ? "unknown" : pid) + "); give each run its own --cache-dir");
}

// The directory's size in bytes, for the log line; what cannot be read counts 0.
std::uintmax_t bytes_under(const fs::path& dir) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code size_ec;
    if (it->is_regular_file(size_ec)) {
      const auto n = it->file_size(size_ec);
      if (!size_ec) total += n;
    }
  }
  return total;
}

}  // namespace

int remove_stale_temporary_dirs(const std::string& root) {
  std::vector<std::string> removed;
  std::uintmax_t bytes = 0;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (!it->path().filename().string().starts_with("kv_cache_") || it->is_symlink(type_ec) ||
        !it->is_directory(type_ec))
      continue;
    const std::string dir = it->path().string();
    const int fd = ::open(marker_path(dir).c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) continue;  // no marker: not kvbench's (the reference's kv_cache_*), or being made
    struct stat st {};
    const bool ours = ::fstat(fd, &st) == 0 && st.st_uid == ::geteuid() &&
                      marker_field(read_marker(fd), "kind") == kTemporary;
    if (ours && ::flock(fd, LOCK_EX | LOCK_NB) == 0) {  // the run that held it is gone
      const std::string pid = marker_field(read_marker(fd), "pid");
      const std::uintmax_t size = bytes_under(dir);
      std::error_code rm_ec;
      fs::remove_all(dir, rm_ec);
      if (!rm_ec) {
        removed.push_back(dir + " (PID " + (pid.empty() ? "unknown" : pid) + ")");
        bytes += size;
      }
    }
    ::close(fd);
  }
  if (!removed.empty()) {
    std::string names;
    for (const auto& r : removed) names += (names.empty() ? "" : ", ") + r;
    log::info("Removed " + std::to_string(removed.size()) + " stale kvbench temporary cache director" +
              (removed.size() == 1 ? "y" : "ies") + " (" + std::to_string(bytes / (1024 * 1024)) +
              " MiB) left by runs that are gone: " + names);
  }
  return static_cast<int>(removed.size());
}

CacheDirClaim CacheDirClaim::claim(const std::string& dir) {
  // A second look when another run marked the directory between our listing and our link:
  // then it is taken (or refused) as a marked one.
  for (int attempt = 0; attempt < 2; ++attempt) {
    const int fd = ::open(marker_path(dir).c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW);
    if (fd >= 0) {
      if (!lock_marker(fd, dir)) throw_in_use(dir, fd);
      stamp_marker(fd, kNamed);
      return CacheDirClaim(fd, true);
    }
    if (errno != ENOENT)
      throw FileSetupError("--cache-dir '" + dir + "': cannot open its marker " + kCacheDirMarkerName + ": " +
                           errno_text(errno));
    const auto foreign = foreign_entries(dir);
    if (!foreign.empty())
      throw FileSetupError("--cache-dir '" + dir + "' is not empty and not a kvbench cache directory (it holds '" +
                           foreign.front() + "'" +
                           (foreign.size() > 1 ? " and " + std::to_string(foreign.size() - 1) + " more" : "") +
                           ", and no " + kCacheDirMarkerName + "); kvbench writes and cleans only a new or empty " +
                           "directory, or one it marked itself: name another");
    bool raced = false;
    const int made = create_marker(dir, kNamed, raced);
    if (!raced) return CacheDirClaim(made, false);
  }
  throw FileSetupError("--cache-dir '" + dir + "': its marker keeps changing; is another run starting there?");
}

CacheDirClaim CacheDirClaim::temporary(const std::string& dir) {
  bool raced = false;
  const int fd = create_marker(dir, kTemporary, raced);
  if (raced) throw FileSetupError("temporary cache directory '" + dir + "' was marked by another process");
  return CacheDirClaim(fd, false);
}

CacheDirClaim::CacheDirClaim(CacheDirClaim&& other) noexcept : fd_(other.fd_), was_marked_(other.was_marked_) {
  other.fd_ = -1;
}

CacheDirClaim::~CacheDirClaim() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock; the marker stays for the next run
}

}  // namespace kvbench::tiers
