#include "convert/output_files.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <system_error>

namespace kvbench::convert {

std::string prepare_dir(const std::string& flag, const std::string& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (dir.empty()) throw std::runtime_error(flag + " is empty");
  fs::create_directories(dir, ec);
  if (ec) throw std::runtime_error(flag + " " + dir + ": cannot create: " + ec.message());
  if (!fs::is_directory(dir, ec)) throw std::runtime_error(flag + " " + dir + ": not a directory");
  const fs::path absolute = fs::absolute(dir, ec);
  if (ec) throw std::runtime_error(flag + " " + dir + ": " + ec.message());
  std::string text = absolute.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::ofstream open_output(const std::string& flag, const std::string& path) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    const int error = errno;
    throw std::runtime_error(flag + " " + path + ": cannot write: " +
                             (error != 0 ? std::strerror(error) : "open failed"));
  }
  return out;
}

}  // namespace kvbench::convert
