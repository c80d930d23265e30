#include "tiers/s3/s3_tier.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <deque>
#include <sstream>
#include <thread>
#include <vector>

#include "common/log.h"
#include "tiers/io_clock.h"

namespace kvbench::tiers {
namespace {

// At most this many parts of one entry in flight (and buffers of a part each), within the
// process-wide --s3-concurrency.
constexpr unsigned kPartsInFlightPerEntry = 4;

std::string xml_field(const std::string& xml, const std::string& tag) {
  const std::string open = "<" + tag + ">";
  const auto b = xml.find(open);
  if (b == std::string::npos) return {};
  const auto e = xml.find("</" + tag + ">", b);
  return e == std::string::npos ? std::string() : xml.substr(b + open.size(), e - b - open.size());
}

bool ok(const HttpResponse& r) { return r.status / 100 == 2; }
bool retryable(const HttpResponse& r) { return r.status == 503 || r.status == 500 || r.status == 429; }

enum Cause : unsigned { kUnreachable = 1, kForbidden = 2, kNoBucket = 4, kThrottled = 8, kOther = 16 };

}  // namespace

S3Tier::S3Tier(const S3Options& options, const S3Credentials& credentials, Level level)
    : level_(level), options_(options), credentials_(credentials), address_(options) {
  http_ = std::make_unique<HttpExchange>(options.concurrency, HttpSigning{credentials, options.region});
}

S3Tier::~S3Tier() {
  std::set<std::pair<std::string, std::string>> open;
  {
    std::lock_guard<std::mutex> lock(open_mu_);
    open.swap(open_uploads_);
  }
  if (!open.empty()) {
    // A cancelled run may have failed the exchange: abort through a fresh one.
    http_.reset();
    cancelled_.store(false);
    http_ = std::make_unique<HttpExchange>(options_.concurrency, HttpSigning{credentials_, options_.region});
  }
  for (const auto& [key, id] : open) abort_upload(key, id);
  if (stats_->requests.load() > 0) log::info(summary());
}

void S3Tier::cancel_io() {
  cancelled_.store(true);
  http_->cancel_all();
}

HttpResponse S3Tier::send(const HttpRequest& request) {
  std::future<HttpResponse> f = http_->submit(request);
  return settle(request, f);
}

HttpResponse S3Tier::settle(const HttpRequest& request, std::future<HttpResponse>& pending) {
  HttpResponse r = pending.get();
  if (r.status == 503) stats_->throttled_answers.fetch_add(1, std::memory_order_relaxed);
  stats_->requests.fetch_add(1, std::memory_order_relaxed);
  stats_->wire_up.fetch_add(r.wire_up, std::memory_order_relaxed);
  stats_->wire_down.fetch_add(r.wire_down, std::memory_order_relaxed);
  // Exponential backoff from 20 ms, as the AWS SDKs do for SlowDown (without their jitter).
  for (unsigned attempt = 0; retryable(r) && attempt < options_.max_retries && !cancelled_.load(); ++attempt) {
    stats_->retries.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::sleep_for(std::chrono::milliseconds(20) * (1u << attempt));
    r = http_->submit(request).get();
    if (r.status == 503) stats_->throttled_answers.fetch_add(1, std::memory_order_relaxed);
    stats_->requests.fetch_add(1, std::memory_order_relaxed);
    stats_->wire_up.fetch_add(r.wire_up, std::memory_order_relaxed);
    stats_->wire_down.fetch_add(r.wire_down, std::memory_order_relaxed);
  }
  return r;
}

void S3Tier::fail(const std::string& what, const HttpResponse& r) {
  const std::string code = xml_field(r.text, "Code");
  std::string msg;
  unsigned cause = kOther;
  int err = EIO;
  if (r.status == 0) {
    cause = kUnreachable;
    err = r.error == "cancelled" ? ECANCELED : EHOSTUNREACH;
    msg = "S3 endpoint " + address_.endpoint() + " unreachable: " + r.error;
  } else if (r.status == 403) {
    cause = kForbidden;
    err = EACCES;
    msg = "S3 refused the request (403 " + code + "): check the credentials and the bucket's permissions";
  } else if (r.status == 404 && code == "NoSuchBucket") {
    cause = kNoBucket;
    err = ENXIO;
    msg = "S3 bucket '" + options_.bucket + "' does not exist at " + address_.endpoint();
  } else if (r.status == 404) {
    throw TierFailure("S3 object of " + what + " not found (404 " + code + ")", ENOENT);
  } else if (retryable(r)) {
    cause = kThrottled;
    err = EAGAIN;
    msg = "S3 throttled the request (" + std::to_string(r.status) + " " + code + ") after " +
          std::to_string(options_.max_retries) + " retries";
  } else {
    msg = "S3 answered " + std::to_string(r.status) + (code.empty() ? "" : " " + code);
  }
  if (err != ECANCELED) {
    auto& counter = cause == kUnreachable ? stats_->failed_unreachable
                    : cause == kForbidden ? stats_->failed_forbidden
                    : cause == kNoBucket  ? stats_->failed_no_bucket
                    : cause == kThrottled ? stats_->failed_throttled
                                          : stats_->failed_other;
    counter.fetch_add(1, std::memory_order_relaxed);
    if ((logged_causes_.fetch_or(cause) & cause) == 0) log::error(msg + " (further ones counted, not logged)");
  }
  throw TierFailure(msg + " (" + what + ")", err);
}

std::string S3Tier::check_bucket() {
  const HttpResponse r = send(http_request("HEAD", address_.bucket_url()));
  if (ok(r)) return {};
  if (r.status == 404) return "S3 bucket '" + options_.bucket + "' does not exist at " + address_.endpoint();
  if (r.status == 403) return "S3 refused access to bucket '" + options_.bucket + "' (403): check the credentials";
  if (r.status == 0) return "S3 endpoint " + address_.endpoint() + " unreachable: " + r.error;
  return "S3 bucket '" + options_.bucket + "' answered " + std::to_string(r.status);
}

IoTiming S3Tier::write(const std::string& key, std::uint64_t size, ByteSource& src) {
  if (cancelled_.load()) throw TierFailure("S3 write of " + key + " cancelled", ECANCELED);
  try {
    return size <= options_.part_size ? write_single(key, size, src) : write_multipart(key, size, src);
  } catch (...) {
    // Neither the old entry nor part of the new one stays (the tier contract).
    if (!cancelled_.load()) send(http_request("DELETE", address_.object_url(key)));
    throw;
  }
}

IoTiming S3Tier::write_single(const std::string& key, std::uint64_t size, ByteSource& src) {
  const double start = monotonic_s();
  std::vector<std::byte> body(size);
  if (size > 0) src.fill(0, body.data(), size);
  IoTiming t;
  t.host_s = monotonic_s() - start;
  const HttpResponse r = send(sending(http_request("PUT", address_.object_url(key)), body.data(), body.size()));
  if (!ok(r)) fail("PUT " + key, r);
  t.device_s = monotonic_s() - start - t.host_s;
  return t;
}

void S3Tier::abort_upload(const std::string& key, const std::string& upload_id) {
  {
    std::lock_guard<std::mutex> lock(open_mu_);
    open_uploads_.erase({key, upload_id});
  }
  const HttpResponse r = send(http_request("DELETE", address_.object_url(key, "uploadId=" + uri_encode(upload_id, false))));
  if (ok(r) || r.status == 404) stats_->uploads_aborted.fetch_add(1, std::memory_order_relaxed);
  else log::warning("S3: could not abort the multipart upload of " + key + " (" + std::to_string(r.status) + ")");
}

IoTiming S3Tier::write_multipart(const std::string& key, std::uint64_t size, ByteSource& src) {
  const double start = monotonic_s();
  IoTiming t;
  const HttpResponse created = send(http_request("POST", address_.object_url(key, "uploads=")));
  if (!ok(created)) fail("multipart upload of " + key, created);
  const std::string id = xml_field(created.text, "UploadId");
  if (id.empty()) fail("multipart upload of " + key + " (no UploadId)", created);
  {
    std::lock_guard<std::mutex> lock(open_mu_);
    open_uploads_.insert({key, id});
  }
  const std::uint64_t part = options_.part_size;
  const std::uint64_t parts = (size + part - 1) / part;
  const unsigned slots = static_cast<unsigned>(std::min<std::uint64_t>({parts, kPartsInFlightPerEntry, options_.concurrency}));
  std::vector<std::vector<std::byte>> buffers(slots);
  struct InFlight {
    HttpRequest request;
    std::future<HttpResponse> answer;
  };
  std::deque<InFlight> flying;
  std::vector<std::string> etags(parts);
  std::uint64_t settled = 0;
  auto settle_oldest = [&] {
    HttpResponse r = settle(flying.front().request, flying.front().answer);
    flying.pop_front();
    if (!ok(r)) fail("part " + std::to_string(settled + 1) + " of " + key, r);
    etags[settled++] = r.etag;
  };
  try {
    for (std::uint64_t i = 0; i < parts; ++i) {
      if (flying.size() == slots) settle_oldest();
      std::vector<std::byte>& buf = buffers[i % slots];
      const std::uint64_t len = std::min(part, size - i * part);
      buf.resize(len);
      const double fill_start = monotonic_s();
      src.fill(i * part, buf.data(), len);
      (flying.empty() ? t.host_s : t.overlapped_s) += monotonic_s() - fill_start;
      const std::string query = "partNumber=" + std::to_string(i + 1) + "&uploadId=" + uri_encode(id, false);
      HttpRequest put = sending(http_request("PUT", address_.object_url(key, query)), buf.data(), len);
      std::future<HttpResponse> f = http_->submit(put);
      flying.push_back({std::move(put), std::move(f)});
    }
    while (!flying.empty()) settle_oldest();
    std::string xml = "<CompleteMultipartUpload>";
    for (std::uint64_t i = 0; i < parts; ++i)
      xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etags[i] + "</ETag></Part>";
    xml += "</CompleteMultipartUpload>";
    // A complete can fail with 200 and an <Error> body, as S3 documents.
    const HttpResponse done = send(sending(http_request("POST", address_.object_url(key, "uploadId=" + uri_encode(id, false))),
                                            reinterpret_cast<const std::byte*>(xml.data()), xml.size()));
    if (!ok(done) || done.text.find("<Error>") != std::string::npos) fail("completing the upload of " + key, done);
  } catch (...) {
    for (auto& f : flying)  // the buffers stay alive until no part reads them
      if (f.answer.valid()) f.answer.wait();
    abort_upload(key, id);
    throw;
  }
  {
    std::lock_guard<std::mutex> lock(open_mu_);
    open_uploads_.erase({key, id});
  }
  t.device_s = monotonic_s() - start - t.host_s;
  return t;
}

void S3Tier::record_get(const HttpResponse& r) {
  const auto us = static_cast<std::uint64_t>(r.ttfb_s * 1e6);
  stats_->gets.fetch_add(1, std::memory_order_relaxed);
  stats_->ttfb_total_us.fetch_add(us, std::memory_order_relaxed);
  std::uint64_t seen = stats_->ttfb_max_us.load(std::memory_order_relaxed);
  while (us > seen && !stats_->ttfb_max_us.compare_exchange_weak(seen, us)) {
  }
}

IoTiming S3Tier::read(const std::string& key, std::uint64_t offset, std::uint64_t len, ByteSink& dst) {
  if (cancelled_.load()) throw TierFailure("S3 read of " + key + " cancelled", ECANCELED);
  const double start = monotonic_s();
  IoTiming t;
  if (len == 0) {  // nothing to fetch, but the entry must be there
    const HttpResponse r = send(http_request("HEAD", address_.object_url(key)));
    if (!ok(r)) fail("HEAD " + key, r);
    t.device_s = monotonic_s() - start;
    return t;
  }
  const std::uint64_t part = options_.part_size;
  const std::uint64_t chunks = (len + part - 1) / part;
  const unsigned slots = static_cast<unsigned>(std::min<std::uint64_t>({chunks, kPartsInFlightPerEntry, options_.concurrency}));
  std::vector<std::vector<std::byte>> buffers(slots);
  struct InFlight {
    HttpRequest request;
    std::future<HttpResponse> answer;
    std::uint64_t at;
    std::uint64_t len;
  };
  std::deque<InFlight> flying;
  auto deliver_oldest = [&] {
    InFlight& f = flying.front();
    const HttpResponse r = settle(f.request, f.answer);
    if (!ok(r)) fail("GET " + key, r);
    record_get(r);
    // More than the range is the whole object (s3rver answers bytes=0-0 so): its first bytes
    // are the range only when the range starts at 0.
    const bool whole_object = f.at == 0 && r.received > f.len;
    if (r.received != f.len && !whole_object)
      throw TierFailure("S3 read of " + key + " past the end of the object (" + std::to_string(r.received) + " of " +
                            std::to_string(f.len) + " bytes at " + std::to_string(f.at) + ")", EINVAL);
    const double take_start = monotonic_s();
    dst.take(f.at, f.request.into, f.len);
    (flying.size() > 1 ? t.overlapped_s : t.host_s) += monotonic_s() - take_start;
    flying.pop_front();
  };
  try {
    for (std::uint64_t i = 0; i < chunks; ++i) {
      if (flying.size() == slots) deliver_oldest();
      std::vector<std::byte>& buf = buffers[i % slots];
      const std::uint64_t at = offset + i * part;
      const std::uint64_t n = std::min(part, offset + len - at);
      buf.resize(n);
      const std::string range = "Range: bytes=" + std::to_string(at) + "-" + std::to_string(at + n - 1);
      HttpRequest get = receiving(http_request("GET", address_.object_url(key), {range}), buf.data(), n);
      std::future<HttpResponse> f = http_->submit(get);
      flying.push_back({std::move(get), std::move(f), at, n});
    }
    while (!flying.empty()) deliver_oldest();
  } catch (...) {
    for (auto& f : flying)  // no answer may land in a freed buffer
      if (f.answer.valid()) f.answer.wait();
    throw;
  }
  t.device_s = monotonic_s() - start - t.host_s;
  return t;
}

void S3Tier::remove(const std::string& key) {
  if (cancelled_.load()) return;
  const HttpResponse r = send(http_request("DELETE", address_.object_url(key)));
  if (ok(r) || (r.status == 404 && xml_field(r.text, "Code") != "NoSuchBucket")) return;
  // A bucket without permission to delete (403) keeps the object: counted here and by cause,
  // logged once; the cache forgets the entry anyway (nothing reads it again).
  stats_->failed_deletes.fetch_add(1, std::memory_order_relaxed);
  fail("DELETE " + key, r);
}

std::string S3Tier::summary() const {
  const auto v = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  std::ostringstream s;
  s << "S3 tier: " << v(stats_->requests) << " requests, " << v(stats_->retries) << " retried, failed: "
    << v(stats_->failed_unreachable) << " unreachable, " << v(stats_->failed_forbidden) << " forbidden, "
    << v(stats_->failed_no_bucket) << " no bucket, " << v(stats_->failed_throttled) << " throttled, "
    << v(stats_->failed_other) << " other; " << v(stats_->uploads_aborted) << " uploads aborted; "
    << v(stats_->failed_deletes) << " deletes refused or failed; ";
  if (v(stats_->gets) > 0)
    s << "GET TTFB mean " << static_cast<double>(v(stats_->ttfb_total_us)) / static_cast<double>(v(stats_->gets)) / 1e3
      << " ms, max " << static_cast<double>(v(stats_->ttfb_max_us)) / 1e3 << " ms; ";
  s << "on the wire " << v(stats_->wire_up) << " B up, " << v(stats_->wire_down) << " B down";
  return s.str();
}

nlohmann::json s3_counters_json(const S3Stats& s) {
  const auto v = [](const std::atomic<std::uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  const std::uint64_t gets = v(s.gets);
  return {{"requests", v(s.requests)},
          {"retries", v(s.retries)},
          {"throttled_503", v(s.throttled_answers)},
          {"failures",
           {{"unreachable", v(s.failed_unreachable)},
            {"forbidden", v(s.failed_forbidden)},
            {"no_bucket", v(s.failed_no_bucket)},
            {"throttled", v(s.failed_throttled)},
            {"other", v(s.failed_other)}}},
          {"delete_failures", v(s.failed_deletes)},
          {"uploads_aborted", v(s.uploads_aborted)},
          {"gets", gets},
          {"get_ttfb_mean_ms", gets > 0 ? static_cast<double>(v(s.ttfb_total_us)) / static_cast<double>(gets) / 1e3 : 0.0},
          {"get_ttfb_max_ms", static_cast<double>(v(s.ttfb_max_us)) / 1e3},
          {"wire_bytes_up", v(s.wire_up)},
          {"wire_bytes_down", v(s.wire_down)}};
}

}  // namespace kvbench::tiers
