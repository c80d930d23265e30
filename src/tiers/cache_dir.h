// What makes a directory kvbench's to write and clean (issue 15 items 7 and 8). A cache
// directory carries a marker file (common/cache_dir_marker.h), written when kvbench creates the
// directory or adopts an empty one (a volume's root holding only lost+found counts as empty);
// entry files are cleaned only where the marker stood before the run. A non-empty directory
// without it is refused, never adopted: kvbench cannot tell its own old files from a user's.
// The run holds an flock(2) on the marker for its whole life: a second run on the same directory
// is refused with the first one's PID, and a temporary directory whose marker nobody holds
// belongs to a run that is gone (SIGKILL, a crash), so the next run removes it. System
// directories are refused before this, with the command line (cli/validate.cpp).
#pragma once

#include <string>

namespace kvbench::tiers {

// Removes the temporary cache directories (kv_cache_*) under `root` whose marker says
// "temporary", belongs to this user, and is locked by no process; logs one line naming them.
// Returns how many it removed. Never throws: a directory it cannot inspect is left alone.
int remove_stale_temporary_dirs(const std::string& root);

// The claim of one run on its cache directory: the marker's descriptor, locked, released (and
// the marker kept) at destruction.
class CacheDirClaim {
 public:
  // --cache-dir `dir` (it exists): adopts it when empty, takes it when marked, refuses it when
  // neither or when another run holds it. Throws FileSetupError.
  static CacheDirClaim claim(const std::string& dir);
  // The directory mkdtemp just made for this run.
  static CacheDirClaim temporary(const std::string& dir);

  CacheDirClaim(CacheDirClaim&& other) noexcept;
  CacheDirClaim& operator=(CacheDirClaim&&) = delete;
  CacheDirClaim(const CacheDirClaim&) = delete;
  ~CacheDirClaim();

  // Whether the marker was there before this run: only then are old entry files cleaned.
  bool was_marked() const { return was_marked_; }

 private:
  CacheDirClaim(int fd, bool was_marked) : fd_(fd), was_marked_(was_marked) {}
  int fd_;
  bool was_marked_;
};

}  // namespace kvbench::tiers
