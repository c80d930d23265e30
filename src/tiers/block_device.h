// The block device(s) under a directory, and their kernel I/O counters (/sys/block/<disk>/stat):
// what a real run's storage bytes are checked against. A partition resolves to its disk, a dm or
// md device to its member disks (slaves/), a loop device to itself; tmpfs, overlay and other
// file systems without a block device resolve to none, with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace kvbench::tiers {

// One disk's counters at one instant, in bytes (sectors are 512 B whatever the logical block
// size) and milliseconds. io_ticks is the time the disk had at least one I/O in flight.
struct DiskCounters {
  std::uint64_t read_ios = 0;
  std::uint64_t write_ios = 0;
  std::uint64_t read_bytes = 0;
  std::uint64_t written_bytes = 0;
  std::uint64_t busy_ms = 0;
};

// Counters of `later` minus `earlier`, field by field (0 where a counter went backwards).
DiskCounters operator-(const DiskCounters& later, const DiskCounters& earlier);

// Parses the text of a /sys/block/<disk>/stat file; nullopt when it has fewer than 10 fields.
std::optional<DiskCounters> parse_disk_stat(const std::string& text);

// Where the file system of a directory lives.
struct DeviceSet {
  std::string dir;             // the directory as asked
  std::string mount_point;     // from /proc/self/mountinfo; empty when unknown
  std::string fs_type;         // "ext4", "tmpfs", ...; empty when unknown
  std::string source_device;   // the device the file system is on (e.g. "dm-0", "vda1"), or empty
  std::vector<std::string> disks;  // names under /sys/block whose counters are read; may be empty
  std::string why_none;        // when `disks` is empty: why (e.g. "tmpfs has no block device")
};

// Where sysfs and the mount table are read from: the real ones, or a test's fake tree.
struct SystemPaths {
  std::string sys = "/sys";
  std::string mountinfo = "/proc/self/mountinfo";
};

DeviceSet resolve_block_devices(const std::string& dir, const SystemPaths& paths = {});

// The counters of every disk of a DeviceSet at one instant.
struct DeviceSnapshot {
  std::vector<std::string> disks;
  std::vector<DiskCounters> counters;  // parallel to disks; a disk that cannot be read counts 0
  bool complete = true;                // false when a stat file could not be read
};

DeviceSnapshot snapshot_devices(const DeviceSet& set, const SystemPaths& paths = {});

// The I/O the devices did between two snapshots of the same set: per disk and summed.
struct DeviceDelta {
  std::vector<std::string> disks;
  std::vector<DiskCounters> per_disk;
  DiskCounters total;
  bool complete = true;
};

DeviceDelta device_delta(const DeviceSnapshot& start, const DeviceSnapshot& end);

}  // namespace kvbench::tiers
