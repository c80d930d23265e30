// The tier registry: one table of backends whose option rows reach the global flag table with
// their typed defaults, and the run's levels built from it (trace mode: null everywhere).
#include "tiers/tier_registry.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "cli/flag_table.h"
#include "app/level_options.h"
#include "tiers/level_setup.h"

namespace kvbench::tiers {
namespace {

TEST(TierRegistry, ListsEachBackendOnce) {
  std::set<std::string_view> names;
  for (const Backend& b : backends()) {
    EXPECT_TRUE(names.insert(b.name).second) << b.name;
    EXPECT_TRUE(b.build) << b.name;
    EXPECT_TRUE(b.probe) << b.name;
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"null", "dram", "cuda", "file", "s3", "object"}));
  EXPECT_THROW(backend("tape"), std::out_of_range);
}

TEST(TierRegistry, BackendRowsAreFlagsWithTheirTypedDefaults) {
  const FileOptions defaults;
  for (const OptionRow* row : backend_option_rows()) {
    const cli::FlagSpec* flag = cli::find_flag(row->name);
    ASSERT_NE(flag, nullptr) << row->name;
    EXPECT_EQ(flag->default_text, row->default_text);
    EXPECT_EQ(flag->help, row->help);
  }
  EXPECT_EQ(cli::find_flag("--io-size")->default_text, std::to_string(defaults.io_size));
  EXPECT_EQ(cli::find_flag("--io-depth")->default_text, std::to_string(defaults.io_depth));
  EXPECT_EQ(cli::find_flag("--io-engine")->default_text, "auto");
  EXPECT_EQ(cli::find_flag("--io-size")->default_text, "1048576");  // the reference-style value
}

TEST(TierRegistry, AFlagValueLandsInTheBackendsOptions) {
  config::RunConfig cfg;
  cli::FlagValue v;
  const cli::FlagSpec& engine = *cli::find_flag("--io-engine");
  ASSERT_FALSE(cli::parse_flag_value(engine, "psync", v));
  engine.apply(cfg, v);
  EXPECT_EQ(cfg.backends.file.engine, IoEngineKind::Psync);
  const cli::FlagSpec& size = *cli::find_flag("--io-size");
  EXPECT_TRUE(cli::parse_flag_value(size, "2048", v).has_value()) << "below the row's minimum";
  ASSERT_FALSE(cli::parse_flag_value(size, "262144", v));
  size.apply(cfg, v);
  EXPECT_EQ(cfg.backends.file.io_size, 262144u);
  ASSERT_FALSE(cli::parse_flag_value(*cli::find_flag("cache_dir"), "/tmp/x", v));  // a run: key
  cli::find_flag("cache_dir")->apply(cfg, v);
  EXPECT_EQ(cfg.backends.file.dir, "/tmp/x");
  EXPECT_EQ(cfg.backends.storage, StorageBackendKind::File);
  // A bucket URL for --cache-dir makes the storage level S3.
  ASSERT_FALSE(cli::parse_flag_value(*cli::find_flag("--cache-dir"), "s3://runs/night1", v));
  cli::find_flag("--cache-dir")->apply(cfg, v);
  EXPECT_EQ(cfg.backends.storage, StorageBackendKind::S3);
  EXPECT_EQ(cfg.backends.s3.bucket, "runs");
  EXPECT_EQ(cfg.backends.s3.prefix, "night1");
  EXPECT_EQ(cli::find_flag("--s3-part-size")->default_text, std::to_string(kDefaultS3PartSize));
}

TEST(LevelSetup, TraceModeHasThreeNullLevelsAndAnUnlimitedTerminalOne) {
  config::RunConfig cfg;
  cfg.io_trace_log = "unused.csv";
  cfg.gpu_mem_gb = 1;
  cfg.num_gpus = 2;
  cfg.cpu_mem_gb = 3;
  const BuiltTiers built = build_tiers(app::level_options(cfg));
  ASSERT_EQ(built.tiers.size(), 3u);
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  EXPECT_EQ(built.tiers[0].backend->id(), Level::Gpu);
  EXPECT_EQ(built.tiers[0].limit_bytes, 2 * kGiB);
  EXPECT_EQ(built.tiers[1].backend->id(), Level::Cpu);
  EXPECT_EQ(built.tiers[1].limit_bytes, 3 * kGiB);
  EXPECT_EQ(built.tiers[2].backend->id(), Level::Storage);
  EXPECT_TRUE(std::isinf(built.tiers[2].limit_bytes));
  EXPECT_TRUE(built.storage_io.is_null());
  cfg.storage_capacity_gb = 5;
  EXPECT_EQ(build_tiers(app::level_options(cfg)).tiers[2].limit_bytes, 5 * kGiB);
}

// --object-tier: a fourth level (null in trace mode, no bucket contacted) below a storage level
// that is no longer the terminal one; its capacity from --object-capacity-gb.
TEST(LevelSetup, AnObjectTierIsAFourthLevelBelowStorage) {
  config::RunConfig cfg;
  cfg.io_trace_log = "unused.csv";
  cfg.storage_capacity_gb = 2;
  cfg.backends.object.url = "s3://cold/run1";
  cfg.backends.object.capacity_bytes = 7;
  const BuiltTiers built = build_tiers(app::level_options(cfg));
  ASSERT_EQ(built.tiers.size(), 4u);
  EXPECT_EQ(built.tiers[2].backend->id(), Level::Storage);
  EXPECT_EQ(built.tiers[3].backend->id(), Level::Object);
  EXPECT_EQ(built.tiers[3].limit_bytes, 7);
  cfg.backends.object.capacity_bytes = 0;
  EXPECT_TRUE(std::isinf(build_tiers(app::level_options(cfg)).tiers[3].limit_bytes)) << "terminal: 0 = unlimited";
  cfg.backends.object.url = "cold";
  EXPECT_THROW(build_tiers(app::level_options(cfg)), TierSetupError);
}

}  // namespace
}  // namespace kvbench::tiers
