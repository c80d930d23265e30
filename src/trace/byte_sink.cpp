#include "trace/byte_sink.h"

#include "trace/file_io.h"

namespace kvbench::trace {
namespace {

// Unbuffered on purpose: the writer thread already hands over 64 KiB blocks, gathered.
class PlainSink final : public ByteSink {
 public:
  explicit PlainSink(UniqueFd fd) : fd_(std::move(fd)) {}
  void write(std::span<const std::string_view> pieces) override { write_fully(fd_.get(), pieces); }
  void finish() override { sync_and_close(fd_); }

 private:
  UniqueFd fd_;
};

}  // namespace

bool has_zstd_suffix(std::string_view path) {
  constexpr std::string_view kSuffix = ".zst";
  const auto slash = path.find_last_of('/');
  const std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  // Python's Path.suffix: a leading dot alone (".zst") is a hidden file's name, not a suffix.
  return name.size() > kSuffix.size() && name.ends_with(kSuffix);
}

std::unique_ptr<ByteSink> make_plain_sink(UniqueFd fd) {
  return std::make_unique<PlainSink>(std::move(fd));
}

std::unique_ptr<ByteSink> open_sink(const std::string& path, int zstd_level) {
  UniqueFd fd = create_trace_file(path);
  if (has_zstd_suffix(path)) return make_zstd_sink(std::move(fd), zstd_level);
  return make_plain_sink(std::move(fd));
}

}  // namespace kvbench::trace
