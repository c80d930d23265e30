#include "app/trace_output.h"

#include <iostream>
#include <sstream>

#include "common/log.h"
#include "report/text_format.h"

namespace kvbench::app {

bool TraceOutput::open(const config::RunConfig& cfg) {
  if (!cfg.trace_mode()) return true;
  try {
    trace::TraceWriterOptions opts;
    // Many wall-clock workers each own a block; keep their sum small.
    if (cfg.clock == config::ClockKind::Wall && cfg.effective_workers() > 64)
      opts.block_bytes = 4 * 1024;
    writer_ = trace::TraceWriter::open(*cfg.io_trace_log, opts);
  } catch (const std::exception& e) {
    std::cerr << "kvbench: error: --io-trace-log: " << e.what() << "\n";
    return false;
  }
  log::info("Trace mode active: I/O operations will be logged to " + *cfg.io_trace_log);
  return true;
}

int TraceOutput::close() {
  if (!writer_) return 0;
  try {
    writer_->close();
    std::ostringstream msg;
    msg << "IOTracer: closed — " << report::text::thousands(writer_->rows_recorded())
        << " operations logged to " << writer_->path();
    log::info(msg.str());
  } catch (const std::exception& e) {
    log::error(std::string("trace: ") + e.what());
    return 1;
  }
  return 0;
}

}  // namespace kvbench::app
