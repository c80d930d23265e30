// Runs the built kvbench binary as a child process and captures its exit code and output.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace kvbench::testing_support {

struct ProcessResult {
  int exit_code = -1;  // -1: did not exit normally
  std::string out;
  std::string err;
};

// Environment variables set for the child on top of the test's own, as (name, value).
using Environment = std::vector<std::pair<std::string, std::string>>;

ProcessResult run_kvbench(const std::vector<std::string>& args, const std::string& cwd = "",
                          const Environment& env = {});

// Starts kvbench without waiting; stdout/stderr go to the given files.
int spawn_kvbench(const std::vector<std::string>& args, const std::string& out_path,
                  const std::string& err_path);
// Waits up to `timeout_s` for `pid`; returns its exit code, -1 if it died of a signal, or
// -2 on timeout (the child is then killed).
int wait_for_exit(int pid, double timeout_s);

// A fresh, empty temporary directory removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::string read_file(const std::string& path);

}  // namespace kvbench::testing_support
