#include "app/convert_command.h"

#include <optional>

#include "convert/convert.h"

namespace kvbench::app {
namespace {

// Each given flag's value, checked against its row (type, choices, bounds); errors collected.
struct Values {
  const cli::ParsedArgs& parsed;
  std::vector<std::string>& errors;

  std::optional<cli::FlagValue> get(std::string_view name) const {
    const std::string* text = parsed.last(name);
    if (!text) return std::nullopt;
    cli::FlagValue value;
    if (auto error = cli::parse_flag_value(*cli::find_flag_in(convert_flags(), name), *text, value)) {
      errors.push_back(*error);
      return std::nullopt;
    }
    return value;
  }
};

bool build_options(const Invocation& call, convert::ConvertOptions& o, std::vector<std::string>& errors) {
  const Values v{call.parsed, errors};
  o.inputs = call.parsed.positionals;
  if (o.inputs.empty()) errors.push_back("no trace given (kvbench convert TRACE.csv[.zst]... --output DIR)");
  if (auto to = v.get("--to")) o.format = to->s == "sai3" ? convert::ExportFormat::Sai3 : convert::ExportFormat::Fio;
  if (auto out = v.get("--output")) o.output_dir = out->s;
  else if (!call.parsed.last("--output")) errors.push_back("--output is required");
  if (auto target = v.get("--target")) o.target_dir = target->s;
  if (auto levels = v.get("--levels")) o.all_levels = levels->s == "all";
  if (auto size = v.get("--io-size")) {
    o.io_size = static_cast<std::uint64_t>(size->i);
    if (o.io_size % 4096 != 0) errors.push_back("--io-size must be a multiple of 4096 (got " + std::to_string(size->i) + ")");
  }
  if (auto depth = v.get("--io-depth")) o.io_depth = static_cast<unsigned>(depth->i);
  if (auto speed = v.get("--speed")) o.speed = speed->d;
  if (auto streams = v.get("--streams")) o.max_streams = static_cast<unsigned>(streams->i);
  return errors.empty();
}

}  // namespace

const std::vector<cli::FlagSpec>& convert_flags() {
  static const std::vector<cli::FlagSpec> table = [] {
    using cli::FlagType;
    std::vector<cli::FlagSpec> t;
    auto to = cli::command_flag("--to", FlagType::Choice, "fio", "Format to write: fio (iolog v3 + job file) or sai3 (sai3-bench op-log TSV)");
    to.choices = {"fio", "sai3"};
    t.push_back(to);
    t.push_back(cli::command_flag("--output", FlagType::String, "required", "Folder for the converted files"));
    t.push_back(cli::command_flag("--target", FlagType::String, "OUTPUT/data", "fio: folder the replay reads and writes (one file per key)"));
    auto levels = cli::command_flag("--levels", FlagType::Choice, "storage",
                       "Rows to convert: storage (Tier-2 only: what storage sees under the hierarchy) or all");
    levels.choices = {"storage", "all"};
    t.push_back(levels);
    auto size = cli::command_flag("--io-size", FlagType::Int, "1048576", "fio: bytes per I/O; objects are split in pieces (a multiple of 4096)");
    size.min = 4096;
    size.max = 64 << 20;
    t.push_back(size);
    auto depth = cli::command_flag("--io-depth", FlagType::Int, "16", "fio: iodepth of each stream's job");
    depth.min = 1;
    depth.max = 4096;
    t.push_back(depth);
    auto speed = cli::command_flag("--speed", FlagType::Float, "1", "fio: 1 = the trace's timing, 2 = twice as fast, 0 = no waits");
    speed.min = 0;
    t.push_back(speed);
    auto streams = cli::command_flag("--streams", FlagType::Int, "256", "fio: jobs at most (one per user; users beyond share jobs)");
    streams.min = 1;
    streams.max = 4096;
    t.push_back(streams);
    return t;
  }();
  return table;
}

int convert_command(const Invocation& call, CommandIo& io) {
  convert::ConvertOptions options;
  std::vector<std::string> errors;
  if (!build_options(call, options, errors)) {
    for (const auto& e : errors) io.err << "kvbench: error: convert: " << e << "\n";
    io.err << "kvbench: see `kvbench convert --help`\n";
    return 2;
  }
  return convert::run_convert(options, io.out, io.err);
}

}  // namespace kvbench::app
