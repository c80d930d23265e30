#include "common/process_limits.h"

#include <sys/resource.h>

#include <fstream>

namespace kvbench {
namespace {

// v1 writes "no limit" as a page-rounded LONG_MAX; anything this large means none.
constexpr std::uint64_t kUnlimited = 1ull << 62;

std::optional<std::uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    std::size_t used = 0;
    const unsigned long long v = std::stoull(word, &used);
    if (used != word.size() || v >= kUnlimited) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

struct CgroupPaths {
  std::optional<std::string> v1_memory, v1_pids, v2;  // paths inside each hierarchy
};

// /proc/self/cgroup: "ID:CONTROLLERS:PATH" per hierarchy; v2's line is "0::PATH".
CgroupPaths own_cgroups(const std::string& root) {
  CgroupPaths out;
  std::ifstream in(root + "/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    const std::string controllers = "," + line.substr(a + 1, b - a - 1) + ",";
    const std::string path = line.substr(b + 1);
    if (controllers == ",,") out.v2 = path;
    if (controllers.find(",memory,") != std::string::npos) out.v1_memory = path;
    if (controllers.find(",pids,") != std::string::npos) out.v1_pids = path;
  }
  return out;
}

// The smallest `file` from the cgroup `path` up to the hierarchy's root under `mount`. A
// container often sees its own cgroup as the root while /proc/self/cgroup names the host's
// path; the walk then finds only the root's file, which is the container's.
std::optional<std::uint64_t> smallest_up(const std::string& mount, std::string path, const std::string& file) {
  std::optional<std::uint64_t> best;
  for (;;) {
    while (path.size() > 1 && path.back() == '/') path.pop_back();
    const std::string dir = path == "/" ? mount : mount + path;
    if (const auto v = read_number(dir + "/" + file); v && (!best || *v < *best)) best = v;
    if (path.empty() || path == "/") break;
    const auto slash = path.rfind('/');
    path = slash == 0 || slash == std::string::npos ? "/" : path.substr(0, slash);
  }
  return best;
}

void keep_smaller(std::optional<Limit>& best, std::optional<std::uint64_t> v, const std::string& source) {
  if (v && (!best || *v < best->value)) best = Limit{*v, source};
}

}  // namespace

std::optional<Limit> cgroup_memory_limit(const std::string& root) {
  const CgroupPaths own = own_cgroups(root);
  const std::string fs = root + "/sys/fs/cgroup";
  std::optional<Limit> best;
  // A hybrid host (cgroup v1 controllers next to an empty v2 tree) limits memory in v1.
  if (own.v1_memory)
    keep_smaller(best, smallest_up(fs + "/memory", *own.v1_memory, "memory.limit_in_bytes"),
                 "cgroup v1 memory.limit_in_bytes");
  if (own.v2) keep_smaller(best, smallest_up(fs, *own.v2, "memory.max"), "cgroup v2 memory.max");
  return best;
}

std::optional<Limit> thread_limit(const std::string& root) {
  std::optional<Limit> best;
  keep_smaller(best, read_number(root + "/proc/sys/kernel/threads-max"), "kernel.threads-max");
  keep_smaller(best, read_number(root + "/proc/sys/kernel/pid_max"), "kernel.pid_max");
  // Each thread's stack is a mapping plus its guard page.
  if (const auto maps = read_number(root + "/proc/sys/vm/max_map_count"))
    keep_smaller(best, *maps / 2, "vm.max_map_count / 2");
  if (root.empty()) {
    rlimit r{};
    if (::getrlimit(RLIMIT_NPROC, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
      keep_smaller(best, static_cast<std::uint64_t>(r.rlim_cur), "ulimit -u (RLIMIT_NPROC)");
  }
  const CgroupPaths own = own_cgroups(root);
  const std::string fs = root + "/sys/fs/cgroup";
  if (own.v1_pids) keep_smaller(best, smallest_up(fs + "/pids", *own.v1_pids, "pids.max"), "cgroup pids.max");
  if (own.v2) keep_smaller(best, smallest_up(fs, *own.v2, "pids.max"), "cgroup pids.max");
  return best;
}

}  // namespace kvbench
