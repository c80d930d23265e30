#include "tiers/block_device.h"

#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;

std::uint64_t minus(std::uint64_t later, std::uint64_t earlier) { return later >= earlier ? later - earlier : 0; }

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::ostringstream os;
  os << in.rdbuf();
  return os.str();
}

// mountinfo escapes blanks and backslashes in paths as octal (\040, \011, \012, \134).
std::string unescape_mount_path(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 3 < s.size()) {
      const std::string oct = s.substr(i + 1, 3);
      if (std::all_of(oct.begin(), oct.end(), [](char c) { return c >= '0' && c <= '7'; })) {
        out.push_back(static_cast<char>(std::stoi(oct, nullptr, 8)));
        i += 3;
        continue;
      }
    }
    out.push_back(s[i]);
  }
  return out;
}

bool is_under(const std::string& path, const std::string& mount_point) {
  if (mount_point == "/") return true;
  return path == mount_point || (path.starts_with(mount_point) && path[mount_point.size()] == '/');
}

// The mount whose mount point is the longest prefix of `path`; of stacked mounts on one point,
// the last one listed (it hides the others).
void find_mount(const std::string& path, const std::string& mountinfo, DeviceSet& out) {
  std::ifstream in(mountinfo);
  std::string line;
  std::size_t best = 0;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string id, parent, majmin, root, mount_point;
    if (!(fields >> id >> parent >> majmin >> root >> mount_point)) continue;
    mount_point = unescape_mount_path(mount_point);
    const auto dash = line.find(" - ");
    if (dash == std::string::npos || !is_under(path, mount_point) || mount_point.size() < best) continue;
    std::istringstream tail(line.substr(dash + 3));
    std::string fs_type;
    tail >> fs_type;
    best = mount_point.size();
    out.mount_point = mount_point;
    out.fs_type = fs_type;
  }
}

// Adds the disks that hold block device `name` (a name under /sys/class/block): a partition's
// disk, the members of a dm or md device (recursively), or the device itself.
void add_disks(const std::string& name, const fs::path& sys, std::set<std::string>& disks, int depth) {
  const fs::path dev = sys / "class/block" / name;
  std::error_code ec;
  if (depth > 8 || !fs::exists(dev, ec)) return;
  if (fs::exists(dev / "partition", ec)) {
    const fs::path parent = fs::canonical(dev, ec).parent_path();
    if (!ec) add_disks(parent.filename().string(), sys, disks, depth + 1);
    return;
  }
  bool has_members = false;
  for (const auto& member : fs::directory_iterator(dev / "slaves", ec)) {
    has_members = true;
    add_disks(member.path().filename().string(), sys, disks, depth + 1);
  }
  if (!has_members) disks.insert(name);
}

}  // namespace

DiskCounters operator-(const DiskCounters& later, const DiskCounters& earlier) {
  return {minus(later.read_ios, earlier.read_ios), minus(later.write_ios, earlier.write_ios),
          minus(later.read_bytes, earlier.read_bytes), minus(later.written_bytes, earlier.written_bytes),
          minus(later.busy_ms, earlier.busy_ms)};
}

std::optional<DiskCounters> parse_disk_stat(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::uint64_t> f;
  std::uint64_t v = 0;
  while (f.size() < 10 && in >> v) f.push_back(v);
  if (f.size() < 10) return std::nullopt;
  // Fields (Documentation/block/stat.rst): 0 read I/Os, 2 sectors read, 4 write I/Os,
  // 6 sectors written, 9 io_ticks (ms).
  constexpr std::uint64_t kSector = 512;
  return DiskCounters{f[0], f[4], f[2] * kSector, f[6] * kSector, f[9]};
}

DeviceSet resolve_block_devices(const std::string& dir, const SystemPaths& paths) {
  DeviceSet out;
  out.dir = dir;
  std::error_code ec;
  const fs::path canonical = fs::canonical(dir, ec);
  if (ec) {
    out.why_none = "cannot resolve '" + dir + "': " + ec.message();
    return out;
  }
  find_mount(canonical.string(), paths.mountinfo, out);
  struct stat st {};
  if (::stat(canonical.c_str(), &st) != 0) {
    out.why_none = "cannot stat '" + dir + "'";
    return out;
  }
  const std::string majmin = std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
  const fs::path link = fs::path(paths.sys) / "dev/block" / majmin;
  const fs::path dev = fs::canonical(link, ec);
  if (ec) {  // tmpfs, overlay, NFS, FUSE: an anonymous device number with no block device
    out.why_none = (out.fs_type.empty() ? std::string("the file system") : out.fs_type) + " on device " + majmin +
                   " has no block device";
    return out;
  }
  out.source_device = dev.filename().string();
  std::set<std::string> disks;
  add_disks(out.source_device, paths.sys, disks, 0);
  out.disks.assign(disks.begin(), disks.end());
  if (out.disks.empty()) out.why_none = "no disk found for block device " + out.source_device;
  return out;
}

DeviceSnapshot snapshot_devices(const DeviceSet& set, const SystemPaths& paths) {
  DeviceSnapshot snap;
  snap.disks = set.disks;
  for (const auto& disk : set.disks) {
    const auto c = parse_disk_stat(read_text(fs::path(paths.sys) / "block" / disk / "stat"));
    if (!c) snap.complete = false;
    snap.counters.push_back(c.value_or(DiskCounters{}));
  }
  return snap;
}

DeviceDelta device_delta(const DeviceSnapshot& start, const DeviceSnapshot& end) {
  DeviceDelta d;
  d.disks = end.disks;
  d.complete = start.complete && end.complete && start.disks == end.disks;
  for (std::size_t i = 0; i < end.counters.size() && i < start.counters.size(); ++i) {
    const DiskCounters c = end.counters[i] - start.counters[i];
    d.per_disk.push_back(c);
    d.total.read_ios += c.read_ios;
    d.total.write_ios += c.write_ios;
    d.total.read_bytes += c.read_bytes;
    d.total.written_bytes += c.written_bytes;
    d.total.busy_ms += c.busy_ms;
  }
  return d;
}

}  // namespace kvbench::tiers
