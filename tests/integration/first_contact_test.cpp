// A new user's first commands (issue 16 item 9): --version, --help on every subcommand, "did
// you mean" for a misspelt flag or model, and argparse's prefix match said at INFO.
#include <gtest/gtest.h>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::run_kvbench;
using testing_support::TempDir;

TEST(FirstContact, VersionNamesTheCommit) {
  const auto r = run_kvbench({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("kvbench ", 0), 0u) << r.out;
  EXPECT_NE(r.out.find("(commit "), std::string::npos) << r.out;
}

TEST(FirstContact, EverySubcommandHasHelp) {
  for (const char* cmd : {"run", "models", "aggregate", "schema"}) {
    const auto r = run_kvbench({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd << r.err;
    EXPECT_NE(r.out.find("usage:"), std::string::npos) << cmd;
  }
}

TEST(FirstContact, MisspeltFlagAndModelGetASuggestion) {
  const auto flag = run_kvbench({"--num-userz", "5"});
  EXPECT_EQ(flag.exit_code, 2);
  EXPECT_NE(flag.err.find("did you mean --num-users?"), std::string::npos) << flag.err;
  const auto model = run_kvbench({"--model", "llama3.1-7b"});
  EXPECT_EQ(model.exit_code, 2);
  EXPECT_NE(model.err.find("did you mean llama3.1-8b?"), std::string::npos) << model.err;
}

TEST(FirstContact, PrefixMatchIsLoggedAtInfo) {
  TempDir dir;
  const auto r = run_kvbench({"--num-user", "2", "--duration", "1", "--clock", "virtual", "--seed", "1",
                              "--io-trace-log", dir.file("t.csv"), "--output", dir.file("r.json")});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("INFO - Option --num-user taken as --num-users"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kvbench
