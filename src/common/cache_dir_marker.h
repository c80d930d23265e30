// The file that marks a directory as a kvbench cache directory (issue 15 item 7): kvbench cleans
// entry files only where it stands, and its flock(2) is the lock of the run using the directory.
// Named here because both the pre-flight (config/) and the file backend (tiers/) read it.
#pragma once

namespace kvbench {

inline constexpr const char* kCacheDirMarkerName = ".kvbench-cache-dir";

}  // namespace kvbench
