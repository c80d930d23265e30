// Run health verdicts (issue 14 item 3): which facts make a run degraded or failed, and which
// --fail-on setting turns that into a non-zero exit.
#include "stats/run_health.h"

#include <gtest/gtest.h>

namespace kvbench::stats {
namespace {

bool has_reason(const RunHealth& h, const std::string& code) {
  for (const auto& r : h.reasons)
    if (r.code == code) return true;
  return false;
}

TEST(RunHealth, CleanRunIsOk) {
  HealthInputs in;
  in.write_attempts = 1000;
  in.read_attempts = 3000;
  in.arrivals_offered = 500;
  in.device_read_ratio = 1.02;
  const RunHealth h = assess_health(in);
  EXPECT_EQ(h.status, HealthStatus::Ok);
  EXPECT_TRUE(h.reasons.empty());
}

TEST(RunHealth, CapacityWriteFailuresDegradeWithFigures) {
  HealthInputs in;
  in.write_attempts = 6878;
  in.write_failures = 4473;  // the README example before issue 14: storage full
  const RunHealth h = assess_health(in);
  EXPECT_EQ(h.status, HealthStatus::Degraded);
  ASSERT_TRUE(has_reason(h, "write_failures"));
  EXPECT_NE(h.reasons[0].text.find("4473 of 6878 writes failed (65.03 %)"), std::string::npos)
      << h.reasons[0].text;
}

TEST(RunHealth, FewFailuresBelowTheShareAreTolerated) {
  HealthInputs in;
  in.write_attempts = 10000;
  in.write_failures = 50;  // 0.5 %
  EXPECT_EQ(assess_health(in).status, HealthStatus::Ok);
}

TEST(RunHealth, DeviceErrorsOnMostWritesFail) {
  HealthInputs in;
  in.write_attempts = 100;
  in.write_failures = 90;
  in.write_io_errors = 90;
  EXPECT_EQ(assess_health(in).status, HealthStatus::Failed);
}

TEST(RunHealth, MostReadsFailingMeansBrokenStorage) {
  HealthInputs in;
  in.read_attempts = 1000;
  in.read_failures = 590;
  EXPECT_EQ(assess_health(in).status, HealthStatus::Failed);
  in.read_failures = 20;  // 2 %
  EXPECT_EQ(assess_health(in).status, HealthStatus::Degraded);
}

TEST(RunHealth, VerifyMismatchFailsAndTraceLossFails) {
  HealthInputs in;
  in.verify_mismatches = 1;
  EXPECT_EQ(assess_health(in).status, HealthStatus::Failed);
  HealthInputs t;
  t.trace_incomplete = true;
  EXPECT_TRUE(has_reason(assess_health(t), "trace_incomplete"));
}

TEST(RunHealth, UnservedArrivalsShortfallDrainAndCacheDegrade) {
  HealthInputs in;
  in.arrivals_offered = 7249;
  in.requests_abandoned = 7096;
  EXPECT_TRUE(has_reason(assess_health(in), "unserved_arrivals"));
  HealthInputs s;
  s.arrivals_due = 7'310'000;
  s.arrivals_offered = 1'980'000;
  EXPECT_TRUE(has_reason(assess_health(s), "load_shortfall"));
  HealthInputs d;
  d.drain_overrun = true;
  EXPECT_EQ(assess_health(d).status, HealthStatus::Degraded);
  HealthInputs c;
  c.device_read_ratio = 1.5;  // buffered reads: the page cache answered a third of them
  EXPECT_TRUE(has_reason(assess_health(c), "device_read_excess"));
  c.device_read_ratio = 1.08;
  EXPECT_EQ(assess_health(c).status, HealthStatus::Ok);
}

// A buffered storage level (no O_DIRECT) is degraded whatever the ratio says: posix_fadvise may
// have made this run's reads reach the device, but the page cache still absorbed its writes.
TEST(RunHealth, BufferedStorageAndUnseenReadsDegrade) {
  HealthInputs b;
  b.device_read_ratio = 1.0;
  b.storage_buffered = true;
  const RunHealth h = assess_health(b);
  EXPECT_EQ(h.status, HealthStatus::Degraded);
  ASSERT_TRUE(has_reason(h, "page_cache"));
  EXPECT_NE(h.reasons[0].text.find("page cache"), std::string::npos) << h.reasons[0].text;
  HealthInputs n;
  n.device_read_nothing = true;  // the device read 0 bytes: no ratio, still a cache
  EXPECT_TRUE(has_reason(assess_health(n), "device_read_excess"));
}

TEST(RunHealth, FailOnDecidesTheExit) {
  EXPECT_FALSE(health_fails_run(HealthStatus::Failed, FailOn::Never));
  EXPECT_FALSE(health_fails_run(HealthStatus::Degraded, FailOn::Failed));
  EXPECT_TRUE(health_fails_run(HealthStatus::Failed, FailOn::Failed));
  EXPECT_TRUE(health_fails_run(HealthStatus::Degraded, FailOn::Degraded));
  EXPECT_FALSE(health_fails_run(HealthStatus::Ok, FailOn::Degraded));
  EXPECT_EQ(health_status_name(HealthStatus::Degraded), "degraded");
}

}  // namespace
}  // namespace kvbench::stats
