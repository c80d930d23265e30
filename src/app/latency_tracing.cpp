#include "app/latency_tracing.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "common/log.h"
#include "stats/bpftrace_histogram.h"

namespace kvbench::app {

// Reads and writes apart (rwbs starts with R, or has W first or after a flush F); latencies in
// microseconds. The start map is cleared at the end so that bpftrace prints only histograms.
const char* const kBlockLatencyProgram = R"(tracepoint:block:block_rq_issue { @issued[args->dev, args->sector] = nsecs; }
tracepoint:block:block_rq_complete /@issued[args->dev, args->sector]/ {
  $us = (nsecs - @issued[args->dev, args->sector]) / 1000;
  if (args->rwbs[0] == 82) { @d2c_read_us = hist($us); }
  if (args->rwbs[0] == 87 || args->rwbs[1] == 87) { @d2c_write_us = hist($us); }
  @request_bytes = hist(args->nr_sector * 512);
  delete(@issued[args->dev, args->sector]);
}
END { clear(@issued); }
)";

namespace {

constexpr auto kAttachTimeout = std::chrono::seconds(20);
constexpr auto kExitTimeout = std::chrono::seconds(10);

std::string find_on_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string temp_path(const char* stem) {
  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir && *dir ? dir : "/tmp") + "/" + stem + "XXXXXX";
  std::vector<char> buf(path.begin(), path.end());
  buf.push_back('\0');
  const int fd = mkstemp(buf.data());
  if (fd < 0) return "";
  close(fd);
  return buf.data();
}

// The last non-empty line bpftrace wrote: its reason for stopping.
std::string last_line(const std::string& text) {
  std::istringstream in(text);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

// Waits up to `limit` for `pid`; true when it exited (its status then reaped).
bool wait_exit(pid_t pid, std::chrono::steady_clock::duration limit) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

void warn_unavailable(const std::string& why) {
  log::warning("--enable-latency-tracing: " + why + "; running without device latency tracing");
}

}  // namespace

bool LatencyTracing::start() {
  const char* chosen = std::getenv("KVBENCH_BPFTRACE");
  tool_ = find_on_path(chosen && *chosen ? chosen : "bpftrace");
  if (tool_.empty()) {
    warn_unavailable("bpftrace not found (Debian package bpftrace; or set KVBENCH_BPFTRACE)");
    return false;
  }
  program_path_ = temp_path("kvbench-bpftrace-prog-");
  output_path_ = temp_path("kvbench-bpftrace-out-");
  if (program_path_.empty() || output_path_.empty()) {
    warn_unavailable("cannot create its temporary files");
    return false;
  }
  std::ofstream(program_path_) << kBlockLatencyProgram;
  pid_ = fork();
  if (pid_ == 0) {
    // The run blocks its stop signals (app/command_table.h); bpftrace must get SIGINT.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    setpgid(0, 0);  // a terminal's Ctrl-C reaches kvbench, which stops bpftrace itself
    const int fd = open(output_path_.c_str(), O_WRONLY | O_TRUNC);
    if (fd >= 0) {
      dup2(fd, STDOUT_FILENO);
      dup2(fd, STDERR_FILENO);
    }
    execl(tool_.c_str(), tool_.c_str(), program_path_.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  if (pid_ < 0) {
    warn_unavailable("cannot start " + tool_);
    return false;
  }
  // bpftrace says "Attaching N probes..." once the program is loaded; before that, it fails
  // fast where it lacks the privilege or the tracepoints.
  const auto until = std::chrono::steady_clock::now() + kAttachTimeout;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      warn_unavailable(tool_ + " stopped: " + last_line(read_all(output_path_)));
      return false;
    }
    if (read_all(output_path_).find("Attaching") != std::string::npos) {
      log::info("--enable-latency-tracing: " + tool_ + " traces block-layer latency");
      return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid_, SIGKILL);
  wait_exit(pid_, kExitTimeout);
  pid_ = -1;
  warn_unavailable(tool_ + " did not attach its probes within 20 s");
  return false;
}

nlohmann::json LatencyTracing::finish() {
  if (pid_ < 0) return nullptr;
  kill(pid_, SIGINT);
  if (!wait_exit(pid_, kExitTimeout)) {
    kill(pid_, SIGKILL);
    wait_exit(pid_, kExitTimeout);
  }
  pid_ = -1;
  const auto histograms = stats::parse_bpftrace_histograms(read_all(output_path_));
  return {{"tool", tool_},
          {"probes", "tracepoint:block:block_rq_issue -> tracepoint:block:block_rq_complete"},
          {"unit", "us (d2c_*), bytes (request_bytes)"},
          {"histograms", stats::histograms_json(histograms)}};
}

LatencyTracing::~LatencyTracing() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    wait_exit(pid_, kExitTimeout);
  }
  if (!program_path_.empty()) unlink(program_path_.c_str());
  if (!output_path_.empty()) unlink(output_path_.c_str());
}

}  // namespace kvbench::app
