#include "common/host_facts.h"

#include <limits.h>
#include <stdlib.h>
#include <sys/statvfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace kvbench {
namespace {

std::string trim(std::string s) {
  const auto b = s.find_first_not_of(" \t");
  const auto e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// The value after "key:" on the first line of `file` that starts with `key`.
std::string proc_field(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    const auto colon = line.find(':');
    if (colon != std::string::npos) return trim(line.substr(colon + 1));
  }
  return {};
}

// mountinfo escapes blanks in paths as \040 (and \011, \012, \134).
std::string unescape_mount_path(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 3), nullptr, 8));
      i += 3;
    } else {
      out += s[i];
    }
  }
  return out;
}

bool is_under(const std::string& path, const std::string& mount) {
  if (mount == "/") return true;
  return path.compare(0, mount.size(), mount) == 0 &&
         (path.size() == mount.size() || path[mount.size()] == '/');
}

}  // namespace

HostFacts read_host_facts() {
  HostFacts f;
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) == 0) f.hostname = host;
  struct utsname u {};
  if (::uname(&u) == 0) {
    f.kernel = std::string(u.sysname) + " " + u.release;
    f.machine = u.machine;
  }
  f.cpu_model = proc_field("/proc/cpuinfo", "model name");
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  f.cpu_count = cpus > 0 ? static_cast<int>(cpus) : 0;
  const std::string mem = proc_field("/proc/meminfo", "MemTotal");  // "24567890 kB"
  if (!mem.empty()) f.memory_bytes = std::stoull(mem) * 1024;
  return f;
}

FileSystemFacts read_file_system_facts(const std::string& path) {
  FileSystemFacts f;
  char resolved[PATH_MAX];
  const std::string real = ::realpath(path.c_str(), resolved) ? resolved : path;
  // mountinfo: id parent maj:min root mount-point options [optional...] - fstype source opts
  std::ifstream in("/proc/self/mountinfo");
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, dev, root, mount, word;
    fields >> id >> parent >> dev >> root >> mount;
    mount = unescape_mount_path(mount);
    if (!is_under(real, mount) || mount.size() < f.mount_point.size()) continue;
    while (fields >> word && word != "-") {
    }
    std::string type, source;
    fields >> type >> source;
    f.mount_point = mount;
    f.fs_type = type;
    f.source = unescape_mount_path(source);
  }
  struct statvfs vfs {};
  if (::statvfs(real.c_str(), &vfs) == 0) {
    f.size_bytes = static_cast<std::uint64_t>(vfs.f_blocks) * vfs.f_frsize;
    f.free_bytes = static_cast<std::uint64_t>(vfs.f_bavail) * vfs.f_frsize;
  }
  return f;
}

}  // namespace kvbench
