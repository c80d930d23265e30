// Top-level command dispatch: `kvbench [run] <kv-cache.py flags>`, `kvbench models`, ...
// Returns the process exit code (0 ok, 1 runtime failure, 2 usage/config error).
#pragma once

namespace kvbench::cli {

int main_entry(int argc, char** argv);

}  // namespace kvbench::cli
