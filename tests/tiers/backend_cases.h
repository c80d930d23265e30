// The backends the tier suites run over (tests/tiers/tier_contract_test.cpp, tier_fault_test.cpp):
// null, dram, file over io_uring and over pread/pwrite, and cuda where built, each with how to
// make it in a scratch directory or why it cannot be made here.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "tiers/cpu_tier.h"
#include "tiers/file_tier.h"
#include "tiers/gpu_tier.h"
#include "tiers/null_tier.h"

namespace kvbench::tiers::testing {

// One backend under test: how to make it in a scratch directory, or why it cannot be made here.
struct BackendCase {
  std::string name;
  bool stores_bytes = true;  // false for null: it remembers nothing and moves no bytes
  std::function<std::unique_ptr<Tier>(const std::string& dir, std::string& why_not)> make;
};

// Test names and failure messages show the backend's name, not the case's bytes.
inline void PrintTo(const BackendCase& c, std::ostream* os) { *os << c.name; }

inline std::unique_ptr<Tier> make_file(const std::string& dir, IoEngineKind engine, std::string& why_not) {
  FileOptions o;
  o.dir = dir;
  o.engine = engine;
  o.io_size = 64 << 10;  // small I/Os: many per entry, several in flight
  o.io_depth = 4;
  try {
    return std::make_unique<FileTier>(o);
  } catch (const FileSetupError& e) {
    why_not = e.what();  // e.g. io_uring refused inside a container
    return nullptr;
  }
}

inline std::vector<BackendCase> backend_cases() {
  std::vector<BackendCase> cases;
  cases.push_back({"null", false, [](const std::string&, std::string&) {
                     return std::unique_ptr<Tier>(std::make_unique<NullTier>(Level::Storage));
                   }});
  cases.push_back({"dram", true, [](const std::string&, std::string&) {
                     return std::unique_ptr<Tier>(std::make_unique<CpuTier>(64 << 10, 8 << 20));
                   }});
  cases.push_back({"file_uring", true, [](const std::string& dir, std::string& why) {
                     return make_file(dir, IoEngineKind::Uring, why);
                   }});
  cases.push_back({"file_psync", true, [](const std::string& dir, std::string& why) {
                     return make_file(dir, IoEngineKind::Psync, why);
                   }});
#ifdef KVBENCH_HAVE_CUDA
  cases.push_back({"cuda", true, [](const std::string&, std::string& why) -> std::unique_ptr<Tier> {
                     const GpuProbe probe = probe_gpus();
                     if (probe.devices == 0) {
                       why = probe.why_none;
                       return nullptr;
                     }
                     return make_gpu_tier(probe.devices, 64 << 10);
                   }});
#endif
  return cases;
}

}  // namespace kvbench::tiers::testing
