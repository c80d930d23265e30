// Issue-5 targets of the NVMe tier, measured on the kvbench binary against fio in the same run,
// on the same directory, with the same I/O size and the same total queue depth, O_DIRECT and
// io_uring on both sides:
//  * storage read and write bandwidth, kvbench / fio >= 0.90, for entries of 64 MiB and 512 MiB;
//  * host time <= 5 % of the storage latency at p50 (and the overlapped work, for the record).
//
// kvbench side: `--gpu-mem-gb 0 --cpu-mem-gb 0 --generation-mode none`, prefix caching and
// multi-turn off, and a --config whose model ("bench-entry", E bytes per token) and user templates
// (contexts of 1 token, 1 generated token) make every request write one entry of exactly E bytes
// and read it back twice (decode probe + one decode batch). Bandwidth =
// the tier's bytes / the summed latency of its operations (kvbench.tier_io), i.e. what the
// storage delivered while kvbench was using it, unaffected by think time.
// fio side (its io_uring engine with registered buffers, as kvbench's rings have; without them
// fio reads at about half the speed here): per entry size, one job writing files of E bytes one
// after another (openfiles=1,
// fsync_on_close=1: like kvbench's create, write, fdatasync, close per entry), then one reading
// them twice right after (kvbench reads each entry twice right after writing it; a device or
// host cache that favours fresh data then favours both sides alike).
//
// Usage: nvme_vs_fio [--dir DIR] [--kvbench PATH] [--fio PATH] [--io-size BYTES] [--depth N]
//                    [--workers N] [--seconds S] [--rounds N] [--sizes-mib 64,512] [--fio-gib G]
//                    [--capacity-gib G]
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

namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * kMiB;

struct Options {
  std::string dir = "./nvme_vs_fio.work";
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string fio = "fio";
  std::uint64_t io_size = 1 << 20;
  int depth = 32;
  int workers = 1;
  int seconds = 10;
  int rounds = 3;
  std::vector<std::uint64_t> sizes_mib = {64, 512};
  double fio_gib = 1;       // bytes fio writes, then reads twice, per entry size
  double capacity_gib = 8;  // kvbench's --storage-capacity-gb: bounds its disk use
};

// Exit code of argv run with its output in `log`.
int run(const std::vector<std::string>& argv, const std::string& log) {
  return kvbench::bench::run_child(argv, log).exit_code;
}

nlohmann::json load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

void require(int rc, const std::string& what, const std::string& log) {
  if (rc == 0) return;
  std::fprintf(stderr, "%s failed with exit code %d; its output is in %s\n", what.c_str(), rc, log.c_str());
  std::exit(1);
}

// A request's context is randint(L/4, L) tokens of its user's length L (spec §5.1), so the only
// way to make every entry the same size is L = 1 token and a model of E bytes per token:
// 1 KV head of 1024 dims, K and V, fp16 = 4 KiB per layer, E / 4 KiB layers.
std::string bench_config(std::uint64_t entry_bytes) {
  const char* one_token = "{context_range: [1, 1], generation_range: [1, 1], think_time_range: [0.02, 0.02]}";
  std::ostringstream y;
  y << "user_templates:\n  chatbot: " << one_token << "\n  coding: " << one_token << "\n  document: " << one_token
    << "\nmodel_configs:\n  bench-entry:\n    name: \"bench entry\"\n    num_layers: " << entry_bytes / 4096
    << "\n    hidden_dim: 1024\n    num_heads: 1\n    kv_heads: 1\n    dtype: float16\n    attention_type: gqa\n";
  return y.str();
}

struct Figures {
  double read_gibs = 0, write_gibs = 0;
  double read_host_p50 = 0, write_host_p50 = 0;          // host / total at p50
  double read_overlapped = 0, write_overlapped = 0;      // overlapped work / summed latency
  double read_p50_ms = 0, write_p50_ms = 0;
  double reads = 0, writes = 0;
};

Figures run_kvbench(const Options& o, std::uint64_t entry_bytes, const std::string& work) {
  const std::string tag = std::to_string(entry_bytes >> 20) + "m";
  const std::string config = work + "/bench-" + tag + ".yaml";
  std::ofstream(config) << bench_config(entry_bytes);
  const std::string out = work + "/kvbench-" + tag + ".json";
  const std::string log = work + "/kvbench-" + tag + ".log";
  const int rc = run({o.kvbench, "--config", config, "--model", "bench-entry", "--num-users", std::to_string(o.workers),
                      "--workers", std::to_string(o.workers), "--duration", std::to_string(o.seconds),
                      "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode", "none",
                      "--disable-multi-turn", "--disable-prefix-caching", "--cache-dir", work + "/kvbench",
                      "--storage-capacity-gb", std::to_string(o.capacity_gib), "--io-engine", "uring",
                      "--io-size", std::to_string(o.io_size), "--io-depth", std::to_string(o.depth),
                      "--seed", "1", "--output", out},
                     log);
  require(rc, "kvbench", log);
  const auto j = load(out);
  const auto& cs = j["summary"]["cache_stats"];
  const auto& io = j["kvbench"]["tier_io"]["nvme"];
  Figures f;
  f.read_gibs = cs["tier_storage_kv_bytes_read_gb"].get<double>() / io["read_s"].get<double>() * o.workers;
  f.write_gibs = cs["tier_storage_kv_bytes_written_gb"].get<double>() / io["write_s"].get<double>() * o.workers;
  f.read_p50_ms = cs["storage_read_p50_ms"].get<double>();
  f.write_p50_ms = cs["storage_write_p50_ms"].get<double>();
  f.read_host_p50 = cs["storage_read_host_p50_ms"].get<double>() / f.read_p50_ms;
  f.write_host_p50 = cs["storage_write_host_p50_ms"].get<double>() / f.write_p50_ms;
  f.read_overlapped = io["read_overlapped_host_s"].get<double>() / io["read_s"].get<double>();
  f.write_overlapped = io["write_overlapped_host_s"].get<double>() / io["write_s"].get<double>();
  f.reads = io["read_ops"].get<double>();
  f.writes = io["write_ops"].get<double>();
  std::filesystem::remove_all(work + "/kvbench");
  return f;
}

double run_fio(const Options& o, std::uint64_t entry_bytes, const std::string& rw, const std::string& work) {
  const std::string tag = std::to_string(entry_bytes >> 20) + "m-" + rw;
  const std::string out = work + "/fio-" + tag + ".json";
  const std::string log = work + "/fio-" + tag + ".log";
  const auto files = static_cast<std::uint64_t>(o.fio_gib * kGiB / static_cast<double>(entry_bytes));
  std::filesystem::create_directories(work + "/fio");
  const int rc = run({o.fio, "--name=" + rw, "--directory=" + work + "/fio", "--rw=" + rw,
                      "--bs=" + std::to_string(o.io_size), "--iodepth=" + std::to_string(o.depth),
                      "--ioengine=io_uring", "--fixedbufs", "--direct=1", "--filesize=" + std::to_string(entry_bytes),
                      "--nrfiles=" + std::to_string(files > 0 ? files : 1), "--openfiles=1",
                      "--file_service_type=sequential", "--fsync_on_close=1", "--numjobs=" + std::to_string(o.workers),
                      "--loops=" + std::string(rw == "read" ? "2" : "1"),
                      "--group_reporting", "--output-format=json", "--output=" + out},
                     log);
  require(rc, "fio " + rw, log);
  const auto j = load(out);
  return j["jobs"][0][rw == "write" ? "write" : "read"]["bw_bytes"].get<double>() / kGiB;
}

std::vector<std::uint64_t> parse_sizes(const std::string& s) {
  std::vector<std::uint64_t> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoull(item));
  return out;
}

const char* verdict(bool met) { return met ? "MET" : "NOT MET"; }

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n == 0 ? 0 : (n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

}  // namespace

int main(int argc, char** argv) {
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // progress shows when redirected to a file too
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--dir") o.dir = v;
    else if (a == "--kvbench") o.kvbench = v;
    else if (a == "--fio") o.fio = v;
    else if (a == "--io-size") o.io_size = std::stoull(v);
    else if (a == "--depth") o.depth = std::stoi(v);
    else if (a == "--workers") o.workers = std::stoi(v);
    else if (a == "--seconds") o.seconds = std::stoi(v);
    else if (a == "--rounds") o.rounds = std::stoi(v);
    else if (a == "--sizes-mib") o.sizes_mib = parse_sizes(v);
    else if (a == "--fio-gib") o.fio_gib = std::stod(v);
    else if (a == "--capacity-gib") o.capacity_gib = std::stod(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  const std::string work = o.dir + "/run_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  std::printf("nvme_vs_fio: %s, I/O size %llu KiB, queue depth %d x %d worker(s), O_DIRECT, io_uring\n",
              std::filesystem::absolute(work).c_str(), static_cast<unsigned long long>(o.io_size >> 10), o.depth,
              o.workers);
  bool all_met = true;
  for (const std::uint64_t mib : o.sizes_mib) {
    const std::uint64_t entry = mib << 20;
    std::printf("\n== entries of %llu MiB: %d rounds, kvbench and fio alternating ==\n",
                static_cast<unsigned long long>(mib), o.rounds);
    std::vector<double> wr, rr, host_w, host_r;
    for (int round = 0; round < o.rounds; ++round) {
      // Alternate who goes first: a shared or thermally drifting device favours neither side.
      Figures k;
      double fio_w = 0, fio_r = 0;
      const auto fio_pair = [&] {
        fio_w = run_fio(o, entry, "write", work);
        fio_r = run_fio(o, entry, "read", work);
        std::filesystem::remove_all(work + "/fio");
      };
      if (round % 2 == 0) {
        k = run_kvbench(o, entry, work);
        fio_pair();
      } else {
        fio_pair();
        k = run_kvbench(o, entry, work);
      }
      wr.push_back(k.write_gibs / fio_w);
      rr.push_back(k.read_gibs / fio_r);
      host_w.push_back(k.write_host_p50);
      host_r.push_back(k.read_host_p50);
      std::printf("  round %d  write: kvbench %5.2f fio %5.2f GiB/s (%.2f)  read: kvbench %5.2f fio %5.2f GiB/s (%.2f)"
                  "  [%.0f writes p50 %.1f ms, %.0f reads p50 %.1f ms; overlapped work w %.0f%% r %.0f%%]\n",
                  round + 1, k.write_gibs, fio_w, wr.back(), k.read_gibs, fio_r, rr.back(), k.writes, k.write_p50_ms,
                  k.reads, k.read_p50_ms, 100 * k.write_overlapped, 100 * k.read_overlapped);
    }
    const double w = median(wr), r = median(rr), hw = median(host_w), hr = median(host_r);
    std::printf("  median kvbench/fio: write %.2f (%s), read %.2f (%s)   target >= 0.90\n", w, verdict(w >= 0.9), r,
                verdict(r >= 0.9));
    std::printf("  median host share of storage latency at p50: write %.2f %%, read %.2f %%   target <= 5 %%: %s\n",
                100 * hw, 100 * hr, verdict(hw <= 0.05 && hr <= 0.05));
    all_met = all_met && w >= 0.9 && r >= 0.9 && hw <= 0.05 && hr <= 0.05;
  }
  std::filesystem::remove_all(work);
  std::printf("\nall targets: %s\n", verdict(all_met));
  return 0;
}
