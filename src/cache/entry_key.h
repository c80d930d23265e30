// The key of one cache entry, stored inside the entry. A trace-mode run with an unlimited NVMe
// tier keeps every entry it ever wrote (hundreds of thousands), so the bytes per entry decide
// the run's memory: a std::string key would cost a heap block per entry, since keys such as
// "conv_user_0033_1795544098213_turn_1" are longer than its small-string buffer. Keys up to
// kInline bytes live in place; a longer one gets one heap block.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace kvbench::cache {

class EntryKey {
 public:
  static constexpr std::size_t kInline = 38;

  EntryKey() = default;
  EntryKey(const EntryKey&) = delete;
  EntryKey& operator=(const EntryKey&) = delete;
  ~EntryKey() { clear(); }

  void assign(std::string_view key) {
    clear();
    if (key.size() <= kInline) {
      std::memcpy(bytes_, key.data(), key.size());
      len_ = static_cast<std::uint16_t>(key.size());
      return;
    }
    // Length-prefixed, so that keys of any length fit without widening every entry.
    char* block = new char[sizeof(std::size_t) + key.size()];
    const std::size_t n = key.size();
    std::memcpy(block, &n, sizeof n);
    std::memcpy(block + sizeof n, key.data(), n);
    std::memcpy(bytes_, &block, sizeof block);
    len_ = kOnHeap;
  }

  void clear() {
    if (len_ == kOnHeap) delete[] heap_block();
    len_ = 0;
  }

  std::string_view view() const {
    if (len_ != kOnHeap) return {bytes_, len_};
    const char* block = heap_block();
    std::size_t n = 0;
    std::memcpy(&n, block, sizeof n);
    return {block + sizeof n, n};
  }

 private:
  static constexpr std::uint16_t kOnHeap = 0xFFFF;

  char* heap_block() const {
    char* block = nullptr;
    std::memcpy(&block, bytes_, sizeof block);
    return block;
  }

  // The key itself, or (kOnHeap) the pointer to its block: bytes, not a union with a pointer,
  // so that the key is 2-aligned and packs into Entry without padding.
  char bytes_[kInline];
  std::uint16_t len_ = 0;  // bytes of the key in bytes_, or kOnHeap
};

static_assert(sizeof(EntryKey) == 40, "an entry key is 40 bytes: 38 inline + the length");

}  // namespace kvbench::cache
