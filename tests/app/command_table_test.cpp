// The command table: dispatch by first word (run by default), --help for every command, and
// usage errors (unknown command word, unknown flag) that exit 2 naming the culprit.
#include "app/command_table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "cli/arg_parser.h"
#include "cli/flag_table.h"

namespace kvbench::app {
namespace {

struct Ran {
  int code;
  std::string out, err;
};

Ran dispatch_args(std::vector<std::string> args) {
  std::ostringstream out, err;
  const int code = dispatch(args, out, err);
  return {code, out.str(), err.str()};
}

TEST(CommandTable, ListsRunFirstAndTheOtherCommands) {
  ASSERT_FALSE(command_table().empty());
  EXPECT_EQ(command_table().front().name, "run");
  for (const char* name : {"run", "models", "aggregate", "schema"}) {
    const Command* c = find_command(name);
    ASSERT_NE(c, nullptr) << name;
    EXPECT_FALSE(c->summary.empty()) << name;
    EXPECT_NE(c->usage.find(name == std::string("run") ? "kvbench [run]" : name),
              std::string::npos);
  }
  EXPECT_EQ(find_command("frobnicate"), nullptr);
}

TEST(CommandTable, TopLevelHelpListsEveryCommandAndRunFlag) {
  for (const char* help : {"--help", "-h"}) {
    const Ran r = dispatch_args({help});
    EXPECT_EQ(r.code, 0);
    for (const auto& c : command_table())
      EXPECT_NE(r.out.find("  " + std::string(c.name)), std::string::npos) << c.name;
    for (const auto& f : cli::flag_table())
      EXPECT_NE(r.out.find(std::string(f.name)), std::string::npos) << f.name;
  }
  EXPECT_EQ(dispatch_args({"run", "--help"}).out, dispatch_args({"--help"}).out);
}

TEST(CommandTable, EveryCommandHasHelpWithItsUsageAndFlags) {
  for (const auto& c : command_table()) {
    const Ran r = dispatch_args({std::string(c.name), "--help"});
    EXPECT_EQ(r.code, 0) << c.name;
    EXPECT_TRUE(r.err.empty()) << c.name;
    EXPECT_NE(r.out.find("usage: " + std::string(c.usage)), std::string::npos) << c.name;
    for (const auto& f : c.flags())
      EXPECT_NE(r.out.find(std::string(f.name)), std::string::npos) << f.name;
  }
}

TEST(CommandTable, HelpPrintsTheTypedDefault) {
  const Ran r = dispatch_args({"--help"});
  EXPECT_NE(r.out.find("Number of simulated users (default: 100)"), std::string::npos);
  EXPECT_NE(r.out.find("--generation-mode {none,fast,realistic}"), std::string::npos);
  EXPECT_NE(r.out.find("(default: realistic)"), std::string::npos);
  EXPECT_NE(r.out.find("Enable the RAG workload (default: off)"), std::string::npos);
}

TEST(CommandTable, EveryTypedDefaultIsAValueTheFlagAccepts) {
  for (const auto& c : command_table())
    for (const auto& f : c.flags()) {
      if (!f.typed_default) continue;
      cli::FlagValue v;
      EXPECT_EQ(cli::parse_flag_value(f, cli::default_text_of(f), v), std::nullopt) << f.name;
    }
}

TEST(CommandTable, UnknownFlagOfACommandExitsTwoNamingIt) {
  for (const char* cmd : {"models", "aggregate", "schema"}) {
    const Ran r = dispatch_args({cmd, "--verbose"});
    EXPECT_EQ(r.code, 2) << cmd;
    EXPECT_NE(r.err.find(std::string(cmd) + ": unrecognized argument: --verbose"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("kvbench " + std::string(cmd) + " --help"), std::string::npos) << r.err;
  }
  const Ran missing = dispatch_args({"models", "--config"});
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.err.find("models: --config expects a value"), std::string::npos) << missing.err;
}

TEST(CommandTable, AnUnknownFirstWordIsARunArgument) {
  const Ran r = dispatch_args({"frobnicate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("kvbench: error: unrecognized argument: frobnicate"), std::string::npos)
      << r.err;
  const Ran flag = dispatch_args({"--num-userz", "5"});
  EXPECT_EQ(flag.code, 2);
  EXPECT_NE(flag.err.find("unrecognized argument: --num-userz"), std::string::npos);
  EXPECT_NE(flag.err.find("see `kvbench --help`"), std::string::npos);
}

TEST(CommandTable, RunErrorsAreAllReportedAtOnce) {
  const Ran r = dispatch_args({"run", "--num-userz", "5", "--duration", "0"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("--num-userz"), std::string::npos);
  EXPECT_NE(r.err.find("--duration"), std::string::npos);
}

TEST(CommandTable, ModelsDispatchesAndTakesFlagPrefixes) {
  const Ran r = dispatch_args({"models"});
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("llama3.1-8b"), std::string::npos);
  const Ran prefix = dispatch_args(
      {"models", "--conf=" + std::string(KVBENCH_SOURCE_DIR) + "/configs/config.yaml"});
  EXPECT_EQ(prefix.code, 0) << prefix.err;
  EXPECT_NE(prefix.out.find("Deepseek v3"), std::string::npos);
}

TEST(CommandTable, AggregateWithoutFilesIsAUsageError) {
  const Ran r = dispatch_args({"aggregate"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("aggregate: no result files given"), std::string::npos);
}

TEST(ArgParser, PositionalsOnlyWhereTheCommandTakesThem) {
  const std::vector<cli::FlagSpec> none;
  EXPECT_EQ(cli::parse_args(none, {"a.json"}, true).positionals.size(), 1u);
  EXPECT_EQ(cli::parse_args(none, {"a.json"}, false).errors.size(), 1u);
  EXPECT_TRUE(cli::parse_args(none, {"-h"}, false).help);
}

// Issue 19: `compare BASELINE... -- CANDIDATE...` splits its positionals at a bare `--`.
TEST(ArgParser, ABareDoubleDashSeparatesPositionals) {
  const std::vector<cli::FlagSpec> none;
  const cli::ParsedArgs p = cli::parse_args(none, {"a.json", "b.json", "--", "c.json"}, true);
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.positionals, (std::vector<std::string>{"a.json", "b.json", "c.json"}));
  EXPECT_EQ(p.separators, (std::vector<std::size_t>{2}));
  EXPECT_EQ(cli::parse_args(none, {"--"}, false).errors.size(), 1u);  // a run takes no positionals
  const Ran r = dispatch_args({"compare", "a.json", "b.json"});
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("compare: no `--` between the baseline and the candidate results"), std::string::npos);
}

}  // namespace
}  // namespace kvbench::app
