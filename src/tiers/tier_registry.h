// The one table of tier backends (null, dram, cuda, file, s3), in the spirit of fio's engine list:
// each backend declares, next to its code, its option rows, its probe, how it is built for a
// level and what it reports under kvbench.storage_io. Adding a backend is one file plus one line
// in tier_registry.cpp; level_setup.cpp picks a backend per level from here.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/io_types.h"
#include "tiers/option_row.h"
#include "tiers/tier.h"
#include "common/backend_options.h"

namespace kvbench::tiers {

// What a level is asked to be: its position, its capacity, and the options of every backend.
struct LevelRequest {
  Level level = Level::Storage;
  // Bytes the level may hold (--gpu-mem-gb x --num-gpus, --cpu-mem-gb, --storage-capacity-gb).
  // On the terminal level 0 means "as much as there is": the backend's own capacity (the file
  // system's free space), else unlimited.
  double capacity_bytes = 0;
  bool terminal = false;
  int num_gpus = 1;                  // devices the cuda backend may use
  double gpu_memory_fraction = 0.9;  // share of a device's free memory the cuda backend may take
  const BackendOptions* options = nullptr;
};

// What a backend made of a level. No tier: the level is absent from this run (e.g. no CUDA
// device). `storage_io`: the backend's describe(), its part of kvbench.storage_io with the keys
// the results have always had (null: nothing to report, as in trace mode).
struct BuiltLevel {
  std::unique_ptr<Tier> tier;
  double limit_bytes = 0;  // +infinity = unlimited
  nlohmann::json storage_io;
  // At the end of the run: adds what the backend counted to kvbench.storage_io (S3 requests,
  // retries, failures by cause); empty for backends that count nothing of their own.
  std::function<void(nlohmann::json& storage_io)> report;
};

// A level cannot be set up: the message names the flag; exit_code 2 for a configuration error
// (e.g. an unusable --cache-dir), 1 for a runtime failure.
class TierSetupError : public std::runtime_error {
 public:
  TierSetupError(const std::string& what, int exit_code) : std::runtime_error(what), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

struct Backend {
  std::string_view name;  // "null", "dram", "cuda", "file"
  std::vector<OptionRow> options;
  // Empty when the backend can hold bytes on this machine; otherwise why not. Never throws.
  std::function<std::string(const LevelRequest&)> probe;
  // Builds the backend for a level, logs what it chose and describes it. Throws TierSetupError.
  std::function<BuiltLevel(const LevelRequest&)> build;
};

// Every backend, in a fixed order; the table lives for the whole process.
const std::vector<Backend>& backends();
// The backend called `name`; throws std::out_of_range for an unknown one.
const Backend& backend(std::string_view name);
// The option rows of every backend, in table order (cli merges them into its flag table).
std::vector<const OptionRow*> backend_option_rows();

// One entry per backend file: each builds its registry row.
Backend null_backend();
Backend dram_backend();
Backend cuda_backend();
Backend file_backend();
Backend s3_backend();
Backend object_backend();  // the optional object level below storage (--object-tier)
// Throws TierSetupError when --object-tier is not a usable s3://bucket/prefix.
void check_object_level(const BackendOptions& options);

}  // namespace kvbench::tiers
