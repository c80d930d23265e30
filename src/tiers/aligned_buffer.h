// An owned, aligned byte buffer: O_DIRECT needs the memory of every I/O aligned to the logical
// block size (4096 covers every device), and huge-page alignment lets the kernel back large
// DRAM entries with fewer page faults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <new>

namespace kvbench::tiers {

inline constexpr std::size_t kDirectIoAlign = 4096;

inline constexpr std::uint64_t round_up(std::uint64_t v, std::uint64_t align) {
  return (v + align - 1) / align * align;
}

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  // Uninitialised; throws std::bad_alloc.
  explicit AlignedBuffer(std::size_t size, std::size_t align = kDirectIoAlign) : size_(size) {
    void* p = nullptr;
    if (size > 0 && ::posix_memalign(&p, align, size) != 0) throw std::bad_alloc();
    data_.reset(static_cast<std::byte*>(p));
  }
  std::byte* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  explicit operator bool() const { return data_ != nullptr; }

 private:
  struct Free {
    void operator()(std::byte* p) const { std::free(p); }
  };
  std::unique_ptr<std::byte, Free> data_;
  std::size_t size_ = 0;
};

}  // namespace kvbench::tiers
