// Writing the results JSON to its file: atomically (a temporary file renamed over the path)
// where the path is a regular file or absent, in place where it is a device or a FIFO
// (common/output_target.h), streamed through a small buffer so the document is never held twice.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>

#include "common/output_target.h"
#include "report/reference_json.h"
#include "report/results_json.h"

namespace kvbench::report {
namespace {

using nlohmann::json;

void throw_io(const std::string& what, const std::string& path, int err) {
  throw std::runtime_error("cannot write results file '" + path + "': " + what + ": " +
                           std::strerror(err));
}

// Closes the descriptor on every path out, including exceptions.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// nlohmann's output protocol over a file descriptor, buffered; throws std::system_error.
class FdWriter final : public nlohmann::detail::output_adapter_protocol<char> {
 public:
  explicit FdWriter(int fd) : fd_(fd) { buf_.reserve(kBuffer); }
  void write_character(char c) override {
    buf_.push_back(c);
    if (buf_.size() >= kBuffer) flush();
  }
  void write_characters(const char* s, std::size_t n) override {
    buf_.append(s, n);
    if (buf_.size() >= kBuffer) flush();
  }
  void flush() {
    std::string_view rest(buf_);
    while (!rest.empty()) {
      const ssize_t n = ::write(fd_, rest.data(), rest.size());
      if (n < 0) {
        if (errno == EINTR) continue;
        throw std::system_error(errno, std::generic_category());
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    buf_.clear();
  }

 private:
  static constexpr std::size_t kBuffer = 64 * 1024;
  int fd_;
  std::string buf_;
};

// Serialized straight into the file through a small buffer: the raw latency lists make the text
// several MiB, and holding it in memory as well would double the run's peak RSS.
void serialize_into(int fd, const json& doc, const std::string& path) {
  auto out = std::make_shared<FdWriter>(fd);
  try {
    // error_handler::replace: a stray invalid UTF-8 byte (e.g. in a trace path) must not
    // lose the whole result file.
    dump_reference_ordered(doc, out);  // the reference's key order (its serializer replaces too)
    out->write_character('\n');
    out->flush();
  } catch (const std::system_error& e) {
    throw_io("write", path, e.code().value());
  }
}

// A character device or a FIFO (/dev/null, /dev/stdout): written in place, since a rename
// would replace the device node itself (common/output_target.h).
void write_in_place(const OutputTarget& target, const std::string& path, const json& doc) {
  Fd f;
  f.fd = open_output_in_place(target);
  if (f.fd < 0) {
    const int err = errno;
    throw_io(err == ENXIO ? "no process reads the FIFO" : "open", path, err);
  }
  serialize_into(f.fd, doc, path);
  const int fd = f.fd;
  f.fd = -1;
  if (::close(fd) != 0) throw_io("close", path, errno);
}

}  // namespace

void write_results_file(const std::string& path, const json& doc) {
  namespace fs = std::filesystem;
  const OutputTarget target = resolve_output(path);
  if (target.kind == OutputKind::Refused)
    throw std::runtime_error("cannot write results file '" + path + "': it " + target.refusal);
  if (target.in_place()) return write_in_place(target, path, doc);
  // A symlink is followed: the temp file is made beside the file it names and renamed over
  // that file, so the link itself stays.
  const fs::path real(target.path);
  if (real.has_parent_path()) {
    std::error_code ec;
    fs::create_directories(real.parent_path(), ec);
    if (ec)
      throw_io("cannot create folder '" + real.parent_path().string() + "'", path, ec.value());
  }
  const std::string tmp = target.path + ".tmp." + std::to_string(::getpid());
  {
    Fd f;
    f.fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f.fd < 0) throw_io("open '" + tmp + "'", path, errno);
    try {
      serialize_into(f.fd, doc, path);
    } catch (...) {
      ::unlink(tmp.c_str());
      throw;
    }
    // Durable before it becomes visible: a reader never sees a half-written result.
    if (::fsync(f.fd) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      throw_io("fsync", path, err);
    }
    const int fd = f.fd;
    f.fd = -1;
    if (::close(fd) != 0) {
      const int err = errno;
      ::unlink(tmp.c_str());
      throw_io("close", path, err);
    }
  }
  if (::rename(tmp.c_str(), target.path.c_str()) != 0) {
    const int err = errno;
    ::unlink(tmp.c_str());
    throw_io("rename", path, err);
  }
}

}  // namespace kvbench::report
