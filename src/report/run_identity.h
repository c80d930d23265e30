// The run's identity in the results (`kvbench.run`, issue 14 item 8): which run this was, what
// it was told, where it ran, and a fingerprint of everything that determines its workload, so
// that `aggregate` and `compare` can refuse to mix results of different workloads.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/host_facts.h"

namespace kvbench::report {

struct RunIdentityInputs {
  std::string run_id;
  std::vector<std::string> command_line;  // argv as given
  nlohmann::json effective_config;        // every flag as resolved, and the config sections
  std::int64_t started_us = 0;            // epoch microseconds of the timed window's start
  std::int64_t ended_us = 0;
  std::string cache_dir;                  // empty: no storage level on a file system
};

// The commit this kvbench was built from (12 hex digits; empty outside a git checkout).
std::string kvbench_commit();

// A fresh identifier: 16 hex digits from the random device and the time.
std::string new_run_id();

// The flags that change what the run measures or how, but not the workload it offers
// (outputs, observability, where the bytes go), and the seed (TP groups of one run draw
// different samples of the same workload): left out of the fingerprint.
bool flag_outside_workload(const std::string& key);

// 16 hex digits of a stable 64-bit hash (FNV-1a) of the canonical JSON of the effective
// configuration without the keys flag_outside_workload names.
std::string workload_fingerprint(const nlohmann::json& effective_config);

// `kvbench --version`: "kvbench 0.1.0 (commit abc123, RelWithDebInfo, g++ 12.2.0)", from the
// same version and commit the results name under kvbench.run.
std::string version_text();

nlohmann::json run_identity_json(const RunIdentityInputs& in, const HostFacts& host);

}  // namespace kvbench::report
