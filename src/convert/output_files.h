// The folders and files a conversion writes, with one-line errors naming the flag whose path is
// at fault (--output, --target) instead of a stack of filesystem exceptions.
#pragma once

#include <fstream>
#include <string>

namespace kvbench::convert {

// Creates `dir` (and its parents) if needed and returns it absolute. Throws std::runtime_error
// "FLAG DIR: reason" when it cannot be created or is not a directory.
std::string prepare_dir(const std::string& flag, const std::string& dir);

// Opens `path` for writing, truncated. Throws std::runtime_error "FLAG PATH: reason".
std::ofstream open_output(const std::string& flag, const std::string& path);

}  // namespace kvbench::convert
