// A small ext4 file system on a loop device, mounted under a test's directory: nothing but the
// test does I/O on it, so its /sys/block/loopN/stat counters are exact. Needs root (mount -o
// loop), mkfs.ext4 and a free loop device; where any is missing, mounted() is false and why_not()
// says why, for GTEST_SKIP.
#pragma once

#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace kvbench::testing_support {

class LoopImage {
 public:
  // An image of `mib` MiB at dir/fs.img, mounted at dir/mnt with `options` (mount -o, after
  // "loop"). Its inode tables and journal are initialised by mkfs (not lazily by a kernel
  // thread later), so no background I/O lands on it.
  LoopImage(const std::string& dir, int mib, const std::string& options = "")
      : image_(dir + "/fs.img"), mount_(dir + "/mnt") {
    if (::geteuid() != 0) {
      why_ = "needs root for mount -o loop";
      return;
    }
    std::filesystem::create_directories(mount_);
    const std::string make = "truncate -s " + std::to_string(mib) + "M " + image_ +
                             " && mkfs.ext4 -q -F -E lazy_itable_init=0,lazy_journal_init=0 " + image_ +
                             " >/dev/null 2>&1 && mount -o loop" + (options.empty() ? "" : "," + options) + " " + image_ + " " +
                             mount_ + " 2>/dev/null";
    if (std::system(make.c_str()) != 0) {
      why_ = "cannot make and loop-mount an ext4 image here (mkfs.ext4, losetup or mount failed)";
      return;
    }
    mounted_ = true;
  }
  ~LoopImage() {
    // -o loop detaches the device once unmounted; a lazy unmount where something still holds it.
    if (mounted_ && ::umount2(mount_.c_str(), 0) != 0) ::umount2(mount_.c_str(), MNT_DETACH);
  }
  LoopImage(const LoopImage&) = delete;
  LoopImage& operator=(const LoopImage&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& why_not() const { return why_; }
  const std::string& mount_point() const { return mount_; }

  // Makes ext4 report an error of its own, as a failing disk does; mounted with
  // errors=remount-ro, the file system turns read-only at once under the open files. False where
  // the kernel has no such knob.
  bool force_error() const {
    const std::string dev = std::filesystem::path(loop_device()).filename();
    std::ofstream knob("/sys/fs/ext4/" + dev + "/trigger_fs_error");
    return static_cast<bool>(knob << "1" << std::flush);
  }

 private:
  // The loop device behind the mount point (/dev/loopN), from /proc/self/mounts.
  std::string loop_device() const {
    std::ifstream mounts("/proc/self/mounts");
    std::string source, target, rest;
    while (mounts >> source >> target && std::getline(mounts, rest))
      if (target == std::filesystem::canonical(mount_).string()) return source;
    return "";
  }

  std::string image_, mount_, why_;
  bool mounted_ = false;
};

}  // namespace kvbench::testing_support
