#include "app/run_report.h"

#include <iostream>

#include "common/log.h"
#include "common/run_mode.h"
#include "engine/iso_time.h"
#include "report/console_report.h"
#include "report/results_json.h"
#include "report/timeline_json.h"
#include "report/xlsx_export.h"

namespace kvbench::app {

report::RunResult snapshot(const MeasuredRun& run) {
  report::RunResult result;
  result.config = &run.report_options;
  // The headline is the window's; what the drain moved is the final counters minus these.
  result.cache = run.outcome.window_counters ? run.outcome.window_counters.get() : &run.counters;
  result.final_cache = &run.counters;
  result.window_end = engine::window_end_name(run.outcome.end);
  result.drain_s = run.outcome.drain_s;
  result.drain_overrun = run.outcome.drain_overrun;
  result.requests = &run.requests;
  for (const auto& u : run.cache.usage())
    result.tiers.push_back({u.id, u.used_bytes, u.limit_bytes, u.entries});
  result.entry_sizes = run.cache.entry_sizes();
  for (const cache::VerifyMismatch& m : run.cache.verify_mismatches())
    result.verify_mismatch_reads.push_back(
        {{"key", m.key}, {"level", std::string(level_label(m.level))}, {"offset", m.offset}, {"bytes", m.bytes}});
  result.elapsed_s = run.outcome.elapsed_s;
  result.interrupted = run.interrupted;
  result.mode = run_mode_name(run.writer ? RunMode::Trace : RunMode::Real);
  if (run.writer) {
    result.trace_rows = run.writer->rows_written();
    result.trace_rows_recorded = run.writer->rows_recorded();
    result.trace_complete = !run.writer->failed();
    result.trace_path = run.writer->path();
  }
  result.storage_io = run.storage_io;
  result.device = run.device;
  if (!result.storage_io.is_null()) {  // the cache's own options, reported with the tiers'
    result.storage_io["payload_seed"] = run.payload_seed;
    result.storage_io["verify"] = run.cfg.verify;
  }
  result.started_at_iso = engine::iso_local_time(run.outcome.started_at_epoch_us);
  result.started_at_epoch_us = run.outcome.started_at_epoch_us;
  run.work.fill_result(result, run.counters);
  if (run.timeline) result.timeline = report::timeline_json(*run.timeline);
  return result;
}

int write_reports(const config::RunConfig& cfg, const report::RunResult& result, nlohmann::json& doc) {
  report::print_report(std::cout, result);
  std::cout.flush();

  int exit_code = 0;
  doc = report::build_results_json(result);
  try {
    report::write_results_file(cfg.output, doc);
    log::info("Results saved to " + cfg.output);
  } catch (const std::exception& e) {
    log::error(std::string("--output: ") + e.what());
    exit_code = 1;
  }
  if (cfg.xlsx_output) {
    try {  // after the JSON, so a spreadsheet failure never costs the results
      const std::string written = report::export_spreadsheet(*cfg.xlsx_output, doc, *result.config);
      if (written.empty())
        log::warning("--xlsx-output: no request completed, nothing to export");
      else
        log::info("Spreadsheet results saved to " + written);
    } catch (const std::exception& e) {
      log::error(std::string("--xlsx-output: ") + e.what());
      exit_code = 1;
    }
  }
  return exit_code;
}

}  // namespace kvbench::app
