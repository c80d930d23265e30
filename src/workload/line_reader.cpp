#include "workload/line_reader.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace kvbench::workload {

LineReader::LineReader(const std::string& path, std::size_t buffer_bytes) : buf_(buffer_bytes) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) error_ = std::strerror(errno);
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::fill() {
  for (;;) {
    const ssize_t n = ::read(fd_, buf_.data(), buf_.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error_ = std::strerror(errno);
      eof_ = true;
      return false;
    }
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    if (n == 0) eof_ = true;
    return n > 0;
  }
}

bool LineReader::next(std::string_view& line, bool& too_long) {
  too_long = false;
  if (fd_ < 0) return false;
  line_.clear();
  bool have_any = false;
  for (;;) {
    if (pos_ == end_ && (eof_ || !fill())) {
      if (!have_any) return false;
      break;  // last line without a newline
    }
    have_any = true;
    const char* start = buf_.data() + pos_;
    const void* nl = std::memchr(start, '\n', end_ - pos_);
    const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : end_ - pos_;
    if (nl && line_.empty() && !too_long) {
      // The common case: the whole line is in the buffer; no copy.
      line = std::string_view(start, take);
      pos_ += take + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      return true;
    }
    const std::size_t room = kMaxLine > line_.size() ? kMaxLine - line_.size() : 0;
    if (take > room) too_long = true;
    line_.append(start, take < room ? take : room);
    pos_ += take + (nl ? 1 : 0);
    if (nl) break;
  }
  line = line_;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

}  // namespace kvbench::workload
