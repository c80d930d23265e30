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
// (null, dram, cuda, file, s3) is tiers/' business: nothing outside tiers/ branches on it.
// Object is the optional fourth level below storage (--object-tier, issue 21): it exists only
// in runs that configure it, so it is not in kLevels and appears in the outputs only there.
enum class Level : std::uint8_t { Gpu = 0, Cpu = 1, Storage = 2, Object = 3 };
// Room for every level: the size of every per-level array (counters, metrics, trace parsing).
inline constexpr int kLevelCount = 4;
// The levels every run has and reports, fastest first: the one list that results, metrics and
// counters iterate. Their keys stay as they were before the object level existed.
inline constexpr std::array<Level, 3> kLevels = {Level::Gpu, Level::Cpu, Level::Storage};
// Every level, the object one included: where a run has it, it is reported after these.
inline constexpr std::array<Level, kLevelCount> kAllLevels = {Level::Gpu, Level::Cpu, Level::Storage,
                                                             Level::Object};

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

// Names as the results JSON spells them: gpu, cpu, storage, object.
inline constexpr std::string_view level_stats_name(Level t) {
  switch (t) {
    case Level::Gpu: return "gpu";
    case Level::Cpu: return "cpu";
    case Level::Storage: return "storage";
    case Level::Object: return "object";
  }
  return "storage";
}

// Names as metrics and logs spell them: gpu, cpu, nvme, object.
inline constexpr std::string_view level_label(Level t) {
  switch (t) {
    case Level::Gpu: return "gpu";
    case Level::Cpu: return "cpu";
    case Level::Storage: return "nvme";
    case Level::Object: return "object";
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
