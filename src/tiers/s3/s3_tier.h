// The S3 backend: one object per entry in a bucket, under a prefix. A write is one PUT, or a
// multipart upload above --s3-part-size (several parts in flight); a read is ranged GETs of at
// most a part each; a removal is a DELETE. Device time is the HTTP exchange, host time
// kvbench's work (producing and checking bytes); time to first byte is kept for GETs.
// Throttling (503 SlowDown, 500) is retried with backoff and counted; every failure is counted
// by cause with one message per cause. Uploads left open (a failed or cancelled write, a
// signal) are aborted, at the latest when the tier is destroyed.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "common/backend_options.h"
#include "tiers/s3/s3_address.h"
#include "tiers/s3/s3_http.h"
#include "tiers/tier.h"

namespace kvbench::tiers {

// Why requests failed, and what they moved on the wire; read at any time.
struct S3Stats {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> retries{0};             // throttled or 500 answers tried again
  std::atomic<std::uint64_t> failed_unreachable{0};  // no HTTP answer (refused, reset, timeout)
  std::atomic<std::uint64_t> failed_forbidden{0};    // 403: credentials or permissions
  std::atomic<std::uint64_t> failed_no_bucket{0};    // 404 NoSuchBucket
  std::atomic<std::uint64_t> failed_throttled{0};    // still 503 after every retry
  std::atomic<std::uint64_t> failed_other{0};
  std::atomic<std::uint64_t> uploads_aborted{0};
  std::atomic<std::uint64_t> throttled_answers{0};  // 503 answers seen, retried or not
  std::atomic<std::uint64_t> failed_deletes{0};     // DELETEs refused or failed (by any cause above)
  std::atomic<std::uint64_t> wire_up{0};
  std::atomic<std::uint64_t> wire_down{0};
  std::atomic<std::uint64_t> gets{0};
  std::atomic<std::uint64_t> ttfb_total_us{0};
  std::atomic<std::uint64_t> ttfb_max_us{0};
};

// The counters as the results JSON reports them (kvbench.storage_io's "s3_counters").
nlohmann::json s3_counters_json(const S3Stats& s);

class S3Tier final : public Tier {
 public:
  S3Tier(const S3Options& options, const S3Credentials& credentials, Level level = Level::Storage);
  ~S3Tier() override;
  S3Tier(const S3Tier&) = delete;
  S3Tier& operator=(const S3Tier&) = delete;

  Level id() const override { return level_; }
  IoTiming write(const std::string& key, std::uint64_t size, ByteSource& src) override;
  IoTiming read(const std::string& key, std::uint64_t offset, std::uint64_t len, ByteSink& dst) override;
  void remove(const std::string& key) override;
  void cancel_io() override;

  // Empty when the bucket answers; otherwise the one-line reason (unreachable, 403, missing).
  std::string check_bucket();
  const S3Address& address() const { return address_; }
  const S3Options& options() const { return options_; }
  const S3Stats& stats() const { return *stats_; }
  // The same counters, alive after the tier (the results are written when the cache is gone).
  std::shared_ptr<const S3Stats> shared_stats() const { return stats_; }
  // One line of what the tier did: requests, retries, failures by cause, TTFB, wire bytes.
  std::string summary() const;

 private:
  // One request, with throttled answers retried; counts it and its wire bytes.
  HttpResponse send(const HttpRequest& request);
  HttpResponse settle(const HttpRequest& request, std::future<HttpResponse>& pending);
  // Throws the TierFailure for a failed answer, after counting and logging its cause once.
  [[noreturn]] void fail(const std::string& what, const HttpResponse& r);
  IoTiming write_single(const std::string& key, std::uint64_t size, ByteSource& src);
  IoTiming write_multipart(const std::string& key, std::uint64_t size, ByteSource& src);
  void abort_upload(const std::string& key, const std::string& upload_id);
  void record_get(const HttpResponse& r);

  Level level_;
  S3Options options_;
  S3Credentials credentials_;  // kept to abort uploads after a cancel; never logged
  S3Address address_;
  std::shared_ptr<S3Stats> stats_ = std::make_shared<S3Stats>();
  std::unique_ptr<HttpExchange> http_;
  std::atomic<bool> cancelled_{false};
  std::mutex open_mu_;
  std::set<std::pair<std::string, std::string>> open_uploads_;  // {key, upload id}
  std::atomic<unsigned> logged_causes_{0};                       // a bit per cause already logged
};

}  // namespace kvbench::tiers
