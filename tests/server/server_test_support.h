// Helpers shared by the tests that run kvbench with --http-listen: wait for the "HTTP server
// listening on HOST:PORT" log line and read the port from it.
#pragma once

#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <regex>
#include <string>
#include <thread>

#include "support/run_binary.h"

namespace kvbench::testing_support {

// The bound port, or 0 if the line did not appear within `timeout_s`.
inline int wait_for_http_port(const std::string& err_path, double timeout_s = 15) {
  const std::regex line(R"(HTTP server listening on 127\.0\.0\.1:([0-9]+))");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    std::smatch m;
    const std::string err = read_file(err_path);
    if (std::regex_search(err, m, line)) return std::stoi(m[1]);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return 0;
}

// Kills a child left running when a test fails early (a failed ASSERT must not leave a server
// behind). Once the test has waited for the child itself it sets pid to 0.
struct ChildGuard {
  int pid = 0;
  ~ChildGuard() {
    if (pid <= 0) return;
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
};

}  // namespace kvbench::testing_support
