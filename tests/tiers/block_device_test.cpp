// The block device resolver and counters (tiers/block_device.h): a directory maps to the disks
// whose /sys/block/<disk>/stat count its I/O (partition -> disk, dm/md -> members, tmpfs ->
// none), and on a loop-mounted ext4 image the counters see the O_DIRECT bytes written and read.
#include "tiers/block_device.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "support/loop_image.h"
#include "support/run_binary.h"
#include "tiers/aligned_buffer.h"
#include "tiers/device_cross_check.h"

namespace kvbench::tiers {
namespace {

namespace fs = std::filesystem;
using testing_support::LoopImage;
using testing_support::TempDir;

TEST(BlockDevice, ParsesTheKernelStatFields) {
  // read I/Os, merges, sectors, ticks; write I/Os, merges, sectors, ticks; in flight, io_ticks, ...
  const auto c = parse_disk_stat("  100 5 2048 30   40 2 4096 50 0 700 900 0 0 0 0 12 3\n");
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->read_ios, 100u);
  EXPECT_EQ(c->read_bytes, 2048u * 512);
  EXPECT_EQ(c->write_ios, 40u);
  EXPECT_EQ(c->written_bytes, 4096u * 512);
  EXPECT_EQ(c->busy_ms, 700u);
  EXPECT_FALSE(parse_disk_stat("1 2 3").has_value());
}

TEST(BlockDevice, DeltaSubtractsAndNeverGoesNegative) {
  const DiskCounters a{10, 20, 4096, 8192, 5};
  const DiskCounters b{15, 25, 8192, 8192, 4};
  const DiskCounters d = b - a;
  EXPECT_EQ(d.read_ios, 5u);
  EXPECT_EQ(d.read_bytes, 4096u);
  EXPECT_EQ(d.written_bytes, 0u);
  EXPECT_EQ(d.busy_ms, 0u);  // went backwards (a disk re-attached): 0, not a huge number
}

bool on_block_device(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return false;
  return fs::exists("/sys/dev/block/" + std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev)));
}

// This machine's root file system is ext4 on a virtio disk (vda); elsewhere whatever disk the
// source tree is on. Either way the disks are whole disks with readable counters.
TEST(BlockDevice, ResolvesTheSourceTreeToItsDisk) {
  const std::string dir = KVBENCH_SOURCE_DIR;
  if (!on_block_device(dir)) GTEST_SKIP() << dir << " is not on a block device here";
  const DeviceSet set = resolve_block_devices(dir);
  ASSERT_FALSE(set.disks.empty()) << set.why_none;
  EXPECT_FALSE(set.fs_type.empty());
  EXPECT_FALSE(set.mount_point.empty());
  for (const auto& disk : set.disks) {
    EXPECT_TRUE(fs::exists("/sys/block/" + disk + "/stat")) << disk;
    EXPECT_FALSE(fs::exists("/sys/block/" + disk + "/partition")) << disk << " is a partition, not a disk";
  }
  const DeviceSnapshot snap = snapshot_devices(set);
  EXPECT_TRUE(snap.complete);
  ASSERT_EQ(snap.counters.size(), set.disks.size());
}

TEST(BlockDevice, TmpfsHasNoDevice) {
  const DeviceSet set = resolve_block_devices("/dev/shm");
  if (set.fs_type != "tmpfs") GTEST_SKIP() << "/dev/shm is " << set.fs_type << " here, not tmpfs";
  EXPECT_TRUE(set.disks.empty());
  EXPECT_NE(set.why_none.find("tmpfs"), std::string::npos) << set.why_none;
  const auto j = device_report_json(set, device_delta(snapshot_devices(set), snapshot_devices(set)), {10, 10}, 1.0, 1.0);
  EXPECT_FALSE(j["measured"].get<bool>());
  EXPECT_FALSE(j.contains("read_ratio"));
}

// Reads cut short at the drain reached the device but count in no figure: the cross-check adds
// them to kvbench's side, and the busy share is over the whole measured span (window + drain).
TEST(DeviceCrossCheck, UnfinishedBytesCountOnKvbenchsSide) {
  DeviceSet set;
  set.disks = {"sda"};
  DeviceDelta delta;
  delta.disks = {"sda"};
  delta.total = {10, 20, 1000, 2000, 1500};
  delta.per_disk = {delta.total};
  const auto j = device_report_json(set, delta, {600, 1800, 400, 200}, 1.0, 3.0);
  EXPECT_DOUBLE_EQ(j["read_ratio"].get<double>(), 1.0);
  EXPECT_DOUBLE_EQ(j["write_ratio"].get<double>(), 1.0);
  EXPECT_EQ(j["kvbench_storage_read_bytes"].get<std::uint64_t>(), 600u);
  EXPECT_EQ(j["kvbench_unfinished_read_bytes"].get<std::uint64_t>(), 400u);
  EXPECT_EQ(j["kvbench_unfinished_write_bytes"].get<std::uint64_t>(), 200u);
  EXPECT_DOUBLE_EQ(j["busy_share"].get<double>(), 0.5);
  EXPECT_FALSE(j["reads_served_by_cache"].get<bool>());
}

// A fake sysfs: the test directory's device number is a dm device over a partition of sda and
// the whole disk sdb, so the members are {sda, sdb}; a partition alone resolves to its disk.
void fake_sys(const fs::path& sys, const std::string& majmin, const std::string& target) {
  fs::create_directories(sys / "devices/pci/block/sda/sda1");
  std::ofstream(sys / "devices/pci/block/sda/sda1/partition") << "1\n";
  fs::create_directories(sys / "devices/pci/block/sdb");
  fs::create_directories(sys / "devices/virtual/block/dm-0/slaves/sda1");
  fs::create_directories(sys / "devices/virtual/block/dm-0/slaves/sdb");
  fs::create_directories(sys / "class/block");
  fs::create_directory_symlink("../../devices/pci/block/sda/sda1", sys / "class/block/sda1");
  fs::create_directory_symlink("../../devices/pci/block/sda", sys / "class/block/sda");
  fs::create_directory_symlink("../../devices/pci/block/sdb", sys / "class/block/sdb");
  fs::create_directory_symlink("../../devices/virtual/block/dm-0", sys / "class/block/dm-0");
  fs::create_directories(sys / "dev/block");
  fs::create_directory_symlink(target, sys / "dev/block" / majmin);
  for (const char* disk : {"sda", "sdb"}) {
    fs::create_directories(sys / "block" / disk);
    std::ofstream(sys / "block" / disk / "stat") << "1 0 8 0 2 0 16 0 0 3 0\n";
  }
}

std::string majmin_of(const std::string& dir) {
  struct stat st {};
  EXPECT_EQ(::stat(dir.c_str(), &st), 0);
  return std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev));
}

TEST(BlockDevice, DeviceMapperResolvesToItsMemberDisks) {
  TempDir dir;
  fake_sys(dir.file("sys"), majmin_of(dir.path()), "../../devices/virtual/block/dm-0");
  std::ofstream(dir.file("mountinfo")) << "27 1 254:0 / / rw - ext4 /dev/vda rw\n"
                                       << "90 27 253:0 / " << dir.path() << " rw - xfs /dev/mapper/vg-lv rw\n";
  const SystemPaths paths{dir.file("sys"), dir.file("mountinfo")};
  const DeviceSet set = resolve_block_devices(dir.path(), paths);
  EXPECT_EQ(set.source_device, "dm-0");
  EXPECT_EQ(set.disks, (std::vector<std::string>{"sda", "sdb"}));
  EXPECT_EQ(set.fs_type, "xfs");
  EXPECT_EQ(set.mount_point, dir.path());
  const DeviceSnapshot snap = snapshot_devices(set, paths);
  ASSERT_TRUE(snap.complete);
  EXPECT_EQ(snap.counters[1].written_bytes, 16u * 512);
}

TEST(BlockDevice, PartitionResolvesToItsDisk) {
  TempDir dir;
  fake_sys(dir.file("sys"), majmin_of(dir.path()), "../../devices/pci/block/sda/sda1");
  std::ofstream(dir.file("mountinfo")) << "27 1 8:1 / / rw - ext4 /dev/sda1 rw\n";
  const DeviceSet set = resolve_block_devices(dir.path(), {dir.file("sys"), dir.file("mountinfo")});
  EXPECT_EQ(set.source_device, "sda1");
  EXPECT_EQ(set.disks, (std::vector<std::string>{"sda"}));
  EXPECT_EQ(set.fs_type, "ext4");
}

// A 96 MiB ext4 image on a loop device: nothing else writes to it, so the counters must see the
// 32 MiB written and read back with O_DIRECT within a few percent (journal and metadata).
TEST(BlockDevice, LoopMountedExt4CountsODirectBytes) {
  TempDir dir;
  LoopImage img(dir.path(), 96);
  if (!img.mounted()) GTEST_SKIP() << img.why_not();
  const DeviceSet set = resolve_block_devices(img.mount_point());
  ASSERT_EQ(set.disks.size(), 1u) << set.why_none;
  EXPECT_TRUE(set.disks[0].starts_with("loop")) << set.disks[0];
  EXPECT_EQ(set.fs_type, "ext4");

  constexpr std::size_t kChunk = 1 << 20, kChunks = 32;
  AlignedBuffer buf(kChunk);
  std::memset(buf.data(), 0x5a, kChunk);
  const std::string file = img.mount_point() + "/data";
  ::sync();
  const DeviceSnapshot before = snapshot_devices(set);
  const int fd = ::open(file.c_str(), O_CREAT | O_RDWR | O_DIRECT, 0644);
  ASSERT_GE(fd, 0);
  for (std::size_t i = 0; i < kChunks; ++i)
    ASSERT_EQ(::pwrite(fd, buf.data(), kChunk, static_cast<off_t>(i * kChunk)), static_cast<ssize_t>(kChunk));
  ASSERT_EQ(::fdatasync(fd), 0);
  const DeviceSnapshot written = snapshot_devices(set);
  for (std::size_t i = 0; i < kChunks; ++i)
    ASSERT_EQ(::pread(fd, buf.data(), kChunk, static_cast<off_t>(i * kChunk)), static_cast<ssize_t>(kChunk));
  ::close(fd);
  const DeviceSnapshot read = snapshot_devices(set);

  const double bytes = kChunk * kChunks;
  const DeviceDelta w = device_delta(before, written);
  const DeviceDelta r = device_delta(written, read);
  EXPECT_NEAR(static_cast<double>(w.total.written_bytes) / bytes, 1.0, 0.05) << w.total.written_bytes;
  EXPECT_NEAR(static_cast<double>(r.total.read_bytes) / bytes, 1.0, 0.05) << r.total.read_bytes;
  EXPECT_GT(w.total.write_ios, 0u);
  const auto j = device_report_json(set, device_delta(before, read), {static_cast<std::uint64_t>(bytes),
                                    static_cast<std::uint64_t>(bytes)}, 1.0, 1.0);
  EXPECT_NEAR(j["read_ratio"].get<double>(), 1.0, 0.05);
  EXPECT_FALSE(j["reads_served_by_cache"].get<bool>());
}

// Buffered reads of data still in the page cache: the device reads nothing, and the check says a
// cache served them.
TEST(BlockDevice, BufferedReadsAreFlaggedAsServedByACache) {
  TempDir dir;
  LoopImage img(dir.path(), 96);
  if (!img.mounted()) GTEST_SKIP() << img.why_not();
  const DeviceSet set = resolve_block_devices(img.mount_point());
  ASSERT_EQ(set.disks.size(), 1u) << set.why_none;
  const std::string file = img.mount_point() + "/data";
  std::string block(1 << 20, 'k');
  {
    std::ofstream out(file, std::ios::binary);
    for (int i = 0; i < 16; ++i) out << block;
  }
  const DeviceSnapshot before = snapshot_devices(set);
  std::ifstream in(file, std::ios::binary);
  std::size_t got = 0;
  while (in.read(block.data(), static_cast<std::streamsize>(block.size()))) got += block.size();
  const auto j = device_report_json(set, device_delta(before, snapshot_devices(set)), {got, 0}, 1.0, 1.0);
  EXPECT_EQ(got, 16u << 20);
  EXPECT_TRUE(j["reads_served_by_cache"].get<bool>()) << j.dump();
}

}  // namespace
}  // namespace kvbench::tiers
