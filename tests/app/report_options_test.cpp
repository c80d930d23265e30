// app/ hands the reports what they print of RunConfig (report::ReportOptions): each value
// arrives, and the reports' own defaults are RunConfig's, so a report test built without app/
// prints the reference's configuration.
#include "app/report_options.h"

#include <gtest/gtest.h>

namespace kvbench::app {
namespace {

TEST(ReportOptions, CarriesWhatTheReportsPrintOfRunConfig) {
  config::RunConfig cfg;
  cfg.model = "llama3.1-70b-instruct";
  cfg.num_gpus = 4;
  cfg.tensor_parallel = 2;
  cfg.generation_mode = GenerationMode::Fast;
  cfg.settings.generation_timing.fast = 0.005;
  cfg.performance_profile = PerformanceProfile::Throughput;
  cfg.seed = 3;
  cfg.backends.file.dir = "/mnt/kv";
  cfg.dataset_path = "sharegpt.json";
  cfg.precondition_threads = 5;
  cfg.clock = ClockKind::Virtual;
  cfg.workers = 9;
  cfg.drain_timeout = 4;

  const report::ReportOptions o = report_options_for(cfg);
  ASSERT_NE(o.model_spec(), nullptr);
  EXPECT_EQ(o.model_spec()->key, "llama3.1-70b-instruct");
  EXPECT_EQ(o.model, "llama3.1-70b-instruct");
  EXPECT_EQ(o.num_gpus, 4);
  EXPECT_EQ(o.tensor_parallel, 2);
  EXPECT_EQ(o.seconds_per_token(), 0.005);
  EXPECT_EQ(o.performance_profile, PerformanceProfile::Throughput);
  EXPECT_EQ(o.seed, std::optional<std::int64_t>(3));
  EXPECT_EQ(o.cache_dir, std::optional<std::string>("/mnt/kv"));
  EXPECT_EQ(o.dataset_path, std::optional<std::string>("sharegpt.json"));
  EXPECT_EQ(o.precondition_threads, 5);
  EXPECT_EQ(o.clock, ClockKind::Virtual);
  EXPECT_EQ(o.effective_workers(), 9);
  EXPECT_EQ(o.drain_timeout, 4);
}

TEST(ReportOptions, DefaultsEqualRunConfigDefaults) {
  const report::ReportOptions o;
  const report::ReportOptions from = report_options_for(config::RunConfig{});
  EXPECT_EQ(o.model, from.model);
  EXPECT_EQ(o.num_users, from.num_users);
  EXPECT_EQ(o.duration, from.duration);
  EXPECT_EQ(o.gpu_mem_gb, from.gpu_mem_gb);
  EXPECT_EQ(o.num_gpus, from.num_gpus);
  EXPECT_EQ(o.tensor_parallel, from.tensor_parallel);
  EXPECT_EQ(o.cpu_mem_gb, from.cpu_mem_gb);
  EXPECT_EQ(o.generation_mode, from.generation_mode);
  EXPECT_EQ(o.seconds_per_token(), from.seconds_per_token());
  EXPECT_EQ(o.performance_profile, from.performance_profile);
  EXPECT_EQ(o.autoscaler_mode, from.autoscaler_mode);
  EXPECT_EQ(o.seed, from.seed);
  EXPECT_EQ(o.cache_dir, from.cache_dir);
  EXPECT_EQ(o.trace_speedup, from.trace_speedup);
  EXPECT_EQ(o.replay_cycles, from.replay_cycles);
  EXPECT_EQ(o.clock, from.clock);
  EXPECT_EQ(o.effective_workers(), from.effective_workers());
  EXPECT_EQ(o.drain_timeout, from.drain_timeout);
}

}  // namespace
}  // namespace kvbench::app
