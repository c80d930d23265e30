// --validation-trace (spec §8.6): the trace's hit rate, skipped malformed records, and the
// comparison with the benchmark's hit rate.
#include "workload/validation_trace.h"

#include <gtest/gtest.h>

namespace kvbench::workload {
namespace {

TEST(ValidationTrace, HitRateAndMeansFromUsableRecords) {
  const auto t = parse_validation_trace(
      "[{\"cache_hit\":true,\"read_bytes\":300,\"write_bytes\":100,\"context_tokens\":10,\"generation_tokens\":4},"
      " {\"cache_hit\":false,\"read_bytes\":0,\"write_bytes\":50,\"context_tokens\":30,\"generation_tokens\":2,"
      "  \"extra\":{\"nested\":[1,2]}},"
      " {\"cache_hit\":true}, {\"cache_hit\":\"yes\"}, {\"request_id\":\"r\"}, 7, [true]]");
  ASSERT_TRUE(t.error.empty()) << t.error;
  EXPECT_EQ(t.total_requests, 3u);
  EXPECT_EQ(t.records_skipped, 4u);
  EXPECT_DOUBLE_EQ(t.cache_hit_rate(), 2.0 / 3.0);
  const auto s = t.stats_json();
  EXPECT_DOUBLE_EQ(s["read_write_ratio"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(s["context_tokens_mean"].get<double>(), 40.0 / 3.0);
}

TEST(ValidationTrace, PassesWithinFivePercentOfTheTrace) {
  ValidationTrace t;
  t.total_requests = 100;
  t.cache_hits = 65;
  auto v = compare_with_trace(t, 0.66);
  EXPECT_TRUE(v["passed"].get<bool>());
  EXPECT_NEAR(v["avg_error_pct"].get<double>(), 100.0 * 0.01 / 0.65, 1e-9);
  EXPECT_DOUBLE_EQ(v["comparison"]["cache_hit_rate"]["trace"].get<double>(), 0.65);
  v = compare_with_trace(t, 0.5);
  EXPECT_FALSE(v["passed"].get<bool>());
  EXPECT_FALSE(v["comparison"]["cache_hit_rate"]["within_5pct"].get<bool>());
}

TEST(ValidationTrace, AZeroTraceHitRateDoesNotDivideByZero) {
  ValidationTrace t;
  t.total_requests = 10;
  EXPECT_TRUE(compare_with_trace(t, 0.0)["passed"].get<bool>());
  const auto v = compare_with_trace(t, 0.3);
  EXPECT_FALSE(v["passed"].get<bool>());
  EXPECT_TRUE(v["avg_error_pct"].is_null());
}

TEST(ValidationTrace, WrongShapesAreErrors) {
  EXPECT_FALSE(parse_validation_trace("{}").error.empty());
  EXPECT_FALSE(parse_validation_trace("3").error.empty());
  EXPECT_FALSE(parse_validation_trace("[{\"cache_hit\":true}").error.empty());
  EXPECT_FALSE(load_validation_trace("/nonexistent/trace.json").error.empty());
}

}  // namespace
}  // namespace kvbench::workload
