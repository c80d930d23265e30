#include "trace/row_count.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "trace/byte_sink.h"
#include "trace/byte_source.h"

namespace kvbench::trace {

std::optional<std::uint64_t> count_complete_rows(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::unique_ptr<ByteSource> in;
  try {
    in = open_source(path);
  } catch (const std::exception&) {
    return std::nullopt;
  }
  std::vector<char> buf(1 << 20);
  std::uint64_t lines = 0;
  std::uint64_t offset = 0;
  std::uint64_t complete_end = 0;  // just past the last line end
  try {
    for (std::size_t n; (n = in->read(buf.data(), buf.size())) > 0; offset += n) {
      for (std::size_t i = 0; i < n; ++i) {
        if (buf[i] != '\n') continue;
        ++lines;
        complete_end = offset + i + 1;
      }
    }
  } catch (const std::runtime_error&) {
    // A truncated zstd frame or a read error: what decoded so far is what the file holds.
  }
  if (!has_zstd_suffix(path) && complete_end < static_cast<std::uint64_t>(st.st_size))
    (void)::truncate(path.c_str(), static_cast<off_t>(complete_end));  // best effort
  return lines > 0 ? lines - 1 : 0;  // the header is not a row
}

}  // namespace kvbench::trace
