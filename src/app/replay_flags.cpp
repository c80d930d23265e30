#include "app/replay_flags.h"

#include <ctime>
#include <iomanip>
#include <sstream>

#include "tiers/tier_registry.h"

namespace kvbench::app {
namespace {

// The run's flags a replay takes as they are (their rows come from cli/flag_table.cpp).
constexpr std::string_view kRunFlags[] = {
    "--cache-dir", "--io-engine", "--io-size", "--io-depth", "--gpu-mem-gb", "--num-gpus",
    "--cpu-mem-gb", "--storage-capacity-gb", "--verify", "--seed", "--fail-on", "--log-level",
};

std::vector<cli::FlagSpec> build_flags() {
  using T = cli::FlagType;
  std::vector<cli::FlagSpec> t;
  cli::FlagSpec levels = cli::command_flag("--levels", T::Choice, "tiers",
                             "Where rows go: tiers = each Tier-N to its level (the fastest present at or "
                             "below it), storage = every row to the storage level");
  levels.choices = {"tiers", "storage"};
  t.push_back(levels);
  cli::FlagSpec speed = cli::command_flag("--speed", T::Float, "1",
                            "Replay speed: 1 = the trace's timestamps, 2 = twice as fast, 0 = as fast as "
                            "the storage takes them");
  speed.min = 0;
  t.push_back(speed);
  cli::FlagSpec conc = cli::command_flag("--concurrency", T::Int, "16", "Workers, i.e. operations in flight at most");
  conc.min = 1;
  conc.max = 4096;
  t.push_back(conc);
  cli::FlagSpec lag = cli::command_flag("--max-lag-ms", T::Float, "100",
                          "p99 lag (rows issued after their due time) beyond which the replay is degraded");
  lag.min = 0;
  t.push_back(lag);
  cli::FlagSpec cap = cli::command_flag("--size-cap", T::Int, "0",
                          "Cut every object to this many bytes (0 = as the trace says); byte totals then "
                          "differ from the trace's");
  cap.min = 0;
  t.push_back(cap);
  t.push_back(cli::command_flag("--output", T::String, "replay_results_<YYYYMMDD_HHMMSS>.json", "Results JSON path"));
  for (std::string_view name : kRunFlags) t.push_back(*cli::find_flag(name));
  // The storage level's backend and its options as a run takes them (--storage-backend s3 and
  // the --s3-* rows), so a replay can target object storage. The object level stays a run's:
  // a replay has no fourth level and sends a trace's Tier-3 rows to its storage level.
  for (const tiers::OptionRow* row : tiers::backend_option_rows())
    if (!row->name.starts_with("--object-") && cli::find_flag_in(t, row->name) == nullptr)
      t.push_back(*cli::find_flag(row->name));
  return t;
}

std::string default_output() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  std::ostringstream os;
  os << "replay_results_" << std::put_time(&tm, "%Y%m%d_%H%M%S") << ".json";
  return os.str();
}

// A flag's value as JSON of its type (text that is no value of its type stays text).
nlohmann::json typed(const cli::FlagSpec& spec, const std::string& text) {
  cli::FlagValue v;
  if (cli::parse_flag_value(spec, text, v)) return text;
  switch (spec.type) {
    case cli::FlagType::Bool: return v.b;
    case cli::FlagType::Int: return v.i;
    case cli::FlagType::Float: return v.d;
    default: return v.s;
  }
}

// Every flag of the replay's table under its `run:` spelling (cache_dir), with the value it
// took, for the run identity: cli::effective_config reads the run's table, not this one.
nlohmann::json effective(const std::vector<std::pair<const cli::FlagSpec*, std::string>>& given) {
  nlohmann::json out = nlohmann::json::object();
  for (const cli::FlagSpec& spec : replay_flags()) {
    std::string key(spec.name.substr(2));
    for (char& c : key)
      if (c == '-') c = '_';
    const std::string* text = nullptr;
    for (const auto& [s, t] : given)
      if (s == &spec) text = &t;  // the last one given wins
    if (text)
      out[key] = typed(spec, *text);
    else if (spec.type == cli::FlagType::Bool)
      out[key] = spec.typed_default && spec.typed_default->b;
    else
      out[key] = typed(spec, cli::default_text_of(spec));
  }
  return out;
}

// One of the replay's own flags, given.
void apply_own(const cli::FlagSpec& spec, const cli::FlagValue& v, ReplaySetup& out) {
  replay::ReplayOptions& o = out.options;
  if (spec.name == "--levels") o.routing = v.s == "storage" ? replay::LevelRouting::Storage : replay::LevelRouting::Tiers;
  if (spec.name == "--speed") o.speed = v.d;
  if (spec.name == "--concurrency") o.concurrency = static_cast<int>(v.i);
  if (spec.name == "--max-lag-ms") o.max_lag_s = v.d / 1e3;
  if (spec.name == "--size-cap") o.size_cap = static_cast<std::uint64_t>(v.i);
  if (spec.name == "--output") out.cfg.output = v.s;
}

}  // namespace

const std::vector<cli::FlagSpec>& replay_flags() {
  static const std::vector<cli::FlagSpec> table = build_flags();
  return table;
}

std::vector<std::string> read_replay_flags(const cli::ParsedArgs& parsed, ReplaySetup& out) {
  std::vector<std::string> errors;
  std::vector<std::pair<const cli::FlagSpec*, std::string>> applied;
  for (const cli::GivenFlag& g : parsed.flags) {
    cli::FlagValue v;
    if (auto problem = cli::parse_flag_value(*g.spec, g.text, v)) {
      errors.push_back(*problem);
      continue;
    }
    if (g.spec->apply)
      g.spec->apply(out.cfg, v);
    else
      apply_own(*g.spec, v, out);
    applied.emplace_back(g.spec, g.text);
  }
  if (parsed.positionals.empty()) errors.push_back("give at least one trace file (TRACE.csv or TRACE.csv.zst)");
  out.options.paths = parsed.positionals;
  out.options.verify = out.cfg.verify;
  if (out.cfg.output.empty()) out.cfg.output = default_output();
  out.effective = effective(applied);
  return errors;
}

}  // namespace kvbench::app
