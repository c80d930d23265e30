#!/usr/bin/env bash
# Builds kvbench and its tests with sanitizers and runs them; any sanitizer report fails.
#   scripts/ci-sanitize.sh address,undefined   every test (ASan + UBSan + LeakSanitizer), build-asan/
#   scripts/ci-sanitize.sh thread [REGEX]      the concurrency tests (ThreadSanitizer), build-tsan/
# Tests that run the kvbench binary run the sanitized binary, with the same options.
set -euo pipefail
cd "$(dirname "$0")/.."
SANITIZE=${1:?usage: ci-sanitize.sh address,undefined|thread [ctest -R regex]}
# The multi-threaded parts: the cache (pinning, eviction), the trace writer (per-thread
# buffers, compression thread), the stats the workers share, and the wall-clock engine, which
# the TraceRun tests drive end to end (workers, signals, shutdown).
TSAN_TESTS='^(ShortLock|MultiTierCache|MultiTierCacheConcurrency|TraceWriter|RequestRunnerTest|TraceRun|LiveMetrics|AtomicHistogram)\.'
case "$SANITIZE" in
  address,undefined) BUILD_DIR=${BUILD_DIR:-build-asan}; FILTER=${2:-} ;;
  thread) BUILD_DIR=${BUILD_DIR:-build-tsan}; FILTER=${2:-$TSAN_TESTS} ;;
  *) echo "ci-sanitize.sh: unknown sanitizer set '$SANITIZE'" >&2; exit 2 ;;
esac

# Reports stop the process with a distinct exit code (never 0, 1 or 2, which kvbench itself
# uses), so a report inside a child kvbench fails the test that expected another code.
export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:abort_on_error=0:exitcode=86:detect_leaks=1:detect_stack_use_after_return=1:check_initialization_order=1:strict_init_order=1:detect_invalid_pointer_pairs=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1:exitcode=87:suppressions=$PWD/scripts/ubsan-suppressions.txt}
export LSAN_OPTIONS=${LSAN_OPTIONS:-exitcode=88}
export TSAN_OPTIONS=${TSAN_OPTIONS:-halt_on_error=1:exitcode=66:second_deadlock_stack=1:report_signal_unsafe=1}

# No CUDA (its runtime is not built for the sanitizers), no bench programs: only what the
# tests run. Debug keeps assert() on; -O1 -g1 (line tables only) compiles faster than
# RelWithDebInfo's -O2 -g and still runs the tests at a sane speed.
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" \
  -DKVBENCH_WERROR=ON -DKVBENCH_SANITIZE="$SANITIZE" -DKVBENCH_WITH_CUDA=OFF \
  -DKVBENCH_BENCH=OFF >/dev/null
cmake --build "$BUILD_DIR" -j"$(nproc)"
cd "$BUILD_DIR"
args=(--output-on-failure -j"$(nproc)")
if [ -n "$FILTER" ]; then args+=(-R "$FILTER"); fi
ctest "${args[@]}"
