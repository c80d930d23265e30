// --enable-latency-tracing runs on (issue 16 item 2): without bpftrace it warns once and the
// run succeeds; with a bpftrace (here a stand-in script that prints canned histograms on
// SIGINT, as bpftrace does) its histograms land in the results as device_latency_tracing.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"

namespace kvbench {
namespace {

using testing_support::read_file;
using testing_support::run_kvbench;
using testing_support::TempDir;

std::vector<std::string> traced_run(const TempDir& dir) {
  return {"--model", "tiny-1b", "--num-users", "4", "--duration", "5", "--clock", "virtual",
          "--seed", "1", "--io-trace-log", dir.file("t.csv"), "--output", dir.file("r.json"),
          "--enable-latency-tracing"};
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(LatencyTracing, WithoutBpftraceWarnsOnceAndRunsOn) {
  TempDir dir;
  const auto r = run_kvbench(traced_run(dir), "", {{"KVBENCH_BPFTRACE", dir.file("no-such-bpftrace")}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(count_of(r.err, "--enable-latency-tracing:"), 1u) << r.err;
  const auto doc = nlohmann::json::parse(read_file(dir.file("r.json")));
  EXPECT_FALSE(doc.contains("device_latency_tracing"));
}

TEST(LatencyTracing, HistogramsLandInTheResults) {
  TempDir dir;
  const std::string fake = dir.file("bpftrace");
  std::ofstream(fake) << "#!/bin/sh\n"
                         "trap 'printf \"\\n@d2c_write_us:\\n[64, 128)  7 |@@@@|\\n[128, 256)  3 |@@|\\n\"; exit 0' INT\n"
                         "echo 'Attaching 3 probes...'\n"
                         "while :; do sleep 0.02; done\n";
  chmod(fake.c_str(), 0755);
  const auto r = run_kvbench(traced_run(dir), "", {{"KVBENCH_BPFTRACE", fake}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(read_file(dir.file("r.json")));
  ASSERT_TRUE(doc.contains("device_latency_tracing")) << r.err;
  const auto& h = doc["device_latency_tracing"]["histograms"]["d2c_write_us"];
  EXPECT_EQ(h["count"], 10);
  EXPECT_EQ(h["p50"], 128);
  EXPECT_EQ(h["buckets"].size(), 2u);
}

}  // namespace
}  // namespace kvbench
