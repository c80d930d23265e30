// Streams the trace through one zstd compression context into the file: one frame for the whole
// run, finalised only by finish(), as the reference's python-zstandard stream writer does.
#include <zstd.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "trace/byte_sink.h"
#include "trace/file_io.h"

namespace kvbench::trace {
namespace {

struct CCtxDeleter {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
using CCtxPtr = std::unique_ptr<ZSTD_CCtx, CCtxDeleter>;

void check(std::size_t rc, const char* what) {
  if (ZSTD_isError(rc)) {
    // Not an OS error, but callers report std::system_error; EIO is the nearest errno.
    throw std::system_error(EIO, std::generic_category(),
                            std::string(what) + ": " + ZSTD_getErrorName(rc));
  }
}

class ZstdSink final : public ByteSink {
 public:
  ZstdSink(UniqueFd fd, int level) : fd_(std::move(fd)), cctx_(ZSTD_createCCtx()) {
    if (!cctx_) throw std::bad_alloc();
    check(ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_compressionLevel, level), "zstd level");
    check(ZSTD_CCtx_setParameter(cctx_.get(), ZSTD_c_checksumFlag, 0), "zstd checksum");
    // Several compressed blocks per write(2): fewer syscalls than one per 128 KiB zstd block.
    out_.resize(4 * ZSTD_CStreamOutSize());
  }

  void write(std::span<const std::string_view> pieces) override {
    for (const std::string_view piece : pieces) {
      ZSTD_inBuffer in{piece.data(), piece.size(), 0};
      while (in.pos < in.size) compress(in, ZSTD_e_continue);
    }
  }

  void finish() override {
    if (!fd_.valid()) return;
    ZSTD_inBuffer in{nullptr, 0, 0};
    while (compress(in, ZSTD_e_end) != 0) {
    }
    flush_out();
    sync_and_close(fd_);
  }

 private:
  // Returns what ZSTD_compressStream2 returns: for ZSTD_e_end, the bytes still to flush.
  std::size_t compress(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    if (out_.size() - out_pos_ < ZSTD_CStreamOutSize()) flush_out();
    ZSTD_outBuffer out{out_.data(), out_.size(), out_pos_};
    const std::size_t rc = ZSTD_compressStream2(cctx_.get(), &out, &in, mode);
    check(rc, "zstd compress");
    out_pos_ = out.pos;
    return rc;
  }

  void flush_out() {
    if (out_pos_ == 0) return;
    const std::string_view piece(out_.data(), out_pos_);
    write_fully(fd_.get(), std::span<const std::string_view>(&piece, 1));
    out_pos_ = 0;
  }

  UniqueFd fd_;
  CCtxPtr cctx_;
  std::vector<char> out_;
  std::size_t out_pos_ = 0;
};

}  // namespace

std::unique_ptr<ByteSink> make_zstd_sink(UniqueFd fd, int level) {
  return std::make_unique<ZstdSink>(std::move(fd), level);
}

}  // namespace kvbench::trace
