// The file backend (the storage level of a real run, "the NVMe tier" in messages): one file per
// entry under the cache directory (spec §6.6), written and read with O_DIRECT through an IoEngine
// (io_uring, or pread/pwrite where io_uring is refused), durable when a write returns, never
// served from the page cache. Owns its directory's kvbench files: cleans them at start where the
// directory carries kvbench's marker (tiers/cache_dir.h), and removes the whole directory at the
// end when it made a temp one.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "tiers/file_io_engine.h"
#include "tiers/tier.h"
#include "common/backend_options.h"

namespace kvbench::tiers {

class CacheDirClaim;

// The directory cannot be made, cleaned or written, or the forced engine is unavailable.
class FileSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class FileTier final : public Tier {
 public:
  // `level`: the waterfall position it serves (the storage level in a run). Throws FileSetupError.
  explicit FileTier(const FileOptions& options, Level level = Level::Storage);
  ~FileTier() override;
  FileTier(const FileTier&) = delete;
  FileTier& operator=(const FileTier&) = delete;

  Level id() const override { return level_; }
  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override;
  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len,
                ByteSink& dst) override;
  void remove(const std::string& key) override;
  bool holds(const std::string& key) const override;
  bool can_lose_entries() const override { return true; }
  void cancel_io() override { cancelled_.store(true, std::memory_order_relaxed); }

  const std::string& directory() const { return dir_; }
  bool owns_directory() const { return owns_dir_; }
  std::string file_path(const std::string& key) const;
  std::string_view engine_name() const { return engine_->name(); }
  bool direct_io() const { return params_.direct; }
  const IoParams& io_params() const { return params_; }
  std::uint64_t files_cleaned_at_start() const { return cleaned_; }
  // 0.95 x f_bavail x f_frsize of the directory's file system (spec §6.1); 0 if statvfs fails.
  std::uint64_t free_space_capacity() const;

 private:
  Level level_;
  std::string dir_;
  bool owns_dir_ = false;
  std::uint64_t cleaned_ = 0;
  std::unique_ptr<CacheDirClaim> claim_;  // the directory's marker lock, released after ~FileTier()
  IoParams params_;
  std::unique_ptr<IoEngine> engine_;
  std::atomic<bool> cancelled_{false};  // params_.cancelled points here
  std::atomic<bool> write_failure_logged_{false};
  std::atomic<bool> read_failure_logged_{false};
  // Partial files a failed write could not remove (EROFS), tried again at the end.
  void discard_partial(const std::string& path);
  void retry_stranded();
  std::mutex stranded_mu_;
  std::vector<std::string> stranded_;
};

}  // namespace kvbench::tiers
