// The bad-input catalogue (cases.yaml): every error a user can meet, run against the kvbench
// binary. Each case asserts the exit code, that stderr names the culprit, and that
// docs/errors.md documents the error, so the catalogue, the binary and the docs move together.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::TempDir;

struct BadInput {
  std::string name;
  std::vector<std::string> args;
  std::string config;  // written to {dir}/config.yaml when not empty
  std::vector<std::pair<std::string, std::string>> files;  // (name, text) created in {dir}
  testing_support::Environment env;  // set for the run, after placeholder substitution
  std::vector<std::pair<std::string, std::string>> links;  // (name, target) symlinks made in {dir}
  std::vector<std::string> sockets;  // Unix sockets bound (and closed) in {dir}: the node stays
  std::vector<std::string> fifos;    // FIFOs made in {dir}, with no reader
  int exit_code = 0;
  std::string message;  // expected in stderr, after placeholder substitution
  std::string doc;      // expected in docs/errors.md
};

// gtest prints a failing case by its name rather than its bytes.
void PrintTo(const BadInput& c, std::ostream* os) { *os << c.name; }

std::string catalogue_path() {
  return std::string(KVBENCH_SOURCE_DIR) + "/tests/bad_inputs/cases.yaml";
}

std::vector<BadInput> load_catalogue() {
  std::vector<BadInput> cases;
  for (const YAML::Node& n : YAML::LoadFile(catalogue_path())) {
    BadInput c;
    c.name = n["name"].as<std::string>();
    c.args = n["args"].as<std::vector<std::string>>();
    if (n["config"]) c.config = n["config"].as<std::string>();
    // A plain name stands where a folder is needed; {name: text} is an input file.
    for (const YAML::Node& f : n["files"]) {
      if (f.IsScalar())
        c.files.emplace_back(f.as<std::string>(), "not a folder\n");
      else
        c.files.emplace_back(f.begin()->first.as<std::string>(),
                             f.begin()->second.as<std::string>());
    }
    for (const auto& v : n["env"])
      c.env.emplace_back(v.first.as<std::string>(), v.second.as<std::string>());
    for (const auto& v : n["links"]) c.links.emplace_back(v.first.as<std::string>(), v.second.as<std::string>());
    for (const auto& v : n["sockets"]) c.sockets.push_back(v.as<std::string>());
    for (const auto& v : n["fifos"]) c.fifos.push_back(v.as<std::string>());
    c.exit_code = n["exit"].as<int>();
    c.message = n["message"].as<std::string>();
    c.doc = n["doc"].as<std::string>();
    cases.push_back(std::move(c));
  }
  return cases;
}

std::string substitute(std::string text, const std::string& dir) {
  const std::pair<std::string, std::string> vars[] = {{"{config}", dir + "/config.yaml"},
                                                      {"{dir}", dir}};
  for (const auto& [key, value] : vars)
    for (std::size_t at = text.find(key); at != std::string::npos;
         at = text.find(key, at + value.size()))
      text.replace(at, key.size(), value);
  return text;
}

// Leaves a socket node at `path`, as a daemon that died without unlinking its socket does.
void bind_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  EXPECT_EQ(::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0) << path;
  ::close(fd);
}

class BadInputTest : public testing::TestWithParam<BadInput> {};

TEST_P(BadInputTest, ExitsWithItsCodeAndNamesTheCulprit) {
  const BadInput& c = GetParam();
  TempDir dir;
  if (!c.config.empty()) std::ofstream(dir.file("config.yaml")) << c.config;
  for (const auto& [name, text] : c.files) std::ofstream(dir.file(name)) << text;
  for (const auto& [name, target] : c.links)
    std::filesystem::create_symlink(substitute(target, dir.path()), dir.file(name));
  for (const auto& name : c.sockets) bind_socket(dir.file(name));
  for (const auto& name : c.fifos) EXPECT_EQ(::mkfifo(dir.file(name).c_str(), 0600), 0) << name;
  std::vector<std::string> args;
  for (const auto& a : c.args) args.push_back(substitute(a, dir.path()));

  testing_support::Environment env;
  for (const auto& [name, value] : c.env) env.emplace_back(name, substitute(value, dir.path()));

  const auto r = testing_support::run_kvbench(args, dir.path(), env);
  EXPECT_EQ(r.exit_code, c.exit_code) << r.err;
  EXPECT_THAT(r.err, testing::HasSubstr(substitute(c.message, dir.path())));
  if (c.exit_code == 2) {
    EXPECT_THAT(r.err, testing::HasSubstr("kvbench: error: "));
  }
  // No crash report, no sanitizer report, no exception text leaking out.
  EXPECT_THAT(r.err, testing::Not(testing::HasSubstr("terminate called")));
  EXPECT_THAT(r.err, testing::Not(testing::HasSubstr("Sanitizer")));
}

TEST_P(BadInputTest, IsDocumentedInErrorsMd) {
  static const std::string docs = read_file(std::string(KVBENCH_SOURCE_DIR) + "/docs/errors.md");
  EXPECT_THAT(docs, testing::HasSubstr(GetParam().doc)) << "docs/errors.md lacks this error";
}

INSTANTIATE_TEST_SUITE_P(Catalogue, BadInputTest, testing::ValuesIn(load_catalogue()),
                         [](const testing::TestParamInfo<BadInput>& info) {
                           return info.param.name;
                         });

TEST(BadInputCatalogue, CoversEveryKindOfInput) {
  const auto cases = load_catalogue();
  int flag = 0, config = 0, input_file = 0, runtime = 0;
  for (const auto& c : cases) {
    if (c.exit_code == 1)
      ++runtime;
    else if (!c.config.empty())
      ++config;
    else if (!c.files.empty())
      ++input_file;
    else
      ++flag;
  }
  EXPECT_GE(flag, 15);
  EXPECT_GE(config, 15);
  EXPECT_GE(input_file, 5);
  // Unwritable output files are found by the pre-flight now (exit 2, before the run); what is
  // left at run time is what no check before the run can see (a busy address, a full disk).
  EXPECT_GE(runtime, 1);
}

}  // namespace
}  // namespace kvbench
