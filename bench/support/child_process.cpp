#include "support/child_process.h"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>

namespace kvbench::bench {
namespace {

std::int64_t epoch_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

double seconds(const timeval& tv) {
  return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
}

}  // namespace

ChildRun run_child(const std::vector<std::string>& argv, const std::string& log_path) {
  // Built before fork: the child only makes async-signal-safe calls.
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const char* out_path = log_path.empty() ? "/dev/null" : log_path.c_str();
  std::fflush(nullptr);  // a line still buffered here must not reach the child's output too
  ChildRun c;
  c.spawned_epoch_us = epoch_us();
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) return c;
  if (pid == 0) {
    const int out = ::open(out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (out >= 0) {
      dup2(out, 1);
      dup2(out, 2);
    }
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  c.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  c.cpu_s = seconds(ru.ru_utime) + seconds(ru.ru_stime);
  c.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  c.max_rss_kib = ru.ru_maxrss;
  return c;
}

}  // namespace kvbench::bench
