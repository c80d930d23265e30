// Runs promtool for promtool.h.
#include "support/promtool.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

namespace kvbench::testing_support {

std::string find_program(const std::string& name) {
  for (const char* dir : {"/usr/bin", "/usr/local/bin", "/bin"}) {
    const std::string path = std::string(dir) + "/" + name;
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return "";
}

PromtoolResult promtool_check_metrics(const std::string& promtool, const std::string& text,
                                      const std::string& scratch) {
  std::ofstream(scratch, std::ios::binary) << text;
  PromtoolResult r;
  const std::string cmd = promtool + " check metrics < '" + scratch + "' 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  const int status = ::pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace kvbench::testing_support
