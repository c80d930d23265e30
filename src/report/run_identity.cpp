#include "report/run_identity.h"

#include <chrono>
#include <cstdio>
#include <random>
#include <set>

#include "common/fnv1a.h"

namespace kvbench::report {
namespace {

std::string iso_utc(std::int64_t epoch_us) {
  const std::time_t secs = static_cast<std::time_t>(epoch_us / 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];  // g++ 12 -O2 -Werror=format-truncation sizes every field at its widest
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(epoch_us % 1000000));
  return buf;
}

// The commit the binary was built from, where the build knew it (CMake: git rev-parse).
#ifndef KVBENCH_COMMIT
#define KVBENCH_COMMIT ""
#endif
#ifndef KVBENCH_VERSION
#define KVBENCH_VERSION ""
#endif
#ifndef KVBENCH_BUILD_TYPE
#define KVBENCH_BUILD_TYPE ""
#endif

}  // namespace

std::string new_run_id() {
  std::random_device rd;
  const auto now = std::chrono::system_clock::now().time_since_epoch().count();
  const std::uint64_t r = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  return hex64(r ^ static_cast<std::uint64_t>(now) * 0x9E3779B97F4A7C15ULL);
}

std::string kvbench_commit() { return KVBENCH_COMMIT; }

bool flag_outside_workload(const std::string& key) {
  static const std::set<std::string> kOutside = {
      "output", "xlsx_output", "io_trace_log", "http_listen", "http_linger", "log_level",
      "cache_dir", "verify", "progress_interval", "quiet", "fail_on", "drain_timeout", "seed",
      "io_size", "io_depth", "io_engine", "workers", "config",
      // issue 20: how the groups meet, not what each offers (the ranks of one group differ here).
      "group_size", "rank", "peers", "peers_pattern", "barrier_timeout",
      "timeline_interval"};  // how finely the run is sampled, not what it offers
  return kOutside.count(key) > 0;
}

std::string workload_fingerprint(const nlohmann::json& effective_config) {
  nlohmann::json kept = nlohmann::json::object();
  if (effective_config.is_object()) {
    for (const auto& [key, value] : effective_config.items())
      if (!flag_outside_workload(key)) kept[key] = value;
  }
  return fnv1a_hex(kept.dump());  // nlohmann's objects are ordered by key: canonical
}

std::string version_text() {
  std::string text = std::string("kvbench ") + KVBENCH_VERSION + " (commit " +
                     (std::string(KVBENCH_COMMIT).empty() ? "unknown" : KVBENCH_COMMIT);
  if (!std::string(KVBENCH_BUILD_TYPE).empty()) text += std::string(", ") + KVBENCH_BUILD_TYPE;
#if defined(__clang__)
  text += ", clang " __clang_version__;
#elif defined(__GNUC__)
  text += ", g++ " __VERSION__;
#endif
  return text + ")";
}

nlohmann::json run_identity_json(const RunIdentityInputs& in, const HostFacts& host) {
  nlohmann::json cache_dir = nullptr;
  if (!in.cache_dir.empty()) {
    const FileSystemFacts fs = read_file_system_facts(in.cache_dir);
    cache_dir = {{"path", in.cache_dir},      {"mount_point", fs.mount_point},
                 {"file_system", fs.fs_type}, {"source", fs.source},
                 {"size_bytes", fs.size_bytes}};
  }
  return {
      {"run_id", in.run_id},
      {"started_at", iso_utc(in.started_us)},
      {"ended_at", iso_utc(in.ended_us)},
      {"command_line", in.command_line},
      {"effective_config", in.effective_config},
      {"workload_fingerprint", workload_fingerprint(in.effective_config)},
      {"kvbench_version", KVBENCH_VERSION},
      {"kvbench_commit", KVBENCH_COMMIT},
      {"host",
       {{"hostname", host.hostname},
        {"kernel", host.kernel},
        {"machine", host.machine},
        {"cpu_model", host.cpu_model},
        {"cpu_count", host.cpu_count},
        {"memory_bytes", host.memory_bytes}}},
      {"cache_dir", cache_dir},
  };
}

}  // namespace kvbench::report
