// Rules that involve more than one flag or the file system (spec §2.2), run after every flag
// has been parsed on its own. Appends one message per problem.
#pragma once

#include <string>
#include <vector>

#include "config/run_config.h"

namespace kvbench::cli {

// The most RAG documents a run ingests: their chunk keys are kept in memory (about 1 KiB each).
inline constexpr int kMaxRagDocuments = 100000;

void validate_run_config(const config::RunConfig& cfg, std::vector<std::string>& errors,
                         std::vector<std::string>& warnings);

// The cache-dir rule of spec §2.1: a resolved path under a system directory is refused; so is
// `/`, any other standard top-level directory, a few of their children and $HOME, as themselves.
bool is_system_directory(const std::string& absolute_path);

}  // namespace kvbench::cli
