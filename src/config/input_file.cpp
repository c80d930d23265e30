#include "config/input_file.h"

#include <sys/stat.h>

namespace kvbench::config {

std::optional<std::string> special_file_kind(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::nullopt;  // stat() never blocks, open() may
  if (S_ISFIFO(st.st_mode)) return "a FIFO";
  if (S_ISCHR(st.st_mode)) return "a character device";
  if (S_ISBLK(st.st_mode)) return "a block device";
  if (S_ISSOCK(st.st_mode)) return "a socket";
  return std::nullopt;
}

}  // namespace kvbench::config
