#include "tiers/tier_registry.h"

#include <stdexcept>

namespace kvbench::tiers {

const std::vector<Backend>& backends() {
  static const std::vector<Backend> table = {null_backend(), dram_backend(), cuda_backend(), file_backend(), s3_backend(),
                                                object_backend()};
  return table;
}

const Backend& backend(std::string_view name) {
  for (const Backend& b : backends())
    if (b.name == name) return b;
  throw std::out_of_range("no tier backend '" + std::string(name) + "'");
}

std::vector<const OptionRow*> backend_option_rows() {
  std::vector<const OptionRow*> rows;
  for (const Backend& b : backends())
    for (const OptionRow& row : b.options) rows.push_back(&row);
  return rows;
}

}  // namespace kvbench::tiers
