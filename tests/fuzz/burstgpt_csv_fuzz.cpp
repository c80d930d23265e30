// libFuzzer target: BurstGPT CSV (--burst-trace-path): header and row parsers, the start-up check,
// the streaming reader.
// Seeds: tests/fuzz/corpus/burstgpt_csv/. Run: scripts/fuzz.sh SECONDS burstgpt_csv.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_burstgpt_csv(data, size);
  return 0;
}
