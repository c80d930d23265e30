#include "report/progress_line.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "common/log.h"

namespace kvbench::report {
namespace {

std::string clock_text(double s) {
  const long t = static_cast<long>(std::max(0.0, s) + 0.5);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%ld:%02ld", t / 60, t % 60);
  return buf;
}

double gib_per_s(std::uint64_t now, std::uint64_t before, double dt_s) {
  if (dt_s <= 0 || now < before) return 0;
  return static_cast<double>(now - before) / dt_s / (1024.0 * 1024.0 * 1024.0);
}

}  // namespace

std::string format_progress(const ProgressSample& now, const ProgressSample& before, double dt_s) {
  const double rps = dt_s > 0 && now.requests_completed >= before.requests_completed
                         ? static_cast<double>(now.requests_completed - before.requests_completed) / dt_s
                         : 0.0;
  char buf[256];
  std::snprintf(buf, sizeof buf,
                "[%s elapsed, %s left] %.1f req/s | storage read %.2f GiB/s, write %.2f GiB/s | "
                "p95 %.1f ms | queue %lld, in flight %lld | failures %llu",
                clock_text(now.elapsed_s).c_str(),
                clock_text(now.planned_s - now.elapsed_s).c_str(), rps,
                gib_per_s(now.storage_read_bytes, before.storage_read_bytes, dt_s),
                gib_per_s(now.storage_write_bytes, before.storage_write_bytes, dt_s),
                now.p95_request_ms, static_cast<long long>(now.queue_depth),
                static_cast<long long>(now.in_flight),
                static_cast<unsigned long long>(now.failures));
  return buf;
}

ProgressReporter::ProgressReporter(std::ostream& out, bool terminal, double interval_s,
                                   std::function<ProgressSample()> sample)
    : out_(out), terminal_(terminal), interval_s_(terminal ? 1.0 : interval_s), sample_(std::move(sample)) {}

ProgressReporter::~ProgressReporter() { stop(); }

void ProgressReporter::start() {
  if (interval_s_ <= 0 || thread_.joinable()) return;
  thread_ = std::thread([this] { loop(); });
}

void ProgressReporter::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (terminal_ && printed_) {
    out_ << "\n";
    out_.flush();
    printed_ = false;
  }
}

void ProgressReporter::loop() {
  using Clock = std::chrono::steady_clock;
  ProgressSample before = sample_();
  auto before_at = Clock::now();
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(interval_s_));
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    if (cv_.wait_until(lock, before_at + period, [this] { return stopping_; })) return;
    const ProgressSample now = sample_();
    const auto now_at = Clock::now();
    const std::string line =
        format_progress(now, before, std::chrono::duration<double>(now_at - before_at).count());
    if (terminal_) {
      out_ << "\r\x1b[2K" << line;  // erase the line, then rewrite it
      out_.flush();
      printed_ = true;
    } else {
      log::info(line);
    }
    before = now;
    before_at = now_at;
  }
}

}  // namespace kvbench::report
