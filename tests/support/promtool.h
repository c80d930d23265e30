// Runs `promtool check metrics` (Debian package prometheus) on an exposition text: the
// reference linter for metric names, types, units and format.
#pragma once

#include <string>

namespace kvbench::testing_support {

// The path of `name` in /usr/bin, /usr/local/bin or /bin; empty when absent.
std::string find_program(const std::string& name);

struct PromtoolResult {
  int exit_code = -1;
  std::string output;
};

// `text` is written to `scratch` and fed to promtool on stdin.
PromtoolResult promtool_check_metrics(const std::string& promtool, const std::string& text,
                                      const std::string& scratch);

}  // namespace kvbench::testing_support
