// fio replaying a converted trace (kvbench convert --to fio) against kvbench's storage level on
// the same directory with the same I/O size and depth, in the same run (issue 17 item 5): the
// bandwidth ratio kvbench / fio, goal >= 0.9, as the median of alternating rounds with the load
// average printed each round.
//
// The trace: a seeded virtual-clock run with the GPU and CPU levels off, so that every row is a
// storage row. fio side: `kvbench convert --speed 0` (no waits: storage-bound), then fio on the
// job file; its figure is the bytes of every job over the longest job's run time.
//
// kvbench side: `kvbench replay trace.csv --levels storage --speed 0` against the same directory,
// with --concurrency one operation per user (fio's jobs are the trace's users, one I/O stream
// each) and the same --io-size/--io-depth; its figure is the bytes of its storage rows over its
// window (kvbench.replay.elapsed_s). Both sides replay the same rows, so the ratio is replay
// against replay.
//
// Usage: trace_replay_vs_fio [--dir DIR] [--kvbench PATH] [--fio PATH] [--rounds N]
//                            [--users N] [--duration S] [--requests N] [--io-size BYTES] [--depth N]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <vector>

#include "support/child_process.h"
#include "support/rounds.h"

namespace {

using kvbench::bench::load_average;
using kvbench::bench::median;
using kvbench::bench::run_child;

constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;

struct Options {
  std::string dir = "./trace_replay_vs_fio.work";
  std::string kvbench = KVBENCH_BINARY_PATH;
  std::string fio = "fio";
  int rounds = 5;
  int users = 8;
  int duration_s = 20;
  int requests = 32;  // --max-requests: bounds the bytes (a virtual-clock run would do far more)
  std::uint64_t io_size = 1 << 20;
  int depth = 16;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i], v = argv[i + 1];
    if (k == "--dir") o.dir = v;
    else if (k == "--kvbench") o.kvbench = v;
    else if (k == "--fio") o.fio = v;
    else if (k == "--rounds") o.rounds = std::stoi(v);
    else if (k == "--users") o.users = std::stoi(v);
    else if (k == "--duration") o.duration_s = std::stoi(v);
    else if (k == "--requests") o.requests = std::stoi(v);
    else if (k == "--io-size") o.io_size = std::stoull(v);
    else if (k == "--depth") o.depth = std::stoi(v);
    else {
      std::fprintf(stderr, "trace_replay_vs_fio: unknown option %s\n", k.c_str());
      std::exit(2);
    }
  }
  return o;
}

void require(int rc, const std::string& what, const std::string& log) {
  if (rc == 0) return;
  std::fprintf(stderr, "trace_replay_vs_fio: %s failed (exit %d), see %s\n", what.c_str(), rc, log.c_str());
  std::exit(1);
}

nlohmann::json load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// The workload both sides serve: storage only, no generation time, seeded.
std::vector<std::string> workload(const Options& o) {
  return {"--model", "llama3.1-8b", "--num-users", std::to_string(o.users), "--duration",
          std::to_string(o.duration_s), "--max-requests", std::to_string(o.requests), "--gpu-mem-gb", "0", "--cpu-mem-gb", "0", "--generation-mode",
          "none", "--seed", "1"};
}

struct Side {
  double bytes = 0;
  double seconds = 0;
  double device_bytes = 0;  // what the block device under --dir moved meanwhile (its own counters)
  double gibs() const { return seconds > 0 ? bytes / kGiB / seconds : 0; }
};

// Bytes the block device holding `dir` has read plus written since boot (sectors of 512 B in
// /sys/dev/block/MAJ:MIN/stat), so a ratio above 1 can be checked: both sides must have moved
// the same bytes on the device, not in the page cache. 0 where the file system has no device.
double device_bytes(const std::string& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return 0;
  std::ifstream in("/sys/dev/block/" + std::to_string(major(st.st_dev)) + ":" + std::to_string(minor(st.st_dev)) + "/stat");
  double f[8] = {};
  for (double& v : f) in >> v;
  return in ? (f[2] + f[6]) * 512.0 : 0;
}

Side run_fio_side(const Options& o, const std::string& work) {
  const std::string conv = work + "/fio-replay";
  const std::string log = work + "/convert.log";
  std::filesystem::remove_all(conv);
  require(run_child({o.kvbench, "convert", work + "/trace.csv", "--to", "fio", "--output", conv, "--target",
                     work + "/fio-data", "--speed", "0", "--io-size", std::to_string(o.io_size), "--io-depth",
                     std::to_string(o.depth)},
                    log)
              .exit_code,
          "kvbench convert", log);
  const std::string out = work + "/fio.json";
  require(run_child({o.fio, "--output-format=json", "--output=" + out, conv + "/replay.fio"}, work + "/fio.log")
              .exit_code,
          "fio", work + "/fio.log");
  Side s;
  double longest_ms = 0;
  const nlohmann::json result = load(out);  // kept alive: a range-for over load(out)[...] dangles
  for (const auto& job : result["jobs"]) {
    if (job["jobname"] == "setup") continue;
    s.bytes += job["read"]["io_bytes"].get<double>() + job["write"]["io_bytes"].get<double>();
    longest_ms = std::max(longest_ms, job["job_runtime"].get<double>());
  }
  s.seconds = longest_ms / 1000.0;
  std::filesystem::remove_all(work + "/fio-data");
  return s;
}

Side run_kvbench_side(const Options& o, const std::string& work) {
  const std::string out = work + "/kvbench.json";
  const std::string log = work + "/kvbench.log";
  require(run_child({o.kvbench, "replay", "--levels", "storage", "--speed", "0", "--concurrency",
                     std::to_string(o.users), "--cache-dir", work + "/kvbench-data", "--io-engine", "uring",
                     "--io-size", std::to_string(o.io_size), "--io-depth", std::to_string(o.depth), "--output", out,
                     work + "/trace.csv"},
                    log)
              .exit_code,
          "kvbench replay", log);
  const nlohmann::json j = load(out);  // kept alive: the loops below read into it
  const nlohmann::json& replay = j["kvbench"]["replay"];
  Side s;
  for (const char* op : {"read", "write"}) {
    const nlohmann::json& by_phase = replay["rows"]["by_op"][op]["storage"];
    for (const auto& [phase, row] : by_phase.items()) s.bytes += row["bytes"].get<double>();
  }
  s.seconds = replay["elapsed_s"].get<double>();
  std::filesystem::remove_all(work + "/kvbench-data");
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::string work = std::filesystem::absolute(o.dir).string();
  std::filesystem::create_directories(work);
  std::vector<std::string> trace_args = {o.kvbench};
  for (const auto& a : workload(o)) trace_args.push_back(a);
  for (const std::string& a : {std::string("--clock"), std::string("virtual"), std::string("--io-trace-log"),
                               work + "/trace.csv", std::string("--output"), work + "/trace-results.json"})
    trace_args.push_back(a);
  require(run_child(trace_args, work + "/trace.log").exit_code, "kvbench trace run", work + "/trace.log");

  std::printf("trace_replay_vs_fio: %d users, %d s, io-size %llu, depth %d, dir %s\n", o.users, o.duration_s,
              static_cast<unsigned long long>(o.io_size), o.depth, work.c_str());
  std::printf("kvbench side: kvbench replay --levels storage --speed 0 of the same trace\n");
  std::printf("%-6s %-18s %12s %12s %8s\n", "round", "load", "kvbench GiB/s", "fio GiB/s", "ratio");
  std::vector<double> ratios;
  for (int r = 0; r < o.rounds; ++r) {
    Side k, f;
    const auto measured = [&](Side (*side)(const Options&, const std::string&)) {
      const double before = device_bytes(work);
      Side s = side(o, work);
      s.device_bytes = device_bytes(work) - before;
      return s;
    };
    if (r % 2 == 0) {
      k = measured(run_kvbench_side);
      f = measured(run_fio_side);
    } else {
      f = measured(run_fio_side);
      k = measured(run_kvbench_side);
    }
    const double ratio = f.gibs() > 0 ? k.gibs() / f.gibs() : 0;
    ratios.push_back(ratio);
    std::printf("%-6d %-18s %12.3f %12.3f %8.3f   device GiB: kvbench %.2f (its bytes %.2f), fio %.2f (its bytes %.2f)\n",
                r + 1, load_average().c_str(), k.gibs(), f.gibs(), ratio, k.device_bytes / kGiB, k.bytes / kGiB,
                f.device_bytes / kGiB, f.bytes / kGiB);
  }
  const double m = median(ratios);
  std::printf("median kvbench/fio bandwidth ratio: %.3f (goal >= 0.90: %s)\n", m, m >= 0.9 ? "met" : "NOT met");
  return 0;
}
