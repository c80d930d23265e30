#include "config/config_loader.h"

#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "config/config_loader_internal.h"

namespace kvbench::config {
namespace {

std::string location(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source + ": ";
  return source + ":" + std::to_string(mark.line + 1) + ": ";
}

}  // namespace

LoadedConfig load_config_text(const std::string& yaml, const std::string& source_name) {
  std::vector<YAML::Node> docs;
  try {
    docs = YAML::LoadAll(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(location(source_name, e.mark) + "YAML syntax error: " + e.msg);
  }
  // safe_load in the reference refuses a stream of several documents; so do we, rather than
  // silently reading only the first.
  if (docs.size() > 1) {
    throw ConfigError(location(source_name, docs[1].Mark()) + "expected one YAML document, found " +
                      std::to_string(docs.size()));
  }

  LoadedConfig out;
  out.source = source_name;
  if (docs.empty() || docs[0].IsNull()) return out;  // empty file or only comments

  const YAML::Node& doc = docs[0];
  const int line = doc.Mark().is_null() ? 1 : doc.Mark().line + 1;
  if (!doc.IsMap()) {
    throw ConfigError(source_name + ":" + std::to_string(line) +
                      ": the top level must be a map of sections, got " + detail::describe(doc));
  }
  try {
    detail::read_sections(detail::Field(out.source, doc, "", line), out);
  } catch (const YAML::Exception& e) {
    // Not expected (the walkers only read nodes they have type-checked); kept so that a
    // yaml-cpp surprise still reaches the user as a configuration error with a location.
    throw ConfigError(location(source_name, e.mark) + e.msg);
  }
  return out;
}

LoadedConfig load_config_file(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) throw ConfigError("config file '" + path + "' not found");
  if (std::filesystem::is_directory(status)) {
    throw ConfigError("config file '" + path + "' cannot be read: it is a directory");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("config file '" + path + "' cannot be read: " + std::strerror(errno));
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) throw ConfigError("config file '" + path + "' cannot be read: I/O error");
  return load_config_text(text, path);
}

}  // namespace kvbench::config
