// `kvbench collect`: the collector of a group of tensor-parallel runs (issue 20). It fetches
// every rank's /results over HTTP while the ranks linger for it, writes the per-rank files and
// their pooled aggregate (report/aggregate.h) to its own folder, and pushes the aggregate's
// summary to a Pushgateway when given one: no file system shared between nodes is needed. A
// rank that failed or never delivered is named and the aggregate is marked partial.
#pragma once

#include <vector>

#include "app/command.h"
#include "cli/flag_table.h"

namespace kvbench::app {

const std::vector<cli::FlagSpec>& collect_flags();
int collect_command(const Invocation& call, CommandIo& io);

}  // namespace kvbench::app
