#!/usr/bin/env bash
# The reference's own tooling drives kvbench through the shipped kv-cache.py (issue 16 item 7):
# each case is a command line as kv-cache-wrapper.sh, validate.sh or `mlpstorage kvcache run`
# builds it (REFERENCE.md §9), with --duration cut to 1 s, then trace mode on the virtual clock
# (--io-trace-log, --clock virtual) so that each takes a fraction of a second: the test is about
# the command lines and the shim; real I/O has its own tests. A case passes when `python3
# kv-cache.py ...` exits 0 and writes the results JSON with a summary (and XLSX where asked).
#   kv_cache_py_test.sh KVBENCH SOURCE_DIR CASE
set -euo pipefail
kvbench=$(realpath "$1") src=$(realpath "$2") case=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export KVBENCH_BIN=$kvbench
shim=(python3 "$src/kv-cache.py")
cfg=$src/configs/config.yaml
# What every mlperf_submission line of kv-cache-wrapper.sh shares.
submission=(--config "$cfg" --gpu-mem-gb 0 --generation-mode none --cache-dir "$work/cache" --seed 42
            --duration 1 --output "$work/out.json" --xlsx-output "$work/out.xlsx")
case $case in
  stress_8b) args=("${submission[@]}" --model llama3.1-8b --num-users 200 --cpu-mem-gb 0 --max-concurrent-allocs 16) ;;
  throughput_8b) args=("${submission[@]}" --model llama3.1-8b --num-users 100 --cpu-mem-gb 4 --max-concurrent-allocs 0) ;;
  stress_70b) args=("${submission[@]}" --model llama3.1-70b-instruct --num-users 70 --cpu-mem-gb 0 --max-concurrent-allocs 4) ;;
  # kv-cache-wrapper.sh -w capacity-autoscale
  capacity_autoscale)
    args=(--config "$cfg" --model llama3.1-70b-instruct --num-users 10 --gpu-mem-gb 0 --cpu-mem-gb 4
          --enable-autoscaling --autoscaler-mode capacity --generation-mode none --duration 1
          --cache-dir "$work/cache" --seed 42 --output "$work/out.json") ;;
  # validate.sh: ShareGPT replay at a request rate, throughput profile
  validate_sharegpt)
    args=(--model llama3.1-8b --dataset-path "$src/tests/data/workload/sharegpt_sample.json"
          --max-conversations 500 --request-rate 10 --num-users 10 --gpu-mem-gb 0 --cpu-mem-gb 2
          --generation-mode none --performance-profile throughput --duration 1
          --cache-dir "$work/cache" --seed 42 --output "$work/out.json") ;;
  # mlpstorage kvcache run: its defaults (GPU 16 GiB, CPU 32 GiB, realistic, latency profile).
  # 10 simulated seconds: at 30 ms per token, 1 s let no request finish for some seeds (no
  # seed is given, as mlpstorage gives none), and the results then hold no summary.
  mlpstorage)
    args=(--model llama3.1-8b --num-users 100 --gpu-mem-gb 16 --cpu-mem-gb 32 --duration 10
          --generation-mode realistic --performance-profile latency --cache-dir "$work/kvcache_data"
          --output "$work/out.json") ;;
  # Usage errors keep the binary's exit status through the exec.
  exit_status)
    set +e; "${shim[@]}" --num-users 0 >/dev/null 2>&1; rc=$?; set -e
    [ "$rc" -eq 2 ] || { echo "expected exit 2 through kv-cache.py, got $rc"; exit 1; }
    "${shim[@]}" --help | grep -q -- --num-users
    # Found next to the script when KVBENCH_BIN is unset.
    cp "$src/kv-cache.py" "$work/kv-cache.py"; ln -s "$kvbench" "$work/kvbench"
    env -u KVBENCH_BIN python3 "$work/kv-cache.py" --help | grep -q -- --num-users
    exit 0 ;;
  *) echo "unknown case $case"; exit 2 ;;
esac
args+=(--io-trace-log "$work/trace.csv" --clock virtual)
"${shim[@]}" "${args[@]}" >"$work/stdout" 2>"$work/stderr" || {
  echo "kv-cache.py ${args[*]} failed ($?)"; tail -20 "$work/stderr"; exit 1; }
python3 - "$work/out.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert "summary" in r and r["requests_completed"] >= 0, "results JSON lacks its summary"
PY
case " ${args[*]} " in *" --xlsx-output "*) [ -s "$work/out.xlsx" ] || { echo "no XLSX written"; exit 1; } ;; esac
echo "ok: $case"
