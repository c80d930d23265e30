// libFuzzer target: ShareGPT JSON datasets (--dataset-path) through the streaming (SAX) parser.
// Seeds: tests/fuzz/corpus/sharegpt_json/. Run: scripts/fuzz.sh SECONDS sharegpt_json.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_sharegpt_json(data, size);
  return 0;
}
