// Progress lines (issue 14 item 5): rates over the interval, time left, and a reporter that
// writes lines while running and ends its line on stop.
#include "report/progress_line.h"

#include <gtest/gtest.h>

#include <atomic>
#include <sstream>
#include <thread>

namespace kvbench::report {
namespace {

TEST(ProgressLine, RatesAreOverTheInterval) {
  ProgressSample before;
  before.elapsed_s = 10;
  before.planned_s = 60;
  before.requests_completed = 100;
  before.storage_read_bytes = 0;
  before.storage_write_bytes = 1ull << 30;
  ProgressSample now = before;
  now.elapsed_s = 12;
  now.requests_completed = 150;
  now.storage_read_bytes = 4ull << 30;
  now.storage_write_bytes = 3ull << 30;
  now.p95_request_ms = 12.34;
  now.queue_depth = 7;
  now.in_flight = 3;
  now.failures = 2;
  const std::string line = format_progress(now, before, 2.0);
  EXPECT_EQ(line,
            "[0:12 elapsed, 0:48 left] 25.0 req/s | storage read 2.00 GiB/s, write 1.00 GiB/s | "
            "p95 12.3 ms | queue 7, in flight 3 | failures 2");
}

TEST(ProgressLine, TerminalReporterRewritesOneLine) {
  std::ostringstream out;
  std::atomic<int> calls{0};
  {
    ProgressReporter p(out, true, 10, [&] {
      ProgressSample s;
      s.requests_completed = static_cast<std::uint64_t>(calls.fetch_add(1));
      return s;
    });
    p.start();
    std::this_thread::sleep_for(std::chrono::milliseconds(2300));
    p.stop();
  }
  const std::string text = out.str();
  EXPECT_NE(text.find("\r\x1b[2K["), std::string::npos) << text;
  EXPECT_EQ(text.back(), '\n');
  EXPECT_GE(calls.load(), 2);
}

}  // namespace
}  // namespace kvbench::report
