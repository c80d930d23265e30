// How many file descriptors the process may still open, so the HTTP server can leave the run's
// own files (entries, trace, results) the descriptors they need (issue 15 item 10).
#pragma once

#include <cstddef>

namespace kvbench::server {

// Raises the soft RLIMIT_NOFILE to the hard limit (once per process; failures are ignored: the
// old limit then stands). Returns the soft limit in force afterwards.
std::size_t raise_descriptor_limit();

// Descriptors still free under the soft limit: the limit less those open (/proc/self/fd).
// Returns 0 when it cannot tell, so a caller that must leave room errs on the safe side.
std::size_t free_descriptors();

}  // namespace kvbench::server
