// Issue 18 item 4: one workload at --block-tokens 0, 16, 256, 1024 against the storage level
// (gpu 0, cpu 0, real files under --dir), and fio at the same I/O sizes on the same directory.
// For each size kvbench prints write and read bandwidth (bytes / summed operation latency, as
// kvbench.tier_io times them), IOPS (operations / the timed window) and p50/p99 device latency;
// fio writes as many files of kvbench's mean object size one after another (O_DIRECT, io_uring,
// the same --io-size and queue depth, fsync on close: like kvbench's create, write, fdatasync,
// close per object), then reads them back; the ratio per size is kvbench / fio bandwidth.
// The workload: synthetic users of tiny-1b (24 KiB per token, so that a 16-token block is
// 384 KiB and a whole entry a few hundred MiB at most), no multi-turn or system prompts, no
// generation time, --max-requests bounding the bytes.
// Usage: block_size_sweep [--dir DIR] [--kvbench PATH] [--fio PATH] [--requests N]
//                         [--sizes 0,16,256,1024] [--io-size BYTES] [--depth N]
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/rounds.h"

namespace {

using kvbench::bench::load_average;
using kvbench::bench::run_child;

constexpr double kMiB = 1024.0 * 1024.0;

struct Options {
  std::string dir = "./block_size_sweep.work";
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string fio = "fio";
  int requests = 40;
  std::vector<std::string> sizes = {"0", "16", "256", "1024"};
  std::uint64_t io_size = 1 << 20;
  int depth = 32;
};

nlohmann::json load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

struct Side {
  double write_mibs = 0, read_mibs = 0, write_iops = 0, read_iops = 0;
  double write_p50 = 0, write_p99 = 0, read_p50 = 0, read_p99 = 0;  // ms
  double object_bytes = 0;  // mean bytes per write
  double objects = 0;
};

Side run_kvbench(const Options& o, const std::string& block_tokens, const std::string& work) {
  const std::string out = work + "/kvbench-" + block_tokens + ".json";
  const std::string log = work + "/kvbench-" + block_tokens + ".log";
  const auto c = run_child({o.kvbench, "--model", "tiny-1b", "--num-users", "4", "--workers", "4", "--duration",
                            "3600", "--max-requests", std::to_string(o.requests), "--gpu-mem-gb", "0",
                            "--cpu-mem-gb", "0", "--generation-mode", "none", "--disable-multi-turn",
                            "--disable-prefix-caching", "--cache-dir", work + "/kvbench", "--storage-capacity-gb",
                            "16", "--io-engine", "uring", "--io-size", std::to_string(o.io_size), "--io-depth",
                            std::to_string(o.depth), "--block-tokens", block_tokens, "--seed", "1", "--quiet",
                            "--output", out},
                           log);
  std::filesystem::remove_all(work + "/kvbench");
  if (c.exit_code != 0) {
    std::fprintf(stderr, "kvbench --block-tokens %s failed (exit %d); see %s\n", block_tokens.c_str(), c.exit_code,
                 log.c_str());
    std::exit(1);
  }
  const auto j = load(out);
  const auto& cs = j["summary"]["cache_stats"];
  const auto& io = j["kvbench"]["tier_io"]["nvme"];
  const double written = cs["tier_storage_kv_bytes_written_gb"].get<double>() * 1024 * kMiB;
  const double read = cs["tier_storage_kv_bytes_read_gb"].get<double>() * 1024 * kMiB;
  Side s;
  s.objects = io["write_ops"].get<double>();
  s.object_bytes = s.objects > 0 ? written / s.objects : 0;
  s.write_mibs = written / kMiB / std::max(io["write_s"].get<double>(), 1e-9);
  s.read_mibs = read / kMiB / std::max(io["read_s"].get<double>(), 1e-9);
  s.write_iops = s.objects / c.wall_s;
  s.read_iops = io["read_ops"].get<double>() / c.wall_s;
  s.write_p50 = cs.value("storage_write_device_p50_ms", 0.0);
  s.write_p99 = cs.value("storage_write_device_p99_ms", 0.0);
  s.read_p50 = cs.value("storage_read_device_p50_ms", 0.0);
  s.read_p99 = cs.value("storage_read_device_p99_ms", 0.0);
  return s;
}

// fio over `files` files of `bytes` each, written one after another then read back.
Side run_fio(const Options& o, double bytes, double objects, const std::string& work) {
  Side s;
  const auto size = static_cast<std::uint64_t>(std::max(4096.0, bytes)) / 4096 * 4096;
  const auto files = static_cast<std::uint64_t>(std::clamp(objects, 1.0, 4096.0));
  for (const std::string rw : {"write", "read"}) {
    const std::string out = work + "/fio-" + rw + ".json";
    std::filesystem::create_directories(work + "/fio");
    const auto c = run_child({o.fio, "--name=sweep", "--directory=" + work + "/fio", "--rw=" + rw,
                              "--bs=" + std::to_string(std::min<std::uint64_t>(o.io_size, size)),
                              "--iodepth=" + std::to_string(o.depth), "--ioengine=io_uring", "--direct=1",
                              "--filesize=" + std::to_string(size), "--nrfiles=" + std::to_string(files),
                              "--openfiles=1", "--filename_format=obj.$filenum", "--file_service_type=sequential",
                              "--fsync_on_close=1", "--lat_percentiles=1", "--percentile_list=50:99",
                              "--output-format=json", "--output=" + out},
                             work + "/fio-" + rw + ".log");
    if (c.exit_code != 0) {
      std::fprintf(stderr, "fio %s failed (exit %d); is fio installed?\n", rw.c_str(), c.exit_code);
      std::exit(1);
    }
    const nlohmann::json result = load(out);
    const auto& job = result["jobs"][0][rw];
    const double mibs = job["bw_bytes"].get<double>() / kMiB;
    // Objects per second: fio counts I/Os of --bs; an object is size / bs of them.
    const double iops = job["iops"].get<double>() * static_cast<double>(std::min<std::uint64_t>(o.io_size, size)) /
                        static_cast<double>(size);
    const nlohmann::json pct = job["lat_ns"].value("percentile", nlohmann::json::object());
    const double p50 = pct.value("50.000000", 0.0) / 1e6, p99 = pct.value("99.000000", 0.0) / 1e6;
    if (rw == "write") {
      s.write_mibs = mibs, s.write_iops = iops, s.write_p50 = p50, s.write_p99 = p99;
    } else {
      s.read_mibs = mibs, s.read_iops = iops, s.read_p50 = p50, s.read_p99 = p99;
    }
  }
  std::filesystem::remove_all(work + "/fio");
  s.object_bytes = static_cast<double>(size);
  return s;
}

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--dir") o.dir = argv[i + 1];
    else if (a == "--kvbench") o.kvbench = argv[i + 1];
    else if (a == "--fio") o.fio = argv[i + 1];
    else if (a == "--requests") o.requests = std::max(1, std::atoi(argv[i + 1]));
    else if (a == "--sizes") o.sizes = split(argv[i + 1]);
    else if (a == "--io-size") o.io_size = std::stoull(argv[i + 1]);
    else if (a == "--depth") o.depth = std::max(1, std::atoi(argv[i + 1]));
  }
  const std::string work = o.dir + "/run_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  std::printf("block-size sweep on %s: tiny-1b, %d requests, io-size %llu, depth %d (latencies: p50/p99 ms; "
              "kvbench = device time, fio = completion latency of one --bs I/O)\n",
              work.c_str(), o.requests, static_cast<unsigned long long>(o.io_size), o.depth);
  std::printf("%-7s %-8s %10s %9s %9s %15s %10s %9s %15s\n", "block", "side", "object KiB", "write MiB/s", "write IOPS",
              "write p50/p99", "read MiB/s", "read IOPS", "read p50/p99");
  for (const auto& size : o.sizes) {
    const Side k = run_kvbench(o, size, work);
    const Side f = run_fio(o, k.object_bytes, k.objects, work);
    for (const auto& [name, s] : {std::pair<const char*, const Side&>{"kvbench", k}, {"fio", f}})
      std::printf("%-7s %-8s %10.0f %11.1f %10.1f %7.2f/%-7.2f %10.1f %9.1f %7.2f/%-7.2f\n", size.c_str(), name,
                  s.object_bytes / 1024, s.write_mibs, s.write_iops, s.write_p50, s.write_p99, s.read_mibs,
                  s.read_iops, s.read_p50, s.read_p99);
    std::printf("%-7s ratio kvbench/fio: write %.3f, read %.3f  (load %s)\n", size.c_str(),
                f.write_mibs > 0 ? k.write_mibs / f.write_mibs : 0, f.read_mibs > 0 ? k.read_mibs / f.read_mibs : 0,
                load_average().c_str());
  }
  std::filesystem::remove_all(work);
  return 0;
}
