// kvbench's NVMe tier against fio in the same run, on the same directory, with the same I/O size
// and total queue depth, O_DIRECT and io_uring on both sides, made exact (issue 14 item 10):
//  * both sides move the same bytes in the same file pattern: per entry size E, kvbench serves
//    N = --gib / E requests (--max-requests), each writing one new entry file of E bytes and
//    reading it back twice (decode probe + one decode batch); fio writes N files of E bytes one
//    after another (openfiles=1, fsync_on_close=1: like kvbench's create, write, fdatasync, close
//    per entry), then reads them twice;
//  * each side is checked with the block device's own counters (tiers/block_device.h), read just
//    before and after it: device bytes read and written, and device busy time, printed per side;
//  * at least 5 rounds, alternating which side goes first (a shared or drifting device favours
//    neither), medians of the ratios, and the load average printed with every round;
//  * a ratio above 1.0 is explained from the counters: either one side moved fewer device bytes
//    (it did less work), or the device did the same work at the same rate and the difference is in
//    what each tool times. kvbench's figure is its storage bytes / the summed latency of its
//    operations (kvbench.tier_io); fio's is bytes / the job's run time, which also holds the file
//    opens, closes and fsyncs between I/Os. The device-side rate, device bytes / device busy time,
//    is the same measure for both.
// Issue-5 targets (kvbench / fio >= 0.90 on both directions; host time <= 5 % of the storage
// latency at p50) are printed as before.
//
// kvbench side: `--gpu-mem-gb 0 --cpu-mem-gb 0 --generation-mode none`, prefix caching and
// multi-turn off, and a --config whose model ("bench-entry", E bytes per token) and user templates
// (contexts of 1 token, 1 generated token) make every request write one entry of exactly E bytes.
// fio side: its io_uring engine with registered buffers, as kvbench's rings have.
//
// Usage: nvme_vs_fio [--dir DIR] [--kvbench PATH] [--fio PATH] [--io-size BYTES] [--depth N]
//                    [--rounds N] [--sizes-mib 64,512] [--gib G] [--capacity-gib G]
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/child_process.h"
#include "support/rounds.h"
#include "tiers/block_device.h"

namespace {

namespace tiers = kvbench::tiers;
using kvbench::bench::load_average;
using kvbench::bench::median;

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGiB = 1024.0 * kMiB;

struct Options {
  std::string dir = "./nvme_vs_fio.work";
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string fio = "fio";
  std::uint64_t io_size = 1 << 20;
  int depth = 32;
  int rounds = 5;
  std::vector<std::uint64_t> sizes_mib = {64, 512};
  double gib = 1;           // bytes each side writes (then reads twice), per entry size
  double capacity_gib = 8;  // kvbench's --storage-capacity-gb: bounds its disk use
};

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
// No think time: the one user's next request follows its previous one (a closed loop, one entry
// at a time like fio's files). With a think time the user arrived on a timer, a request was in
// flight when --max-requests closed the window, and the drain moved one entry more than fio did
// (the device counters showed 17 entries for 16, 3 for 2).
std::string bench_config(std::uint64_t entry_bytes) {
  const char* one_token = "{context_range: [1, 1], generation_range: [1, 1], think_time_range: [0, 0]}";
  std::ostringstream y;
  y << "user_templates:\n  chatbot: " << one_token << "\n  coding: " << one_token << "\n  document: " << one_token
    << "\nmodel_configs:\n  bench-entry:\n    name: \"bench entry\"\n    num_layers: " << entry_bytes / 4096
    << "\n    hidden_dim: 1024\n    num_heads: 1\n    kv_heads: 1\n    dtype: float16\n    attention_type: gqa\n";
  return y.str();
}

// What the devices under the work directory did while `body` ran.
tiers::DiskCounters on_device(const tiers::DeviceSet& dev, const std::function<void()>& body) {
  const tiers::DeviceSnapshot before = tiers::snapshot_devices(dev);
  body();
  return tiers::device_delta(before, tiers::snapshot_devices(dev)).total;
}

tiers::DiskCounters plus(const tiers::DiskCounters& a, const tiers::DiskCounters& b) {
  return {a.read_ios + b.read_ios, a.write_ios + b.write_ios, a.read_bytes + b.read_bytes,
          a.written_bytes + b.written_bytes, a.busy_ms + b.busy_ms};
}

struct KvbenchSide {
  double read_gibs = 0, write_gibs = 0;            // storage bytes / summed operation latency
  double read_host_p50 = 0, write_host_p50 = 0;    // host / total at p50
  double read_overlapped = 0, write_overlapped = 0;
  double read_p50_ms = 0, write_p50_ms = 0;
  double read_bytes = 0, written_bytes = 0;        // as kvbench counted them
  double read_s = 0, write_s = 0;
  double requests = 0;
  double entries_moved = 0;  // entries kvbench wrote in the whole run (fio writes entries_per_side)
  tiers::DiskCounters device;
};

struct FioSide {
  double read_gibs = 0, write_gibs = 0;  // bytes / job run time
  double read_bytes = 0, written_bytes = 0;
  tiers::DiskCounters write_device, read_device, device;
};

std::uint64_t entries_per_side(const Options& o, std::uint64_t entry_bytes) {
  return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(o.gib * kGiB / static_cast<double>(entry_bytes)));
}

KvbenchSide run_kvbench(const Options& o, std::uint64_t entry_bytes, const std::string& work,
                        const tiers::DeviceSet& dev) {
  const std::string tag = std::to_string(entry_bytes >> 20) + "m";
  const std::string config = work + "/bench-" + tag + ".yaml";
  std::ofstream(config) << bench_config(entry_bytes);
  const std::string out = work + "/kvbench-" + tag + ".json";
  const std::string log = work + "/kvbench-" + tag + ".log";
  const std::uint64_t n = entries_per_side(o, entry_bytes);
  KvbenchSide k;
  k.device = on_device(dev, [&] {
    const int rc = run({o.kvbench, "--config", config, "--model", "bench-entry", "--num-users", "1", "--workers", "1",
                        "--duration", "3600", "--max-requests", std::to_string(n), "--gpu-mem-gb", "0", "--cpu-mem-gb",
                        "0", "--generation-mode", "none", "--disable-multi-turn", "--disable-prefix-caching",
                        "--cache-dir", work + "/kvbench", "--storage-capacity-gb", std::to_string(o.capacity_gib),
                        "--io-engine", "uring", "--io-size", std::to_string(o.io_size), "--io-depth",
                        std::to_string(o.depth), "--seed", "1", "--output", out},
                       log);
    require(rc, "kvbench", log);
    // The entry files' deletion and metadata land inside this side's counters, as fio's do.
    std::filesystem::remove_all(work + "/kvbench");
    ::sync();
  });
  const auto j = load(out);
  const auto& cs = j["summary"]["cache_stats"];
  const auto& io = j["kvbench"]["tier_io"]["nvme"];
  // The bytes of the whole run, as the device saw it: the window, its drain and what operations
  // cut short had moved (kvbench.device); the rates below are the window's.
  const auto& own = j["kvbench"]["device"];
  const double window_read = cs["tier_storage_kv_bytes_read_gb"].get<double>() * kGiB;
  const double window_written = cs["tier_storage_kv_bytes_written_gb"].get<double>() * kGiB;
  k.read_bytes = own.value("kvbench_storage_read_bytes", window_read) + own.value("kvbench_unfinished_read_bytes", 0.0);
  k.written_bytes =
      own.value("kvbench_storage_write_bytes", window_written) + own.value("kvbench_unfinished_write_bytes", 0.0);
  k.entries_moved = k.written_bytes / static_cast<double>(entry_bytes);
  k.read_s = io["read_s"].get<double>();
  k.write_s = io["write_s"].get<double>();
  k.read_gibs = window_read / kGiB / k.read_s;
  k.write_gibs = window_written / kGiB / k.write_s;
  k.read_p50_ms = cs["storage_read_p50_ms"].get<double>();
  k.write_p50_ms = cs["storage_write_p50_ms"].get<double>();
  k.read_host_p50 = cs["storage_read_host_p50_ms"].get<double>() / k.read_p50_ms;
  k.write_host_p50 = cs["storage_write_host_p50_ms"].get<double>() / k.write_p50_ms;
  k.read_overlapped = io["read_overlapped_host_s"].get<double>() / k.read_s;
  k.write_overlapped = io["write_overlapped_host_s"].get<double>() / k.write_s;
  k.requests = j["summary"]["total_requests"].get<double>();
  return k;
}

// One fio job over the same files: N files of E bytes, written once or read twice.
double run_fio(const Options& o, std::uint64_t entry_bytes, const std::string& rw, const std::string& work,
               double& bytes) {
  const std::string tag = std::to_string(entry_bytes >> 20) + "m-" + rw;
  const std::string out = work + "/fio-" + tag + ".json";
  const std::string log = work + "/fio-" + tag + ".log";
  std::filesystem::create_directories(work + "/fio");
  const int rc = run({o.fio, "--name=" + rw, "--directory=" + work + "/fio", "--rw=" + rw,
                      "--bs=" + std::to_string(o.io_size), "--iodepth=" + std::to_string(o.depth),
                      "--ioengine=io_uring", "--fixedbufs", "--direct=1", "--filesize=" + std::to_string(entry_bytes),
                      "--nrfiles=" + std::to_string(entries_per_side(o, entry_bytes)), "--openfiles=1",
                      // One name for both jobs: fio names files after the job by default, so a
                      // read job named "read" laid out new files (1 GiB of buffered writes the
                      // device counters showed) instead of reading what the write job wrote.
                      "--filename_format=entry.$filenum",
                      "--file_service_type=sequential", "--fsync_on_close=1", "--numjobs=1",
                      "--loops=" + std::string(rw == "read" ? "2" : "1"), "--group_reporting",
                      "--output-format=json", "--output=" + out},
                     log);
  require(rc, "fio " + rw, log);
  const nlohmann::json j = load(out);
  const auto& side = j["jobs"][0][rw == "write" ? "write" : "read"];
  bytes = side["io_bytes"].get<double>();
  return side["bw_bytes"].get<double>() / kGiB;
}

FioSide run_fio_pair(const Options& o, std::uint64_t entry_bytes, const std::string& work, const tiers::DeviceSet& dev) {
  FioSide f;
  f.write_device = on_device(dev, [&] {
    f.write_gibs = run_fio(o, entry_bytes, "write", work, f.written_bytes);
    ::sync();
  });
  f.read_device = on_device(dev, [&] {
    f.read_gibs = run_fio(o, entry_bytes, "read", work, f.read_bytes);
    std::filesystem::remove_all(work + "/fio");
    ::sync();
  });
  f.device = plus(f.write_device, f.read_device);
  return f;
}

std::vector<std::uint64_t> parse_sizes(const std::string& s) {
  std::vector<std::uint64_t> out;
  std::stringstream in(s);
  for (std::string item; std::getline(in, item, ',');) out.push_back(std::stoull(item));
  return out;
}

const char* verdict(bool met) { return met ? "MET" : "NOT MET"; }

double ratio(double a, double b) { return b > 0 ? a / b : 0; }

// Device-side rate: what the device moved per second it was busy, the same measure for both.
double device_gibs(const tiers::DiskCounters& c) {
  return c.busy_ms > 0 ? static_cast<double>(c.read_bytes + c.written_bytes) / kGiB / (c.busy_ms / 1000.0) : 0;
}

struct RoundRatios {
  std::vector<double> write, read, host_w, host_r, dev_write_bytes, dev_read_bytes, dev_rate, busy;
  int clean = 0;
};

// A side's turn is clean when the device moved what the tool says it moved: reads exactly
// (O_DIRECT: within 3 %), writes plus at most 25 % of journal and metadata. Anything more is
// other processes' I/O on the shared device, and the round says nothing about either tool.
bool clean_turn(const tiers::DiskCounters& device, double tool_read, double tool_written) {
  const double r = static_cast<double>(device.read_bytes) / tool_read;
  const double w = static_cast<double>(device.written_bytes) / tool_written;
  return r > 0.97 && r < 1.03 && w > 0.97 && w < 1.25;
}

void print_round(int round, bool kvbench_first, const KvbenchSide& k, const FioSide& f, RoundRatios& r) {
  const double write = ratio(k.write_gibs, f.write_gibs), read = ratio(k.read_gibs, f.read_gibs);
  const double dev_w = ratio(static_cast<double>(k.device.written_bytes), static_cast<double>(f.device.written_bytes));
  const double dev_r = ratio(static_cast<double>(k.device.read_bytes), static_cast<double>(f.device.read_bytes));
  const double dev_rate = ratio(device_gibs(k.device), device_gibs(f.device));
  const double busy = ratio(static_cast<double>(k.device.busy_ms), static_cast<double>(f.device.busy_ms));
  // Both tools moved the same bytes (each by its own count), and each device turn moved what its
  // tool says: only then does the round compare like with like.
  const bool same_work = std::abs(ratio(k.written_bytes, f.written_bytes) - 1) < 0.01 &&
                         std::abs(ratio(k.read_bytes, f.read_bytes) - 1) < 0.01;
  const bool quiet_device =
      clean_turn(k.device, k.read_bytes, k.written_bytes) && clean_turn(f.device, f.read_bytes, f.written_bytes);
  const bool clean = same_work && quiet_device;
  if (clean) {
    ++r.clean;
    r.write.push_back(write);
    r.read.push_back(read);
    r.host_w.push_back(k.write_host_p50);
    r.host_r.push_back(k.read_host_p50);
    r.dev_write_bytes.push_back(dev_w);
    r.dev_read_bytes.push_back(dev_r);
    r.dev_rate.push_back(dev_rate);
    r.busy.push_back(busy);
  }
  std::printf("  round %d (%s first, load average %s)%s\n", round + 1, kvbench_first ? "kvbench" : "fio",
              load_average().c_str(),
              !same_work      ? "  NOT CLEAN: the tools moved different bytes; left out of the medians"
              : !quiet_device ? "  NOT CLEAN: other I/O on the device; left out of the medians"
                              : "");
  std::printf("    tool figures  write: kvbench %5.2f fio %5.2f GiB/s (%.2f)   read: kvbench %5.2f fio %5.2f GiB/s (%.2f)\n",
              k.write_gibs, f.write_gibs, write, k.read_gibs, f.read_gibs, read);
  std::printf("    tool bytes    kvbench wrote %.3f read %.3f GiB (%.0f requests, %.2f entries); fio wrote %.3f read %.3f GiB\n",
              k.written_bytes / kGiB, k.read_bytes / kGiB, k.requests, k.entries_moved, f.written_bytes / kGiB, f.read_bytes / kGiB);
  std::printf("    device        kvbench wrote %.3f read %.3f GiB, %llu+%llu I/Os, busy %llu ms (%.2f GiB/s busy)\n",
              k.device.written_bytes / kGiB, k.device.read_bytes / kGiB,
              static_cast<unsigned long long>(k.device.write_ios), static_cast<unsigned long long>(k.device.read_ios),
              static_cast<unsigned long long>(k.device.busy_ms), device_gibs(k.device));
  std::printf("                  fio     wrote %.3f read %.3f GiB, %llu+%llu I/Os, busy %llu ms (%.2f GiB/s busy;"
              " write job %llu ms, read job %llu ms)\n",
              f.device.written_bytes / kGiB, f.device.read_bytes / kGiB,
              static_cast<unsigned long long>(f.device.write_ios), static_cast<unsigned long long>(f.device.read_ios),
              static_cast<unsigned long long>(f.device.busy_ms), device_gibs(f.device),
              static_cast<unsigned long long>(f.write_device.busy_ms), static_cast<unsigned long long>(f.read_device.busy_ms));
  std::printf("    kvbench/fio   device bytes written %.3f, read %.3f; device busy %.2f; device rate %.2f\n",
              dev_w, dev_r, busy, dev_rate);
  std::printf("    kvbench       p50 write %.1f ms, read %.1f ms; summed op time write %.2f s, read %.2f s;"
              " overlapped work w %.0f%% r %.0f%%\n",
              k.write_p50_ms, k.read_p50_ms, k.write_s, k.read_s, 100 * k.write_overlapped, 100 * k.read_overlapped);
}

// A tool ratio above 1.0 says kvbench moved bytes faster than fio: the counters say why.
void explain(const char* dir, double tool, double device_bytes, double device_rate) {
  if (tool < 0.9 && device_bytes > 0.97 && device_bytes < 1.03 && device_rate > 0.9 && device_rate < 1.1) {
    const bool writes = std::string(dir) == "write";
    std::printf("  why %s %.2f < 0.9: the device did the same work at the same busy rate (%.2f) for both, so the\n"
                "    rest of kvbench's summed %s time is time its operations spent with the device idle: host work\n"
                "    (%s), which a machine whose load average exceeds its cores inflates\n",
                dir, tool, device_rate, dir,
                writes ? "payload generation, open, fallocate, fdatasync round trips" : "open, close, ring set-up and "
                                                                                         "the gaps between its I/Os");
    return;
  }
  if (tool <= 1.0) return;
  std::printf("  why %s %.2f > 1.0: ", dir, tool);
  if (device_bytes < 0.97 || device_bytes > 1.03)
    std::printf("the sides' device bytes differ (kvbench/fio %.2f): one side did less work on the device\n",
                device_bytes);
  else if (device_rate > 0.95 && device_rate < 1.05)
    std::printf("the device moved the same bytes (%.2f) at the same busy rate (%.2f) for both; the difference is in\n"
                "    what each tool times: kvbench divides by the summed latency of its operations, fio by its job's\n"
                "    run time, which also holds the opens, closes and fsyncs between files\n",
                device_bytes, device_rate);
  else
    std::printf("same device bytes (%.2f), but the device was busy %.0f %% less per byte for kvbench: its I/O\n"
                "    kept the device's queue fuller (rate %.2f), or load from outside fell on fio's turns\n",
                device_bytes, 100 * (1 - 1 / device_rate), device_rate);
}

void compare_size(const Options& o, std::uint64_t mib, const std::string& work, const tiers::DeviceSet& dev,
                  bool& all_met) {
  const std::uint64_t entry = mib << 20;
  std::printf("\n== entries of %llu MiB: %llu per side (%.2f GiB written, read twice), %d rounds alternating ==\n",
              static_cast<unsigned long long>(mib), static_cast<unsigned long long>(entries_per_side(o, entry)),
              static_cast<double>(entries_per_side(o, entry) * entry) / kGiB, o.rounds);
  RoundRatios r;
  for (int round = 0; round < o.rounds; ++round) {
    const bool kvbench_first = round % 2 == 0;
    KvbenchSide k;
    FioSide f;
    if (kvbench_first) {
      k = run_kvbench(o, entry, work, dev);
      f = run_fio_pair(o, entry, work, dev);
    } else {
      f = run_fio_pair(o, entry, work, dev);
      k = run_kvbench(o, entry, work, dev);
    }
    print_round(round, kvbench_first, k, f, r);
  }
  if (r.clean < 3) {
    std::printf("  only %d of %d rounds clean: the device is shared with other I/O, no verdict for %llu MiB\n", r.clean,
                o.rounds, static_cast<unsigned long long>(mib));
    all_met = false;
    return;
  }
  std::printf("  medians of the %d clean rounds of %d:\n", r.clean, o.rounds);
  const double w = median(r.write), rd = median(r.read), hw = median(r.host_w), hr = median(r.host_r);
  std::printf("  median kvbench/fio: write %.2f (%s), read %.2f (%s)   target >= 0.90\n", w, verdict(w >= 0.9), rd,
              verdict(rd >= 0.9));
  std::printf("  median device kvbench/fio: bytes written %.3f, read %.3f; busy %.2f; rate %.2f\n",
              median(r.dev_write_bytes), median(r.dev_read_bytes), median(r.busy), median(r.dev_rate));
  explain("write", w, median(r.dev_write_bytes), median(r.dev_rate));
  explain("read", rd, median(r.dev_read_bytes), median(r.dev_rate));
  std::printf("  median host share of storage latency at p50: write %.2f %%, read %.2f %%   target <= 5 %%: %s\n",
              100 * hw, 100 * hr, verdict(hw <= 0.05 && hr <= 0.05));
  all_met = all_met && w >= 0.9 && rd >= 0.9 && hw <= 0.05 && hr <= 0.05;
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
    else if (a == "--rounds") o.rounds = std::max(5, std::stoi(v));
    else if (a == "--sizes-mib") o.sizes_mib = parse_sizes(v);
    else if (a == "--gib") o.gib = std::stod(v);
    else if (a == "--capacity-gib") o.capacity_gib = std::stod(v);
    else {
      std::fprintf(stderr, "unknown option %s\n", a.c_str());
      return 2;
    }
  }
  const std::string work = o.dir + "/run_" + std::to_string(getpid());
  std::filesystem::create_directories(work);
  const tiers::DeviceSet dev = tiers::resolve_block_devices(work);
  std::printf("nvme_vs_fio: %s, I/O size %llu KiB, queue depth %d, 1 worker, O_DIRECT, io_uring\n",
              std::filesystem::absolute(work).c_str(), static_cast<unsigned long long>(o.io_size >> 10), o.depth);
  if (dev.disks.empty()) {
    std::fprintf(stderr, "nvme_vs_fio: no block device under %s (%s): the device check needs one\n", work.c_str(),
                 dev.why_none.c_str());
    return 1;
  }
  std::string disks;
  for (const auto& d : dev.disks) disks += (disks.empty() ? "" : ",") + d;
  std::printf("device: %s on %s (%s); counters of %s, which other processes' I/O on them inflates\n",
              dev.mount_point.c_str(), dev.fs_type.c_str(), dev.source_device.c_str(), disks.c_str());
  std::printf("load average at start: %s\n", load_average().c_str());
  bool all_met = true;
  for (const std::uint64_t mib : o.sizes_mib) compare_size(o, mib, work, dev, all_met);
  std::filesystem::remove_all(work);
  std::printf("\nload average at end: %s\nall targets: %s\n", load_average().c_str(), verdict(all_met));
  return 0;
}
