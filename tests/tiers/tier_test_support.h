// Helpers for the tier tests: sinks and sources with known bytes, and a small tmpfs to fill up.
#pragma once

#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/vfs.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "datagen/payload.h"
#include "tiers/tier.h"

namespace kvbench::tiers::testing {

inline constexpr std::uint64_t kSeed = 42;

// Keeps every byte it is given, where it belongs; counts the pieces.
class CollectSink final : public ByteSink {
 public:
  CollectSink(std::uint64_t offset, std::uint64_t len) : base_(offset), bytes_(len) {}
  void take(std::uint64_t offset, const std::byte* src, std::size_t len) override {
    if (offset < base_ || offset + len > base_ + bytes_.size()) throw std::logic_error("piece outside the range");
    std::memcpy(bytes_.data() + (offset - base_), src, len);
    delivered_ += len;
    ++pieces_;
  }
  const std::vector<std::byte>& bytes() const { return bytes_; }
  std::uint64_t delivered() const { return delivered_; }
  int pieces() const { return pieces_; }

 private:
  std::uint64_t base_;
  std::vector<std::byte> bytes_;
  std::uint64_t delivered_ = 0;
  int pieces_ = 0;
};

// The payload of `seed`, failing after `fail_after` bytes when that is set.
class SeededSource final : public ByteSource {
 public:
  explicit SeededSource(std::uint64_t seed, std::uint64_t fail_after = ~std::uint64_t{0})
      : seed_(seed), fail_after_(fail_after) {}
  void fill(std::uint64_t offset, std::byte* dst, std::size_t len) override {
    if (offset + len > fail_after_) throw std::runtime_error("injected source failure");
    datagen::fill(seed_, offset, dst, len);
    produced_ += len;
  }
  std::uint64_t produced() const { return produced_; }

 private:
  std::uint64_t seed_;
  std::uint64_t fail_after_;
  std::uint64_t produced_ = 0;
};

inline bool matches_payload(std::uint64_t seed, std::uint64_t offset, const std::vector<std::byte>& bytes) {
  return datagen::verify(seed, offset, bytes.data(), bytes.size()) == datagen::npos;
}

// A tmpfs of `bytes` mounted at `dir` for the test's lifetime; ok() is false where mounting
// is not allowed (not root, no CAP_SYS_ADMIN in a container), and the test then skips.
class SmallTmpfs {
 public:
  SmallTmpfs(const std::string& dir, std::uint64_t bytes) : dir_(dir) {
    ::mkdir(dir.c_str(), 0755);
    const std::string opts = "size=" + std::to_string(bytes);
    ok_ = ::mount("tmpfs", dir.c_str(), "tmpfs", 0, opts.c_str()) == 0;
    if (!ok_) why_ = std::strerror(errno);
  }
  ~SmallTmpfs() {
    if (ok_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  SmallTmpfs(const SmallTmpfs&) = delete;
  SmallTmpfs& operator=(const SmallTmpfs&) = delete;
  bool ok() const { return ok_; }
  const std::string& why() const { return why_; }

 private:
  std::string dir_;
  bool ok_ = false;
  std::string why_;
};

inline bool on_tmpfs(const std::string& path) {
  struct statfs st {};
  return ::statfs(path.c_str(), &st) == 0 && st.f_type == 0x01021994;  // TMPFS_MAGIC
}

}  // namespace kvbench::tiers::testing
