// /status: a small JSON snapshot of a running benchmark for people and scripts polling a pod
// (state, progress, throughput, users, queue, tier usage). Built from LiveSources only.
#pragma once

#include <nlohmann/json.hpp>

#include "server/live_sources.h"

namespace kvbench::server {

nlohmann::json build_status_json(const LiveSources& sources);

}  // namespace kvbench::server
