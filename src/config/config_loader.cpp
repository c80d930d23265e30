#include "config/config_loader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>

#include "config/config_loader_internal.h"
#include "config/input_file.h"

namespace kvbench::config {
namespace {

std::string location(const std::string& source, const YAML::Mark& mark) {
  if (mark.is_null()) return source + ": ";
  return source + ":" + std::to_string(mark.line + 1) + ": ";
}

// Sees only where documents and their root nodes start: enough to count documents.
class DocumentCounter final : public YAML::EventHandler {
 public:
  std::size_t documents = 0;
  YAML::Mark second_root = YAML::Mark::null_mark();  // where the second document's root starts

  void OnDocumentStart(const YAML::Mark&) override {
    ++documents;
    root_seen_ = false;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { node(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    node(mark);
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    node(mark);
  }
  void OnMapEnd() override {}

 private:
  void node(const YAML::Mark& mark) {
    if (!root_seen_ && documents == 2) second_root = mark;
    root_seen_ = true;
  }
  bool root_seen_ = false;
};

// Counts the documents of the stream, stopping at kMaxDocuments. Not YAML::LoadAll: in
// yaml-cpp 0.7 it never returns on some malformed input (a tag followed by a comma, "!,"):
// the parser yields empty documents forever and LoadAll stores each one until memory runs
// out (found by tests/fuzz/config_yaml_fuzz; fixed upstream after 0.8, yaml-cpp PR 1319).
constexpr std::size_t kMaxDocuments = 100;
DocumentCounter count_documents(const std::string& yaml) {
  std::istringstream in(yaml);
  YAML::Parser parser(in);
  DocumentCounter counter;
  std::size_t handled = 0;
  while (handled < kMaxDocuments && parser.HandleNextDocument(counter)) ++handled;
  return counter;
}

}  // namespace

LoadedConfig load_config_text(const std::string& yaml, const std::string& source_name) {
  YAML::Node doc;
  try {
    // safe_load in the reference refuses a stream of several documents; so do we, rather than
    // silently reading only the first.
    const DocumentCounter counted = count_documents(yaml);
    if (counted.documents > 1) {
      throw ConfigError(location(source_name, counted.second_root) +
                        "expected one YAML document, found " + std::to_string(counted.documents) +
                        (counted.documents < kMaxDocuments ? "" : " or more"));
    }
    doc = YAML::Load(yaml);
  } catch (const YAML::Exception& e) {
    throw ConfigError(location(source_name, e.mark) + "YAML syntax error: " + e.msg);
  }

  LoadedConfig out;
  out.source = source_name;
  if (!doc.IsDefined() || doc.IsNull()) return out;  // empty file or only comments

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
  if (const auto kind = special_file_kind(path))
    throw ConfigError("--config '" + path + "': is " + *kind + ", not a regular file");
  const auto too_big = [&] {
    return ConfigError("config file '" + path + "' is larger than " +
                       std::to_string(kMaxConfigFileBytes >> 20) + " MiB, the cap on config files");
  };
  if (std::filesystem::file_size(path, ec) > kMaxConfigFileBytes && !ec) throw too_big();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigError("config file '" + path + "' cannot be read: " + std::strerror(errno));
  }
  // Read at most one byte past the cap: a file that grows while it is read stays bounded too.
  std::string text(kMaxConfigFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) throw ConfigError("config file '" + path + "' cannot be read: I/O error");
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxConfigFileBytes) throw too_big();
  return load_config_text(text, path);
}

}  // namespace kvbench::config
