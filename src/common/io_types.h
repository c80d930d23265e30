// Vocabulary shared by the cache, the tier backends, the trace writer and the stats: which
// tier, which operation, which inference phase. Header-only, depends on nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace kvbench {

// A level is a position in the waterfall, fastest first; the numeric value is the trace's
// "Tier-N" and fixes the JSON keys and metric labels. Which backend holds a level's bytes
// (null, dram, cuda, file) is tiers/' business: nothing outside tiers/ branches on it.
enum class Level : std::uint8_t { Gpu = 0, Cpu = 1, Storage = 2 };
inline constexpr int kLevelCount = 3;
// Every level, fastest first: the one list that results, metrics and counters iterate.
inline constexpr std::array<Level, kLevelCount> kLevels = {Level::Gpu, Level::Cpu, Level::Storage};

enum class IoOp : std::uint8_t { Read, Write };

// Phase an operation serves. Prefill = a new entry written; Decode = a read of an entry;
// Evict = one half of a demotion pair.
enum class Phase : std::uint8_t { Prefill, Decode, Evict };

// What kind of entry a read is for (spec §6.4 per-type hit counters).
enum class CacheType : std::uint8_t { User, MultiTurn, System, CommonPhrase };
inline constexpr std::size_t kCacheTypeCount = 4;
inline constexpr std::array<CacheType, kCacheTypeCount> kCacheTypes = {
    CacheType::User, CacheType::MultiTurn, CacheType::System, CacheType::CommonPhrase};

// Label values of the metrics (`type`): user, multi_turn, system_prompt, common_phrase.
inline constexpr std::string_view cache_type_label(CacheType t) {
  switch (t) {
    case CacheType::User: return "user";
    case CacheType::MultiTurn: return "multi_turn";
    case CacheType::System: return "system_prompt";
    case CacheType::CommonPhrase: return "common_phrase";
  }
  return "user";
}

inline constexpr int level_index(Level t) { return static_cast<int>(t); }

// Names as the results JSON spells them: gpu, cpu, storage.
inline constexpr std::string_view level_stats_name(Level t) {
  switch (t) {
    case Level::Gpu: return "gpu";
    case Level::Cpu: return "cpu";
    case Level::Storage: return "storage";
  }
  return "storage";
}

// Names as metrics and logs spell them: gpu, cpu, nvme.
inline constexpr std::string_view level_label(Level t) {
  switch (t) {
    case Level::Gpu: return "gpu";
    case Level::Cpu: return "cpu";
    case Level::Storage: return "nvme";
  }
  return "nvme";
}

inline constexpr std::string_view phase_trace_name(Phase p) {
  switch (p) {
    case Phase::Prefill: return "Prefill";
    case Phase::Decode: return "Decode";
    case Phase::Evict: return "Evict";
  }
  return "Prefill";
}

}  // namespace kvbench
