// The --io-trace-log writer of a trace-mode run: opened before anything runs (a path that
// cannot be written fails the run at once), closed after the engine with the row count.
// Without --io-trace-log there is no writer and both steps do nothing.
#pragma once

#include <memory>

#include "config/run_config.h"
#include "trace/trace_writer.h"

namespace kvbench::app {

class TraceOutput {
 public:
  // Logs and returns false when the file cannot be opened.
  bool open(const config::RunConfig& cfg);
  // Flushes and closes, logging the rows written; returns the exit code (0, or 1 on failure).
  int close();
  trace::TraceWriter* writer() const { return writer_.get(); }

 private:
  std::unique_ptr<trace::TraceWriter> writer_;
};

}  // namespace kvbench::app
