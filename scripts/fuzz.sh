#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan; build-fuzz/) and runs each for a bounded
# time on its seed corpus. Any crash, leak, timeout, out-of-memory or sanitizer report fails.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     default: 25 s each, every tests/fuzz/*_fuzz.cpp
# Targets: cli_args, config_yaml, trace_reader, burstgpt_csv, sharegpt_json, validation_trace.
# New interesting inputs collect in
# build-fuzz/corpus/<target>/ (merge the good ones into tests/fuzz/corpus/<target>/); a
# failing input is saved under build-fuzz/artifacts/<target>/: reproduce it with
#   build-fuzz/tests/fuzz/<target>_fuzz <file>
# and, once fixed, add it to tests/fuzz/regressions/<target>/ so that fuzz_corpus_test.cpp
# replays it in every test run. FUZZ_SEED (default 1) fixes libFuzzer's seed so a CI run can
# be repeated exactly; set FUZZ_SEED=0 for a random one.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-25}
shift || true
BUILD_DIR=${BUILD_DIR:-build-fuzz}
FUZZ_SEED=${FUZZ_SEED:-1}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzz.cpp; do
    n=$(basename "$f" .cpp)
    targets+=("${n%_fuzz}")
  done
fi

CXX=${FUZZ_CXX:-clang++} cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DKVBENCH_WERROR=ON -DKVBENCH_FUZZ=ON -DKVBENCH_TESTS=OFF -DKVBENCH_BENCH=OFF \
  -DKVBENCH_WITH_CUDA=OFF >/dev/null
build_targets=()
for t in "${targets[@]}"; do build_targets+=("${t}_fuzz"); done
cmake --build "$BUILD_DIR" -j"$(nproc)" --target "${build_targets[@]}"

# Leaks are findings; the symbolized stack goes to the log.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}

failed=0
summary=()
for t in "${targets[@]}"; do
  exe="$BUILD_DIR/tests/fuzz/${t}_fuzz"
  corpus="$BUILD_DIR/corpus/$t"
  artifacts="$BUILD_DIR/artifacts/$t"
  log="$BUILD_DIR/fuzz-$t.log"
  mkdir -p "$corpus" "$artifacts"
  seeds=(tests/fuzz/corpus/"$t")
  [ -d tests/fuzz/regressions/"$t" ] && seeds+=(tests/fuzz/regressions/"$t")
  dict=()
  [ -f tests/fuzz/"$t".dict ] && dict=(-dict=tests/fuzz/"$t".dict)
  echo "== fuzz $t: ${SECONDS_EACH} s, seed $FUZZ_SEED =="
  rc=0
  # The outer timeout only guards against a fuzzer that cannot stop (e.g. a report that hangs).
  timeout -k 10 $((SECONDS_EACH + 120)) "$exe" -max_total_time="$SECONDS_EACH" -seed="$FUZZ_SEED" \
    -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
    -artifact_prefix="$artifacts/" "${dict[@]}" "$corpus" "${seeds[@]}" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 || true)
  if [ "$rc" -ne 0 ]; then
    failed=1
    echo "FAILED: $t (exit $rc); last lines of $log:"
    tail -n 60 "$log"
    ls -l "$artifacts"
    summary+=("$t: FAILED after ${execs:-?} executions")
  else
    summary+=("$t: ${execs:-?} executions (${rate:-?}/s), ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files")
  fi
done
echo "== fuzz summary =="
printf '  %s\n' "${summary[@]}"
exit $failed
