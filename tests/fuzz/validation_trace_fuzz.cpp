// libFuzzer target: --validation-trace JSON files and the comparison the results carry.
// Seeds: tests/fuzz/corpus/validation_trace/. Run: scripts/fuzz.sh SECONDS validation_trace.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_validation_trace(data, size);
  return 0;
}
