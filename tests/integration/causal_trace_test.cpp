// Issue 17: a wall-clock trace is causal. Many workers record rows at once; the file must be in
// non-decreasing timestamp order, so no key's Read or Evict row precedes its Write in file order.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

TEST(CausalTrace, WallClockRunWritesRowsInTimestampOrder) {
  TempDir dir;
  const auto r = run_kvbench({"--model", "tiny-1b", "--num-users", "40", "--duration", "2",
                              "--gpu-mem-gb", "0.01", "--cpu-mem-gb", "0.02", "--generation-mode",
                              "none", "--seed", "3", "--io-trace-log", dir.file("trace.csv"),
                              "--output", dir.file("results.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream in(read_file(dir.file("trace.csv")));
  std::string line;
  std::getline(in, line);  // header
  std::uint64_t rows = 0, backwards = 0;
  double last = 0;
  while (std::getline(in, line)) {
    const double t = std::stod(line.substr(0, line.find(',')));
    if (t < last) ++backwards;
    last = t;
    ++rows;
  }
  const auto json = nlohmann::json::parse(read_file(dir.file("results.json")));
  EXPECT_GT(rows, 100u);
  EXPECT_EQ(rows, json["kvbench"]["trace"]["rows"].get<std::uint64_t>());
  EXPECT_EQ(backwards, 0u) << "rows older than the row before them, of " << rows;
}

}  // namespace
}  // namespace kvbench
