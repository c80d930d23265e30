// The S3 backend's registry row: its flag rows (--storage-backend and the --s3-* options, with
// the typed defaults of S3Options), its construction for the storage level (credentials from
// the environment or the credentials file, the bucket checked with one HEAD, the capacity from
// --storage-capacity-gb since a bucket has no free space to ask), and its part of
// kvbench.storage_io. No credential is ever logged or described.
#include <cmath>
#include <limits>

#include "common/log.h"
#include "tiers/gib_text.h"
#include "tiers/s3/s3_tier.h"
#include "tiers/tier_registry.h"

namespace kvbench::tiers {
namespace {

constexpr std::string_view addressing_name(S3Addressing a) {
  switch (a) {
    case S3Addressing::Auto: return "auto";
    case S3Addressing::Path: return "path";
    case S3Addressing::Virtual: return "virtual";
  }
  return "auto";
}

OptionRow text_row(std::string_view name, std::string default_text, std::string_view help,
                   std::string S3Options::*member) {
  return {name, OptionKind::String, std::move(default_text), help, {}, std::nullopt, std::nullopt,
          [member](BackendOptions& o, const OptionValue& v) { o.s3.*member = v.s; }};
}

std::vector<OptionRow> option_rows() {
  const S3Options d;
  std::vector<OptionRow> rows;
  rows.push_back({"--storage-backend", OptionKind::Choice, "file",
                  "What holds the storage level in a real run: file (--cache-dir) or s3 (--s3-*)", {"file", "s3"},
                  std::nullopt, std::nullopt, [](BackendOptions& o, const OptionValue& v) {
                    o.storage = v.s == "s3" ? StorageBackendKind::S3 : StorageBackendKind::File;
                  }});
  rows.push_back(text_row("--s3-endpoint", "AWS (https://s3.<region>.amazonaws.com)",
                          "S3 endpoint URL, e.g. http://127.0.0.1:4568", &S3Options::endpoint));
  rows.push_back(text_row("--s3-bucket", "none", "S3 bucket of the storage level (or --cache-dir s3://bucket/prefix)",
                          &S3Options::bucket));
  rows.push_back(text_row("--s3-prefix", "none", "Prefix of the entries' object names", &S3Options::prefix));
  rows.push_back(text_row("--s3-region", d.region, "Region the requests are signed for", &S3Options::region));
  OptionRow addressing{"--s3-addressing", OptionKind::Choice, std::string(addressing_name(d.addressing)),
                       "Bucket addressing: path (endpoint/bucket), virtual (bucket.endpoint), auto (path for --s3-endpoint)",
                       {"auto", "path", "virtual"}, std::nullopt, std::nullopt,
                       [](BackendOptions& o, const OptionValue& v) {
                         for (S3Addressing a : {S3Addressing::Auto, S3Addressing::Path, S3Addressing::Virtual})
                           if (addressing_name(a) == v.s) o.s3.addressing = a;
                       }};
  rows.push_back(std::move(addressing));
  rows.push_back({"--s3-part-size", OptionKind::Int, std::to_string(d.part_size),
                  "Bytes per multipart-upload part and per ranged GET (S3 allows 5 MiB to 5 GiB)", {},
                  static_cast<double>(kMinS3PartSize), static_cast<double>(kMaxS3PartSize),
                  [](BackendOptions& o, const OptionValue& v) { o.s3.part_size = static_cast<std::size_t>(v.i); }});
  rows.push_back({"--s3-concurrency", OptionKind::Int, std::to_string(d.concurrency),
                  "S3 requests in flight, all entries together", {}, 1, 1024,
                  [](BackendOptions& o, const OptionValue& v) { o.s3.concurrency = static_cast<unsigned>(v.i); }});
  rows.push_back({"--s3-retries", OptionKind::Int, std::to_string(d.max_retries),
                  "Retries of a throttled (503 SlowDown) or 500 S3 request, with backoff", {}, 0, 16,
                  [](BackendOptions& o, const OptionValue& v) { o.s3.max_retries = static_cast<unsigned>(v.i); }});
  return rows;
}

nlohmann::json describe(const S3Tier& tier, double limit) {
  const S3Options& o = tier.options();
  return {{"storage_backend", "s3"},
          {"s3_endpoint", tier.address().endpoint()},
          {"s3_bucket", o.bucket},
          {"s3_prefix", o.prefix},
          {"s3_region", o.region},
          {"s3_addressing", tier.address().path_style() ? "path" : "virtual"},
          {"s3_part_size", o.part_size},
          {"s3_concurrency", o.concurrency},
          {"storage_limit_bytes", std::isfinite(limit) ? nlohmann::json(limit) : nlohmann::json(nullptr)}};
}

BuiltLevel build(const LevelRequest& r) {
  const S3Options& o = r.options->s3;
  if (o.bucket.empty()) throw TierSetupError("--storage-backend s3 needs --s3-bucket (or --cache-dir s3://bucket/prefix)", 2);
  std::string why;
  const auto credentials = load_s3_credentials(why);
  if (!credentials) throw TierSetupError("S3 storage level: no credentials (" + why + ")", 2);
  auto tier = std::make_unique<S3Tier>(o, *credentials, r.level);
  if (const std::string problem = tier->check_bucket(); !problem.empty())
    throw TierSetupError(problem, problem.find("unreachable") != std::string::npos ? 1 : 2);
  const double limit = r.capacity_bytes > 0 ? r.capacity_bytes : std::numeric_limits<double>::infinity();
  log::info("S3 tier: bucket " + o.bucket + (o.prefix.empty() ? "" : ", prefix " + o.prefix) + " at " +
            tier->address().endpoint() + " (" + (tier->address().path_style() ? "path" : "virtual-host") +
            " addressing, credentials from " + credentials->source + "), " + std::to_string(o.part_size >> 20) +
            " MiB parts, " + std::to_string(o.concurrency) + " requests in flight, capacity " +
            (std::isfinite(limit) ? gib_text(limit) : "unlimited (no --storage-capacity-gb)"));
  BuiltLevel built;
  built.storage_io = describe(*tier, limit);
  built.report = [stats = tier->shared_stats()](nlohmann::json& io) { io["s3_counters"] = s3_counters_json(*stats); };
  built.limit_bytes = limit;
  built.tier = std::move(tier);
  return built;
}

}  // namespace

Backend s3_backend() {
  Backend b;
  b.name = "s3";
  b.options = option_rows();
  b.probe = [](const LevelRequest&) { return std::string(); };
  b.build = build;
  return b;
}

}  // namespace kvbench::tiers
