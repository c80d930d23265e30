// What the tier backends are configured with. Each backend that has options owns one member of
// BackendOptions and declares the flag rows that fill it next to its code (tier_registry.h);
// RunConfig carries a BackendOptions: the header is vocabulary (common/), so config/ can hold
// the options without seeing the backends, and tiers/ never reads RunConfig. Header-only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kvbench::tiers {

// How the file backend moves bytes: io_uring, pread/pwrite, or io_uring with the pread/pwrite
// fallback where the kernel refuses it (--io-engine).
enum class IoEngineKind : std::uint8_t { Auto, Uring, Psync };
inline constexpr std::array<IoEngineKind, 3> kIoEngineKinds = {IoEngineKind::Auto, IoEngineKind::Uring,
                                                               IoEngineKind::Psync};

// The --io-engine spelling of each kind: auto, uring, psync.
inline constexpr std::string_view io_engine_kind_name(IoEngineKind k) {
  switch (k) {
    case IoEngineKind::Auto: return "auto";
    case IoEngineKind::Uring: return "uring";
    case IoEngineKind::Psync: return "psync";
  }
  return "auto";
}

// The defaults of --io-size and --io-depth, written here only (the flag rows print them).
inline constexpr std::size_t kDefaultIoSize = std::size_t{1} << 20;  // as fio's bs=1M
inline constexpr unsigned kDefaultIoDepth = 16;

// The file backend: one file per entry under a directory (the storage level of a real run).
struct FileOptions {
  std::optional<std::string> dir;  // --cache-dir; unset: a new temp dir kv_cache_XXXXXX
  IoEngineKind engine = IoEngineKind::Auto;
  std::size_t io_size = kDefaultIoSize;  // bytes per I/O, a multiple of 4096
  unsigned io_depth = kDefaultIoDepth;   // I/Os in flight per entry (io_uring only)
};

// Which backend holds the storage level's bytes in a real run: files under --cache-dir, or
// objects in an S3 bucket (--storage-backend s3, or a --cache-dir s3://bucket/prefix).
enum class StorageBackendKind : std::uint8_t { File, S3 };

// How the S3 backend names a bucket: path-style (endpoint/bucket/key, what S3-compatible servers
// on one host answer), virtual-host (bucket.endpoint/key, AWS's own), or auto: path-style for an
// --s3-endpoint, virtual-host for AWS.
enum class S3Addressing : std::uint8_t { Auto, Path, Virtual };

// The defaults of --s3-part-size and --s3-concurrency, written here only (the flag rows print
// them). 8 MiB parts are the AWS CLI's; S3 accepts 5 MiB to 5 GiB per part.
inline constexpr std::size_t kDefaultS3PartSize = std::size_t{8} << 20;
inline constexpr std::size_t kMinS3PartSize = std::size_t{5} << 20;
inline constexpr std::size_t kMaxS3PartSize = std::size_t{5} << 30;
inline constexpr unsigned kDefaultS3Concurrency = 16;

// The S3 backend: one object per entry under `prefix` in `bucket`. Credentials are never
// options: they come from the environment or the credentials file (tiers/s3/s3_credentials.h).
struct S3Options {
  std::string endpoint;  // --s3-endpoint; empty: https://s3.<region>.amazonaws.com
  std::string bucket;    // --s3-bucket, or the bucket of a --cache-dir s3://bucket/prefix
  std::string prefix;    // --s3-prefix, or the prefix of that URL
  std::string region = "us-east-1";
  S3Addressing addressing = S3Addressing::Auto;
  std::size_t part_size = kDefaultS3PartSize;  // multipart upload above this; ranged GETs of it
  unsigned concurrency = kDefaultS3Concurrency;  // HTTP requests in flight, all entries together
  unsigned max_retries = 4;  // of a throttled (503 SlowDown) or 500 request, with backoff
};

// The optional fourth level below storage (issue 21): objects in a bucket, with the endpoint,
// region, part size and concurrency of the --s3-* options; its own bucket and prefix, and its
// own capacity (a bucket has no free space to ask). Unset `url`: the run has no object level.
struct ObjectLevelOptions {
  std::optional<std::string> url;  // --object-tier s3://bucket/prefix
  double capacity_bytes = 0;       // --object-capacity-gb; 0 = unlimited
};

// One member per backend with options; null, dram and cuda have none of their own.
struct BackendOptions {
  FileOptions file;
  StorageBackendKind storage = StorageBackendKind::File;
  S3Options s3;
  ObjectLevelOptions object;
};

}  // namespace kvbench::tiers
