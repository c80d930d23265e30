#include "tiers/device_cross_check.h"

#include <sstream>

#include "common/log.h"
#include "tiers/io_clock.h"
#include "tiers/unfinished_io.h"

namespace kvbench::tiers {
namespace {

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

nlohmann::json counters_json(const DiskCounters& c) {
  return {{"read_bytes", c.read_bytes}, {"write_bytes", c.written_bytes}, {"read_ios", c.read_ios},
          {"write_ios", c.write_ios}, {"busy_ms", c.busy_ms}};
}

nlohmann::json ratio(std::uint64_t kvbench_bytes, std::uint64_t device_bytes) {
  if (device_bytes == 0) return nullptr;
  return static_cast<double>(kvbench_bytes) / static_cast<double>(device_bytes);
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ",") + n;
  return out;
}

std::string gib(std::uint64_t bytes) {
  std::ostringstream os;
  os.precision(3);
  os << static_cast<double>(bytes) / kGiB << " GiB";
  return os.str();
}

}  // namespace

nlohmann::json device_report_json(const DeviceSet& set, const DeviceDelta& delta, const StorageBytes& kvbench,
                                  double window_s, double measured_s) {
  nlohmann::json j = {{"cache_dir", set.dir}, {"mount_point", set.mount_point}, {"fs_type", set.fs_type},
                      {"source_device", set.source_device}, {"disks", set.disks}};
  if (set.disks.empty()) {
    j["measured"] = false;
    j["reason"] = set.why_none;
    return j;
  }
  j["measured"] = delta.complete;
  j["window_s"] = window_s;
  j["measured_s"] = measured_s;
  j["total"] = counters_json(delta.total);
  nlohmann::json per = nlohmann::json::object();
  for (std::size_t i = 0; i < delta.disks.size() && i < delta.per_disk.size(); ++i)
    per[delta.disks[i]] = counters_json(delta.per_disk[i]);
  j["per_disk"] = per;
  j["kvbench_storage_read_bytes"] = kvbench.read;
  j["kvbench_storage_write_bytes"] = kvbench.written;
  j["kvbench_unfinished_read_bytes"] = kvbench.unfinished_read;
  j["kvbench_unfinished_write_bytes"] = kvbench.unfinished_written;
  const std::uint64_t storage_read_bytes = kvbench.read + kvbench.unfinished_read;
  const std::uint64_t storage_written_bytes = kvbench.written + kvbench.unfinished_written;
  // Above 1: kvbench counted reads the device never did (a cache served them). Below 1 on
  // writes: the device wrote more than asked (journal, metadata, RAID members).
  j["read_ratio"] = ratio(storage_read_bytes, delta.total.read_bytes);
  j["write_ratio"] = ratio(storage_written_bytes, delta.total.written_bytes);
  j["write_amplification"] = ratio(delta.total.written_bytes, storage_written_bytes);
  j["reads_served_by_cache"] =
      storage_read_bytes > 0 &&
      static_cast<double>(storage_read_bytes) > (1.0 + kCachedReadTolerance) * static_cast<double>(delta.total.read_bytes);
  // The share of the measured span the disks had I/O in flight, averaged over the disks.
  const double disk_ms = measured_s * 1000.0 * static_cast<double>(set.disks.size());
  j["busy_share"] =
      disk_ms > 0 ? nlohmann::json(static_cast<double>(delta.total.busy_ms) / disk_ms) : nlohmann::json(nullptr);
  j["note"] =
      "device counters include every process's I/O on these disks (and on all partitions of a disk): other "
      "activity inflates them and lowers the ratios";
  return j;
}

DeviceCrossCheck::DeviceCrossCheck(const std::string& dir, SystemPaths paths)
    : paths_(std::move(paths)), set_(resolve_block_devices(dir, paths_)) {
  if (set_.disks.empty())
    log::info("Device cross-check: none for " + dir + " (" + set_.why_none + ")");
  else
    log::info("Device cross-check: " + dir + " is on " + set_.fs_type + " (" + set_.source_device +
              "); counting I/O of " + join(set_.disks) + " over the timed window");
}

void DeviceCrossCheck::start() {
  unfinished_read_ = unfinished_io().read_bytes.load();
  unfinished_written_ = unfinished_io().written_bytes.load();
  started_s_ = monotonic_s();
  start_ = snapshot_devices(set_, paths_);
}

nlohmann::json DeviceCrossCheck::finish(std::uint64_t storage_read_bytes, std::uint64_t storage_written_bytes,
                                        double window_s) {
  const DeviceDelta delta = device_delta(start_, snapshot_devices(set_, paths_));
  const double measured_s = monotonic_s() - started_s_;
  const StorageBytes kvbench{storage_read_bytes, storage_written_bytes,
                             unfinished_io().read_bytes.load() - unfinished_read_,
                             unfinished_io().written_bytes.load() - unfinished_written_};
  nlohmann::json j = device_report_json(set_, delta, kvbench, window_s, measured_s);
  if (set_.disks.empty()) return j;
  const std::string unfinished =
      kvbench.unfinished_read + kvbench.unfinished_written == 0
          ? ""
          : " (and " + gib(kvbench.unfinished_read) + " read, " + gib(kvbench.unfinished_written) +
                " written by operations cut short)";
  log::info("Device cross-check: kvbench storage read " + gib(storage_read_bytes) + ", wrote " +
            gib(storage_written_bytes) + unfinished + "; " + join(set_.disks) + " read " + gib(delta.total.read_bytes) +
            ", wrote " + gib(delta.total.written_bytes) + ", busy " + std::to_string(delta.total.busy_ms) + " ms");
  if (j["reads_served_by_cache"].get<bool>())
    log::warning("Device cross-check: kvbench counted " + gib(storage_read_bytes + kvbench.unfinished_read) +
                 " of storage reads but " +
                 join(set_.disks) + " read only " + gib(delta.total.read_bytes) +
                 ": a cache between kvbench and the device served the rest");
  return j;
}

}  // namespace kvbench::tiers
