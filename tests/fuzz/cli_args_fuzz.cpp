// libFuzzer target: kvbench's command line (run flags, --config, the run: section, `kvbench
// models`): one argument per line.
// Seeds: tests/fuzz/corpus/cli_args/. Run: scripts/fuzz.sh SECONDS cli_args.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_cli_args(data, size);
  return 0;
}
