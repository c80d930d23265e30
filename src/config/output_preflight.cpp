#include "config/output_preflight.h"

#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <utility>

#include "common/cache_dir_marker.h"
#include "common/output_target.h"

namespace kvbench::config {
namespace {

namespace fs = std::filesystem;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

// The nearest of `p`'s parents (or `p` itself) that exists; "." for a relative path with none.
fs::path nearest_existing(fs::path p) {
  std::error_code ec;
  while (!p.empty() && !fs::exists(fs::symlink_status(p, ec))) p = p.parent_path();
  return p.empty() ? fs::path(".") : p;
}

// Creating a file is the only test that sees every reason a write fails (root passes access()).
std::optional<std::string> cannot_create_in(const fs::path& dir) {
  std::string probe = (dir / ".kvbench-preflight-XXXXXX").string();
  const int fd = ::mkstemp(probe.data());
  if (fd < 0) return std::string(std::strerror(errno));
  ::close(fd);
  ::unlink(probe.c_str());
  return std::nullopt;
}

std::string gib(double bytes) {
  std::ostringstream os;
  os.setf(std::ios::fixed);
  os.precision(1);
  os << bytes / kGiB << " GiB";
  return os.str();
}

std::string number(double v) {
  std::ostringstream os;
  os.precision(15);  // 500 and 2.5 as written, not 5e+02
  os << v;
  return os.str();
}

}  // namespace

std::optional<std::string> unwritable_output(const std::string& flag, const std::string& path) {
  const std::string head = flag + " '" + path + "': ";
  const OutputTarget target = resolve_output(path);  // symlinks followed, devices kept
  if (target.kind == OutputKind::Refused) return head + target.refusal;
  if (target.in_place()) {  // written where it stands: only the right to write it matters
    if (::access(path.c_str(), W_OK) != 0) return head + "cannot be written: " + std::strerror(errno);
    return std::nullopt;
  }
  const fs::path real(target.path);
  if (target.kind == OutputKind::RegularFile) {
    if (::access(real.c_str(), W_OK) != 0) return head + "the file exists and cannot be written: " + std::strerror(errno);
    if (const auto why = cannot_create_in(real.parent_path()))  // results are renamed into place
      return head + "cannot create files in '" + real.parent_path().string() + "': " + *why;
    return std::nullopt;
  }
  std::error_code ec;
  const fs::path folder = nearest_existing(real.parent_path());
  if (!fs::is_directory(folder, ec)) return head + "'" + folder.string() + "' is a file, not a directory";
  if (const auto why = cannot_create_in(folder))
    return head + "cannot create files in '" + folder.string() + "': " + *why;
  return std::nullopt;
}

std::optional<std::string> shared_output_path(const RunConfig& cfg) {
  std::vector<std::pair<std::string, std::string>> outputs{{"--output", cfg.output}};
  if (cfg.io_trace_log) outputs.emplace_back("--io-trace-log", *cfg.io_trace_log);
  if (cfg.xlsx_output) {
    // The spreadsheet writes the .xlsx or, without that suffix or when the XLSX fails, a .csv
    // beside it (report/xlsx_export.cpp, csv_path_for): both are its files.
    const std::string& x = *cfg.xlsx_output;
    const bool xlsx = x.size() >= 5 && x.compare(x.size() - 5, 5, ".xlsx") == 0;
    const bool csv = x.size() >= 4 && x.compare(x.size() - 4, 4, ".csv") == 0;
    if (xlsx || csv) outputs.emplace_back("--xlsx-output", x);
    if (xlsx) outputs.emplace_back("--xlsx-output", x.substr(0, x.size() - 5) + ".csv");
    if (!xlsx && !csv) outputs.emplace_back("--xlsx-output", x + ".csv");
  }
  for (std::size_t i = 0; i < outputs.size(); ++i)
    for (std::size_t k = i + 1; k < outputs.size(); ++k)
      if (outputs[i].first != outputs[k].first && same_output_file(outputs[i].second, outputs[k].second))
        return outputs[i].first + " '" + outputs[i].second + "' and " + outputs[k].first + " '" +
               outputs[k].second + "' are the same file: one would overwrite the other; give each its own path";
  return std::nullopt;
}

std::optional<std::uint64_t> free_bytes_for_cache(const std::string& dir) {
  const fs::path existing = nearest_existing(fs::absolute(dir));
  struct statvfs st {};
  if (::statvfs(existing.c_str(), &st) != 0) return std::nullopt;
  std::uint64_t bytes = static_cast<std::uint64_t>(st.f_bavail) * st.f_frsize;
  std::error_code ec;
  if (existing == fs::absolute(dir) && fs::exists(existing / kCacheDirMarkerName, ec))  // only those are cleaned
    for (const auto& e : fs::directory_iterator(existing, ec))
      if (e.path().extension() == ".kv" && e.is_regular_file(ec)) {
        struct stat st_file {};
        // Allocated bytes, not the apparent size: a sparse file frees only what it holds.
        if (::stat(e.path().c_str(), &st_file) == 0) bytes += static_cast<std::uint64_t>(st_file.st_blocks) * 512;
      }
  return bytes;
}

std::vector<std::string> preflight_errors(const RunConfig& cfg) {
  std::vector<std::string> errors;
  auto check = [&](const std::string& flag, const std::string& path) {
    if (auto why = unwritable_output(flag, path)) errors.push_back(*why);
  };
  check("--output", cfg.output);
  if (cfg.xlsx_output) check("--xlsx-output", *cfg.xlsx_output);
  if (cfg.io_trace_log) check("--io-trace-log", *cfg.io_trace_log);
  if (auto why = shared_output_path(cfg)) errors.push_back(*why);
  // A bucket has no free space to compare with (the S3 backend takes the capacity as given).
  if (!cfg.trace_mode() && cfg.storage_capacity_gb > 0 && cfg.backends.storage == tiers::StorageBackendKind::File) {
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = cfg.backends.file.dir ? *cfg.backends.file.dir : (tmp && *tmp ? tmp : "/tmp");
    const std::string where = cfg.backends.file.dir ? "--cache-dir '" + dir + "'" : "the temporary cache directory's file system ('" + dir + "')";
    const auto free_bytes = free_bytes_for_cache(dir);
    if (free_bytes && cfg.storage_capacity_gb * kGiB > static_cast<double>(*free_bytes))
      errors.push_back("--storage-capacity-gb " + number(cfg.storage_capacity_gb) + " is more than the free space of " +
                       where + " (" + gib(static_cast<double>(*free_bytes)) + " free)");
  }
  return errors;
}

}  // namespace kvbench::config
