// kvbench entry point: everything lives in the library; main hands argv to the command table.
// The stop signals are blocked before anything else and stay blocked to the exit (issue 15
// item 12): a SIGTERM during parsing waits for the run's signal watcher, which then refuses to
// start; one after the results are written is never delivered, so the exit code is the run's.
#include "app/command_table.h"

namespace {
// Earlier still: before the program's own static initialisers (the shared libraries' run
// before it; only the dynamic loader's few milliseconds after exec stay unguarded).
[[gnu::constructor(101)]] void block_signals_at_load() { kvbench::app::block_stop_signals(); }
}  // namespace

int main(int argc, char** argv) {
  kvbench::app::block_stop_signals();
  return kvbench::app::main_entry(argc, argv);
}
