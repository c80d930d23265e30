// Reads the members of a .zip (an .xlsx is one) for tests: walks the central directory and
// inflates stored or deflated members with zlib. Enough to check a workbook's parts without a
// spreadsheet library.
#pragma once

#include <map>
#include <string>

namespace kvbench::testing_support {

// Member name → uncompressed content. Throws std::runtime_error on anything malformed.
std::map<std::string, std::string> read_zip(const std::string& bytes);

}  // namespace kvbench::testing_support
