// How the bench programs run the kvbench binary and its peers (fio, zstd, cp, python3): as a
// child process, timed and measured the same way for every program, so that a ratio compares
// like with like.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kvbench::bench {

struct ChildRun {
  int exit_code = -1;    // -1: killed by a signal
  double wall_s = 0;     // spawn to exit
  double cpu_s = 0;      // user + system time of the child
  long max_rss_kib = 0;  // its peak RSS (wait4)
  // Unix time of the spawn, to compare with the time stamps kvbench writes.
  std::int64_t spawned_epoch_us = 0;
};

// Runs argv (argv[0] found on PATH unless it holds a '/') and waits for it. Its stdout and
// stderr go to `log_path`, or to /dev/null when that is empty.
ChildRun run_child(const std::vector<std::string>& argv, const std::string& log_path = "");

}  // namespace kvbench::bench
