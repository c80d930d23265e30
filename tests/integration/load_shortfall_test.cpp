// Issue 15 item 14: at 100,000 users one wall-clock scheduler falls behind the arrival
// schedule; the arrivals it never reached were neither offered nor counted, so a run offering a
// fraction of the load reported 0 drops and 100 % served. Now the results say how many were
// due (kvbench.arrivals_due, the same schedule as the virtual clock's for the same seed) and a
// shortfall above 5 % makes the run degraded (load_shortfall).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

nlohmann::json run(const TempDir& dir, const std::string& clock) {
  const std::string out = dir.file(clock + ".json");
  const auto r = run_kvbench({"--clock", clock, "--num-users", "100000", "--duration", "3", "--seed", "3",
                              "--generation-mode", "none", "--io-trace-log", dir.file(clock + ".csv"),
                              "--output", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(read_file(out))["kvbench"];
}

bool has_reason(const nlohmann::json& k, const std::string& code) {
  for (const auto& reason : k["health"]["reasons"])
    if (reason["code"] == code) return true;
  return false;
}

TEST(LoadShortfall, WallClockCountsTheArrivalsDueAndDegradesWhenItFallsBehind) {
  TempDir dir;
  const nlohmann::json simulated = run(dir, "virtual");
  const nlohmann::json wall = run(dir, "wall");
  const auto due_virtual = simulated["arrivals_offered"].get<double>();
  EXPECT_EQ(simulated["arrivals_due"], simulated["arrivals_offered"]);
  // The wall clock's window is a little longer than 3 s; the schedule is the same.
  const auto due = wall["arrivals_due"].get<double>();
  EXPECT_GT(due, 0.95 * due_virtual);
  EXPECT_LT(due, 1.10 * due_virtual);
  const auto offered = wall["arrivals_offered"].get<double>();
  EXPECT_LE(offered, due);
  EXPECT_EQ(has_reason(wall, "load_shortfall"), (due - offered) / due > 0.05)
      << offered << " of " << due << " offered";
  if (has_reason(wall, "load_shortfall")) {
    EXPECT_EQ(wall["health"]["status"], "degraded");
  }
}

}  // namespace
}  // namespace kvbench
