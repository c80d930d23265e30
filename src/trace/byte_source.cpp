#include "trace/byte_source.h"

#include <fcntl.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "trace/unique_fd.h"

namespace kvbench::trace {
namespace {

// Reads what is there, retrying EINTR; 0 only at end of file.
std::size_t read_some(int fd, char* out, std::size_t capacity, const std::string& path) {
  for (;;) {
    const ssize_t n = ::read(fd, out, capacity);
    if (n >= 0) return static_cast<std::size_t>(n);
    if (errno != EINTR) {
      throw std::runtime_error("trace file " + path + ": read failed: " + std::strerror(errno));
    }
  }
}

class PlainSource final : public ByteSource {
 public:
  PlainSource(UniqueFd fd, std::string path, std::vector<char> prefix)
      : fd_(std::move(fd)), path_(std::move(path)), prefix_(std::move(prefix)) {}

  std::size_t read(char* out, std::size_t capacity) override {
    if (prefix_pos_ < prefix_.size()) {
      const std::size_t n = std::min(capacity, prefix_.size() - prefix_pos_);
      std::memcpy(out, prefix_.data() + prefix_pos_, n);
      prefix_pos_ += n;
      return n;
    }
    return read_some(fd_.get(), out, capacity, path_);
  }

 private:
  UniqueFd fd_;
  std::string path_;
  std::vector<char> prefix_;  // the bytes read to sniff the magic number
  std::size_t prefix_pos_ = 0;
};

struct DCtxDeleter {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

class ZstdSource final : public ByteSource {
 public:
  ZstdSource(UniqueFd fd, std::string path, std::vector<char> prefix)
      : fd_(std::move(fd)), path_(std::move(path)), dctx_(ZSTD_createDCtx()) {
    if (!dctx_) throw std::bad_alloc();
    // The sniffed magic bytes are the first input the decoder sees.
    const std::size_t prefix_len = prefix.size();
    in_buf_ = std::move(prefix);
    in_buf_.resize(std::max(prefix_len, ZSTD_DStreamInSize()));
    in_ = {in_buf_.data(), prefix_len, 0};
  }

  std::size_t read(char* out, std::size_t capacity) override {
    ZSTD_outBuffer ob{out, capacity, 0};
    for (;;) {
      // Called even with no new input: the decoder may hold output that did not fit last time.
      const std::size_t in_before = in_.pos;
      const std::size_t rc = ZSTD_decompressStream(dctx_.get(), &ob, &in_);
      if (ZSTD_isError(rc)) {
        throw std::runtime_error("trace file " + path_ + ": zstd: " + ZSTD_getErrorName(rc));
      }
      // An idle call between frames asks for the next header; that is not an open frame.
      if (in_.pos != in_before || ob.pos > 0) frame_open_ = rc != 0;
      if (ob.pos > 0) return ob.pos;
      if (in_.pos < in_.size) continue;
      if (input_ended_) break;
      const std::size_t n = read_some(fd_.get(), in_buf_.data(), in_buf_.size(), path_);
      if (n == 0) {
        input_ended_ = true;
        break;
      }
      in_ = {in_buf_.data(), n, 0};
    }
    if (frame_open_) {
      throw std::runtime_error("trace file " + path_ +
                               ": zstd frame is truncated (the writer did not close it)");
    }
    return 0;
  }

 private:
  UniqueFd fd_;
  std::string path_;
  std::unique_ptr<ZSTD_DCtx, DCtxDeleter> dctx_;
  std::vector<char> in_buf_;
  ZSTD_inBuffer in_{};
  bool input_ended_ = false;
  bool frame_open_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> open_source(const std::string& path) {
  const int raw = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (raw < 0) {
    throw std::runtime_error("trace file " + path + ": cannot open: " + std::strerror(errno));
  }
  UniqueFd fd(raw);
  // Sniff the 4-byte magic number; those bytes are handed on, not re-read (pipes cannot seek).
  std::vector<char> prefix(4);
  std::size_t have = 0;
  while (have < prefix.size()) {
    const std::size_t n = read_some(fd.get(), prefix.data() + have, prefix.size() - have, path);
    if (n == 0) break;
    have += n;
  }
  prefix.resize(have);
  static constexpr unsigned char kZstdMagic[4] = {0x28, 0xB5, 0x2F, 0xFD};
  if (have == 4 && std::memcmp(prefix.data(), kZstdMagic, 4) == 0) {
    return std::make_unique<ZstdSource>(std::move(fd), path, std::move(prefix));
  }
  return std::make_unique<PlainSource>(std::move(fd), path, std::move(prefix));
}

}  // namespace kvbench::trace
