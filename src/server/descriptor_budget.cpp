#include "server/descriptor_budget.h"

#include <dirent.h>
#include <sys/resource.h>

#include <mutex>

namespace kvbench::server {
namespace {

std::size_t soft_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return 0;
  return lim.rlim_cur == RLIM_INFINITY ? static_cast<std::size_t>(1) << 20 : static_cast<std::size_t>(lim.rlim_cur);
}

}  // namespace

std::size_t raise_descriptor_limit() {
  static std::once_flag once;
  std::call_once(once, [] {
    rlimit lim{};
    if (::getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur == lim.rlim_max) return;
    lim.rlim_cur = lim.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &lim);
  });
  return soft_limit();
}

std::size_t free_descriptors() {
  // Counting /proc/self/fd costs one directory read; the server does it only when a connection
  // is waiting to be accepted, so its cost follows the accept rate, which the cap bounds.
  DIR* dir = ::opendir("/proc/self/fd");
  if (dir == nullptr) return 0;
  std::size_t open = 0;
  while (const dirent* e = ::readdir(dir)) {
    if (e->d_name[0] != '.') ++open;
  }
  ::closedir(dir);
  const std::size_t limit = soft_limit();
  return open >= limit ? 0 : limit - open;  // the directory's own descriptor is counted: safe side
}

}  // namespace kvbench::server
