#include "tiers/file_tier.h"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "common/log.h"
#include "tiers/aligned_buffer.h"
#include "tiers/entry_file_name.h"
#include "tiers/io_clock.h"
#include "tiers/unfinished_io.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { close(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  // Returns close()'s result once; later calls do nothing.
  int close() {
    const int fd = fd_;
    fd_ = -1;
    return fd >= 0 ? ::close(fd) : 0;
  }

 private:
  int fd_;
};

std::string errno_text(int err) { return std::strerror(err); }

std::string make_temp_dir() {
  const char* base = std::getenv("TMPDIR");
  const bool from_env = base != nullptr && *base != '\0';
  const std::string root = from_env ? base : "/tmp";
  std::string path = root + "/kv_cache_XXXXXX";  // the reference's kv_cache_* prefix
  if (::mkdtemp(path.data()) == nullptr)  // e.g. a read-only root file system in a pod
    throw FileSetupError("no --cache-dir, and no temporary cache directory can be created under " +
                         std::string(from_env ? "$TMPDIR " : "") + "'" + root + "': " +
                         errno_text(errno) + "; set --cache-dir");
  return path;
}

// The nearest of `dir` and its parents that exists, a dangling link included; empty when none
// does (a relative path).
fs::path nearest_existing(const fs::path& dir) {
  std::error_code ec;
  for (fs::path p = dir; !p.empty(); p = p.parent_path()) {
    if (fs::exists(fs::symlink_status(p, ec))) return p;
    if (p == p.parent_path()) break;
  }
  return {};
}

// Why `p`, which exists, cannot be a directory; empty when it is one.
std::string why_not_a_directory(const fs::path& p) {
  std::error_code ec;
  if (fs::is_directory(p, ec)) return "";
  if (fs::is_symlink(fs::symlink_status(p, ec)) && !fs::exists(p, ec))
    return "is a symbolic link to '" + fs::read_symlink(p, ec).string() + "', which does not exist";
  return fs::is_regular_file(p, ec) ? "is a file, not a directory" : "is not a directory";
}

void prepare_dir(const std::string& dir) {
  std::error_code ec;
  // create_directories only says "Not a directory" or "File exists" when something other
  // than a folder stands in the way: name it.
  if (const fs::path existing = nearest_existing(dir); !existing.empty()) {
    if (const std::string why = why_not_a_directory(existing); !why.empty()) {
      if (existing == fs::path(dir)) throw FileSetupError("--cache-dir '" + dir + "' " + why);
      throw FileSetupError("--cache-dir '" + dir + "': cannot create it: '" + existing.string() +
                           "' " + why);
    }
  }
  fs::create_directories(dir, ec);  // parents too, as the reference
  if (ec) throw FileSetupError("--cache-dir '" + dir + "': cannot create it: " + ec.message());
  if (!fs::is_directory(dir, ec))
    throw FileSetupError("--cache-dir '" + dir + "' is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw FileSetupError("--cache-dir '" + dir + "' is not writable: " + errno_text(errno));
}

// Spec §6.6: an existing cache directory is cleaned of the benchmark's own files, and of
// nothing else (the reference removed *.npy; kvbench removes names it could have made).
std::uint64_t clean_entry_files(const std::string& dir) {
  std::uint64_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    std::error_code type_ec;
    if (!it->is_regular_file(type_ec) || it->is_symlink(type_ec)) continue;
    if (!is_entry_file_name(p.filename().string())) continue;
    if (::unlink(p.c_str()) != 0 && errno != ENOENT)
      throw FileSetupError("--cache-dir '" + dir + "': cannot remove old entry '" + p.string() +
                           "': " + errno_text(errno));
    ++removed;
  }
  if (ec) throw FileSetupError("--cache-dir '" + dir + "': cannot list it: " + ec.message());
  return removed;
}

// Whether the file system takes O_DIRECT: some refuse it at open, some only at the first I/O.
// The probe's name is an entry name, so a leftover is cleaned at the next start.
bool probe_direct_io(const std::string& dir) {
  const std::string path = dir + "/" + entry_file_name("~kvbench-direct-io-probe");
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DIRECT, 0600));
  if (!fd.ok()) {
    if (errno == EINVAL) return false;
    throw FileSetupError("cannot create files in cache directory '" + dir + "': " + errno_text(errno));
  }
  AlignedBuffer block(kDirectIoAlign);
  std::memset(block.data(), 0, block.size());
  const bool ok = ::pwrite(fd.get(), block.data(), block.size(), 0) == static_cast<ssize_t>(block.size());
  const int err = errno;
  fd.close();
  ::unlink(path.c_str());
  if (!ok && err != EINVAL)
    throw FileSetupError("cannot write to cache directory '" + dir + "': " + errno_text(err));
  return ok;
}

// KVBENCH_BUFFERED_IO=1 makes the tier behave as on a file system that refuses O_DIRECT, so that
// tests (and anyone checking their monitoring) can see how a buffered run is reported.
bool buffered_io_forced() {
  const char* v = std::getenv("KVBENCH_BUFFERED_IO");
  return v != nullptr && std::string(v) == "1";
}

// Each worker's io_uring ring stages --io-depth x --io-size bytes, one buffer per I/O in
// flight. More than the machine's memory would fail every NVMe write of the run with
// std::bad_alloc ("failed: std::bad_alloc" for each), so it is refused before the run.
// Checked whether or not io_uring works here, so that a command line is refused on every
// machine alike, not only where the pread/pwrite fallback would have hidden it.
void check_ring_staging(const FileOptions& o) {
  if (o.engine == IoEngineKind::Psync) return;  // one buffer of --io-size per worker
  constexpr double kMiB = 1024.0 * 1024.0;
  const double staging = static_cast<double>(o.io_depth) * static_cast<double>(o.io_size);
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages <= 0 || page <= 0) return;  // unknown: let the run try
  const double memory = static_cast<double>(pages) * static_cast<double>(page);
  if (staging <= memory) return;
  throw FileSetupError("--io-depth " + std::to_string(o.io_depth) + " x --io-size " +
                       std::to_string(o.io_size) + " = " + std::to_string(static_cast<std::uint64_t>(staging / kMiB)) +
                       " MiB of I/O buffers per worker, more than this machine's memory (" +
                       std::to_string(static_cast<std::uint64_t>(memory / kMiB)) +
                       " MiB); lower --io-depth or --io-size");
}

std::unique_ptr<IoEngine> choose_engine(IoEngineKind kind, const IoParams& params) {
  if (kind == IoEngineKind::Psync) return make_psync_engine(params);
  if (kind == IoEngineKind::Auto && !params.direct) return make_psync_engine(params);
  try {
    return make_uring_engine(params);
  } catch (const UringUnavailable& e) {
    if (kind == IoEngineKind::Uring)
      throw FileSetupError(std::string("--io-engine uring: io_uring is unavailable (") + e.what() + ")");
    log::warning(std::string("io_uring is unavailable (") + e.what() +
                 "): the NVMe tier falls back to pread/pwrite, one I/O in flight per entry");
    return make_psync_engine(params);
  }
}

// One message per kind of failure and direction: a full disk fails every later write too.
void log_first_failure(std::atomic<bool>& logged, const std::string& what) {
  if (!logged.exchange(true)) log::warning(what + " (further NVMe failures are only counted)");
}

}  // namespace

FileTier::FileTier(const FileOptions& o, Level level) : level_(level) {
  if (o.io_size == 0 || o.io_size % kDirectIoAlign != 0)
    throw FileSetupError("--io-size must be a positive multiple of 4096 (got " + std::to_string(o.io_size) + ")");
  if (o.io_depth == 0) throw FileSetupError("--io-depth must be at least 1");
  check_ring_staging(o);
  if (!o.dir || o.dir->empty()) {
    dir_ = make_temp_dir();
    owns_dir_ = true;
  } else {
    dir_ = *o.dir;
    prepare_dir(dir_);
    cleaned_ = clean_entry_files(dir_);
  }
  try {
    const bool forced = buffered_io_forced();
    params_ = {o.io_size, o.io_depth, !forced && probe_direct_io(dir_), &cancelled_};
    if (!params_.direct)
      log::warning((forced ? std::string("KVBENCH_BUFFERED_IO=1") : "the file system of '" + dir_ + "' refuses O_DIRECT") +
                   ": the NVMe tier uses buffered I/O with posix_fadvise(DONTNEED) before reads, so the page cache "
                   "may still serve some");
    engine_ = choose_engine(o.engine, params_);
  } catch (...) {
    if (owns_dir_) {
      std::error_code ec;
      fs::remove_all(dir_, ec);
    }
    throw;
  }
}

FileTier::~FileTier() {
  if (!owns_dir_) return;  // a --cache-dir keeps its files, as the reference's does
  std::error_code ec;
  fs::remove_all(dir_, ec);
  if (ec) log::warning("cannot remove temporary cache directory '" + dir_ + "': " + ec.message());
}

std::string FileTier::file_path(const std::string& key) const {
  return dir_ + "/" + entry_file_name(key);
}

std::uint64_t FileTier::free_space_capacity() const {
  struct statvfs st {};
  if (::statvfs(dir_.c_str(), &st) != 0) return 0;
  return static_cast<std::uint64_t>(0.95 * static_cast<double>(st.f_bavail) *
                                    static_cast<double>(st.f_frsize));
}

IoTiming FileTier::write(const std::string& key, std::uint64_t size, ByteSource& src) {
  if (params_.cancel_requested()) throw IoCancelled();
  const double start = monotonic_s();
  HostWork work;
  const std::string path = file_path(key);
  const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | (params_.direct ? O_DIRECT : 0);
  Fd fd(::open(path.c_str(), flags, 0644));
  std::uint64_t moved = 0;  // the data reached the device; a later step can still fail the entry
  try {
    if (!fd.ok()) throw IoError("open", errno);
    // Preallocating finds a full disk before any byte moves, and turns every data write into
    // a non-extending one, which ext4/xfs run asynchronously (as fio's files are laid out).
    const std::uint64_t padded = params_.direct ? round_up(size, kDirectIoAlign) : size;
    if (params_.cancel_requested()) throw IoCancelled();
    if (padded > 0 && ::fallocate(fd.get(), 0, 0, static_cast<off_t>(padded)) != 0 &&
        errno != EOPNOTSUPP && errno != ENOSYS)
      throw IoError("fallocate", errno);
    engine_->write(fd.get(), size, src, work);
    moved = padded;
    if (padded != size && ::ftruncate(fd.get(), static_cast<off_t>(size)) != 0)
      throw IoError("ftruncate", errno);
    // Durable before the write counts as done: the device time includes the flush. A write
    // cancelled meanwhile is removed anyway: its flush would only delay the run's end.
    if (params_.cancel_requested()) throw IoCancelled();
    if (::fdatasync(fd.get()) != 0) throw IoError("fdatasync", errno);
    if (fd.close() != 0) throw IoError("close", errno);
  } catch (const IoCancelled&) {
    count_unfinished(true, moved);
    fd.close();
    ::unlink(path.c_str());  // nothing half-written stays behind
    throw;
  } catch (const std::exception& e) {
    count_unfinished(true, moved);
    fd.close();
    ::unlink(path.c_str());  // a failed entry leaves no partial file behind
    log_first_failure(write_failure_logged_, "NVMe write of '" + path + "' failed: " + e.what());
    throw;
  }
  return timing_since(start, work);
}

IoTiming FileTier::read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                        ByteSink& dst) {
  if (params_.cancel_requested()) throw IoCancelled();
  const double start = monotonic_s();
  HostWork work;
  const std::string path = file_path(key);
  try {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | (params_.direct ? O_DIRECT : 0)));
    if (!fd.ok()) throw IoError("open", errno);
    // Without O_DIRECT, drop cached pages first (as the reference does) so the device serves it.
    if (!params_.direct) ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_DONTNEED);
    engine_->read(fd.get(), offset, len, dst, work);
  } catch (const IoCancelled&) {
    throw;
  } catch (const std::exception& e) {
    log_first_failure(read_failure_logged_, "NVMe read of '" + path + "' failed: " + e.what());
    throw;
  }
  return timing_since(start, work);
}

void FileTier::remove(const std::string& key) {
  const std::string path = file_path(key);
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) throw IoError("unlink '" + path + "'", errno);
}

}  // namespace kvbench::tiers
