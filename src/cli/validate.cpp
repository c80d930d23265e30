#include "cli/validate.h"

#include <unistd.h>

#include <array>
#include <cstdlib>
#include <filesystem>

#include "cli/run_limits.h"
#include "common/did_you_mean.h"
#include "common/listen_address.h"
#include "common/peer_list.h"
#include "config/input_file.h"

namespace kvbench::cli {

bool is_system_directory(const std::string& absolute_path) {
  // Real path components, not the reference's string prefix test (which also refused
  // "/devel" and "/etcetera"): "/dev" and "/dev/x" are system paths, "/devel" is not.
  static constexpr std::array<const char*, 10> kSystem = {
      "/etc", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/boot", "/sys", "/proc", "/dev", "/root"};
  // Refused as themselves, though a folder of kvbench's own may sit below them (issue 15 item 7:
  // `--cache-dir /` and `/usr` were taken, and the start-up clean ran there): `/`, the other
  // standard top-level directories, the standard children of /usr and /var, and $HOME itself.
  static constexpr std::array<const char*, 27> kSystemItself = {
      "/",          "/home",      "/lib",       "/lib32",     "/lib64",       "/libx32",  "/media",
      "/mnt",       "/opt",       "/run",       "/srv",       "/tmp",         "/usr",     "/var",
      "/lost+found", "/snap",     "/usr/lib",   "/usr/lib64", "/usr/local",   "/usr/share", "/usr/include",
      "/usr/src",   "/var/lib",   "/var/log",   "/var/tmp",   "/var/cache",   "/var/spool"};
  std::string path = absolute_path;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  for (const char* sys : kSystemItself)
    if (path == sys) return true;
  const char* home = std::getenv("HOME");
  std::error_code ec;
  if (home != nullptr && *home != '\0' && std::filesystem::weakly_canonical(home, ec) == path && !ec) return true;
  for (const char* sys : kSystem) {
    const std::string s(sys);
    if (absolute_path == s) return true;
    if (absolute_path.size() > s.size() && absolute_path.compare(0, s.size(), s) == 0 &&
        absolute_path[s.size()] == '/')
      return true;
  }
  return false;
}

namespace {

// The input files a run reads whole: a FIFO would block the run in open(), where no signal
// ends it, and a device such as /dev/zero never ends. A missing file or a directory is left
// to the reader, which says what it expected.
void check_input_files(const config::RunConfig& cfg, std::vector<std::string>& errors) {
  const auto check = [&](const char* flag, const std::string& path) {
    if (const auto kind = config::special_file_kind(path))
      errors.push_back(std::string(flag) + " '" + path + "': is " + *kind + ", not a regular file");
  };
  if (cfg.dataset_path) check("--dataset-path", *cfg.dataset_path);
  if (cfg.use_burst_trace) check("--burst-trace-path", cfg.burst_trace_path);
  if (cfg.validation_trace) check("--validation-trace", *cfg.validation_trace);
  if (cfg.mooncake_trace) check("--mooncake-trace", *cfg.mooncake_trace);
}

// issue 20: the start barrier's flags (README, "Several tensor-parallel groups").
void check_group(const config::RunConfig& cfg, std::vector<std::string>& errors) {
  const bool named = !cfg.peers.empty() || !cfg.peers_pattern.empty();
  if (cfg.group_size <= 1) {
    if (named) errors.push_back("--peers/--peers-pattern need --group-size N (N > 1): the number of groups");
    return;
  }
  std::string why;
  if (!resolve_peers(cfg.peers, cfg.peers_pattern, cfg.group_size, why))
    errors.push_back("--group-size " + std::to_string(cfg.group_size) + ": " + why);
  if (cfg.rank >= cfg.group_size)
    errors.push_back("--rank " + std::to_string(cfg.rank) + " must be < --group-size " + std::to_string(cfg.group_size));
  if (!cfg.http_listen)
    errors.push_back("--group-size needs --http-listen: the peers read each other's /readyz");
  if (cfg.clock == config::ClockKind::Virtual)
    errors.push_back("--group-size needs the wall clock: a virtual-clock run has no instant to share");
}

}  // namespace

void validate_run_config(const config::RunConfig& cfg, std::vector<std::string>& errors,
                         std::vector<std::string>& warnings) {
  check_input_files(cfg, errors);
  check_run_limits(cfg, read_process_room(), errors, warnings);
  // A Mooncake trace is block traffic: its blocks need a size.
  if (cfg.mooncake_trace && cfg.block_tokens && *cfg.block_tokens == 0)
    errors.push_back("--block-tokens 0 with --mooncake-trace: the trace's hash_ids name blocks (512 tokens in its release); "
                     "give a block size or leave the flag out");
  // Each document's plan and chunk keys stay in memory for the run (docs/errors.md, "Input caps").
  if (cfg.enable_rag && cfg.rag_num_docs > kMaxRagDocuments)
    errors.push_back("--rag-num-docs " + std::to_string(cfg.rag_num_docs) + " is more than the cap of " +
                     std::to_string(kMaxRagDocuments) + " documents");
  if (cfg.tensor_parallel > cfg.num_gpus)
    errors.push_back("--tensor-parallel (" + std::to_string(cfg.tensor_parallel) +
                     ") must be <= --num-gpus (" + std::to_string(cfg.num_gpus) + ")");
  if ((cfg.tensor_parallel & (cfg.tensor_parallel - 1)) != 0)
    warnings.push_back("--tensor-parallel " + std::to_string(cfg.tensor_parallel) +
                       " is not a power of 2; real deployments rarely use such a degree");
  if (cfg.prefill_only && cfg.decode_only)
    errors.push_back("--prefill-only and --decode-only are mutually exclusive");
  if (cfg.clock == config::ClockKind::Virtual && !cfg.trace_mode())
    errors.push_back("--clock virtual needs trace mode (--io-trace-log): real I/O is timed on the wall clock");
  if (cfg.http_listen && !parse_listen_address(*cfg.http_listen))
    errors.push_back("--http-listen: expected HOST:PORT with an IPv4 address or host name and a port "
                     "in 0..65535, e.g. 127.0.0.1:9866 or 0.0.0.0:0 (got '" + *cfg.http_listen + "')");
  if (cfg.http_linger > 0 && !cfg.http_listen)
    warnings.push_back("--http-linger has no effect without --http-listen");
  check_group(cfg, errors);
  if (cfg.backends.file.io_size % 4096 != 0)
    errors.push_back("--io-size must be a multiple of 4096 (O_DIRECT alignment), got " + std::to_string(cfg.backends.file.io_size));
  if (cfg.trace_mode() && cfg.verify)
    warnings.push_back("--verify has no effect in trace mode: no bytes are read");
  if (!cfg.settings.find_model(cfg.model)) {
    std::string keys;
    std::vector<std::string> known;
    for (const auto& m : cfg.settings.models) {
      keys += (keys.empty() ? "" : ", ") + m.key;
      known.push_back(m.key);
    }
    const std::string near = nearest_word(cfg.model, known);
    errors.push_back("--model: unknown model '" + cfg.model + "' (known: " + keys + ")" +
                     (near.empty() ? "" : "; did you mean " + near + "?"));
  }
  if (cfg.backends.file.dir) {
    std::error_code ec;
    const auto abs = std::filesystem::weakly_canonical(std::filesystem::absolute(*cfg.backends.file.dir), ec);
    const std::string path = ec ? *cfg.backends.file.dir : abs.string();
    if (is_system_directory(path)) {
      errors.push_back("--cache-dir '" + *cfg.backends.file.dir + "' cannot be a system directory");
    } else {
      const auto parent = std::filesystem::path(path).parent_path();
      if (std::filesystem::exists(parent, ec) && ::access(parent.c_str(), W_OK) != 0)
        errors.push_back("--cache-dir '" + *cfg.backends.file.dir + "': parent directory '" +
                         parent.string() + "' is not writable");
    }
  }
}

}  // namespace kvbench::cli
