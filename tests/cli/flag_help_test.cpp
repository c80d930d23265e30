// --help's groups (issue 16 item 9): every run flag has a row in cli/flag_help.cpp's table, so
// none falls into "other" unnoticed, and each row names a group --help prints.
#include "cli/flag_help.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

namespace kvbench::cli {
namespace {

TEST(FlagHelp, EveryFlagHasAGroup) {
  const auto& groups = flag_help_groups();
  for (const FlagSpec& f : flag_table()) {
    const auto row = flag_help_row(f.name);
    ASSERT_TRUE(row) << f.name << " has no row in src/cli/flag_help.cpp (it shows under \"other\")";
    EXPECT_NE(std::find(groups.begin(), groups.end(), row->group), groups.end()) << f.name;
    EXPECT_NE(row->group, "other") << f.name;
  }
}

TEST(FlagHelp, GroupedHelpListsEveryFlagUnderItsHeading) {
  std::ostringstream os;
  print_grouped_flag_help(os, flag_table());
  const std::string text = os.str();
  for (const char* heading : {"\nworkload:\n", "\ntiers:\n", "\nreal I/O:\n", "\ntrace:\n", "\noutput:\n",
                              "\nobservability:\n"})
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  EXPECT_EQ(text.find("\nother:\n"), std::string::npos);
  for (const FlagSpec& f : flag_table()) EXPECT_NE(text.find("  " + std::string(f.name)), std::string::npos) << f.name;
  EXPECT_NE(text.find("--duration SECONDS"), std::string::npos);  // the unit as metavariable
  EXPECT_NE(text.find("--cpu-mem-gb GIB"), std::string::npos);
  EXPECT_NE(text.find("--version"), std::string::npos);
}

}  // namespace
}  // namespace kvbench::cli
