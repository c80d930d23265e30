// libFuzzer target: trace files (plain CSV or zstd, by magic number) through TraceReader.
// Seeds: tests/fuzz/corpus/trace_reader/. Run: scripts/fuzz.sh SECONDS trace_reader.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_trace_reader(data, size);
  return 0;
}
