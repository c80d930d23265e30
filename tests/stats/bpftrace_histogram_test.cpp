// bpftrace's printed histograms read back: bucket edges with K/M suffixes, single-value
// buckets, the open top bucket, scalars and banners skipped, and the percentiles from them.
#include "stats/bpftrace_histogram.h"

#include <gtest/gtest.h>

namespace kvbench::stats {
namespace {

const char* const kOutput = R"(Attaching 3 probes...


@d2c_read_us:
[1]                    2 |@@                                                  |
[2, 4)                 0 |                                                    |
[64, 128)             50 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[128, 256)            40 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@          |
[1K, 2K)               8 |@@@@@@@@                                            |

@events: 100

@request_bytes:
[4K, 8K)              90 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[1M, 2M)              10 |@@@@@                                               |
[2G, ...)              1 |                                                    |
)";

TEST(BpftraceHistogram, ParsesEveryHistogramAndSkipsTheRest) {
  const auto hs = parse_bpftrace_histograms(kOutput);
  ASSERT_EQ(hs.size(), 2u);
  EXPECT_EQ(hs[0].name, "d2c_read_us");
  ASSERT_EQ(hs[0].buckets.size(), 5u);
  EXPECT_EQ(hs[0].buckets[0].low, 1u);
  EXPECT_EQ(hs[0].buckets[0].high, 2u);
  EXPECT_EQ(hs[0].buckets[0].count, 2u);
  EXPECT_EQ(hs[0].buckets[4].low, 1024u);
  EXPECT_EQ(hs[0].buckets[4].high, 2048u);
  EXPECT_EQ(hs[1].name, "request_bytes");
  ASSERT_EQ(hs[1].buckets.size(), 3u);
  EXPECT_EQ(hs[1].buckets[1].low, 1u << 20);
  EXPECT_EQ(hs[1].buckets[2].low, 2ull << 30);
  EXPECT_EQ(hs[1].buckets[2].high, 0u);  // open top
}

TEST(BpftraceHistogram, PercentilesAreBucketUpperEdges) {
  const auto hs = parse_bpftrace_histograms(kOutput);
  EXPECT_DOUBLE_EQ(histogram_percentile(hs[0], 50), 128);  // 2 + 50 = 52 of 100 reach [64,128)
  EXPECT_DOUBLE_EQ(histogram_percentile(hs[0], 95), 2048);
  EXPECT_DOUBLE_EQ(histogram_percentile(hs[1], 100), static_cast<double>(2ull << 30));
  const auto j = histograms_json(hs);
  EXPECT_EQ(j["d2c_read_us"]["count"], 100);
  EXPECT_EQ(j["request_bytes"]["buckets"].size(), 3u);
}

TEST(BpftraceHistogram, EmptyOutputHasNoHistograms) {
  EXPECT_TRUE(parse_bpftrace_histograms("").empty());
  EXPECT_TRUE(parse_bpftrace_histograms("ERROR: tracepoint not found\n").empty());
  EXPECT_DOUBLE_EQ(histogram_percentile(NamedHistogram{}, 95), 0);
}

}  // namespace
}  // namespace kvbench::stats
