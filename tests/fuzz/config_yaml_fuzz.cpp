// libFuzzer target: config.yaml text through the strict schema loader and the model table it
// builds.
// Seeds: tests/fuzz/corpus/config_yaml/. Run: scripts/fuzz.sh SECONDS config_yaml.
#include "fuzz/fuzz_harness.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kvbench::fuzz::run_config_yaml(data, size);
  return 0;
}
