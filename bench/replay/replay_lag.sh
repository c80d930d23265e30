#!/usr/bin/env bash
# kvbench replay at --speed 1 and --speed 0 on one directory (issue 17 item 5, replay half):
# records a seeded virtual-clock trace whose rate the disk can hold (small objects: --tensor-
# parallel divides them), replays it against the storage level at its own timestamps and reports
# the lag (p50, p99, max) and whether the replay took the trace's span within 2 %, then replays
# it as fast as the storage takes it and reports the bandwidth. Figures are printed, one per line.
#   bench/replay/replay_lag.sh KVBENCH [CACHE_DIR] [DURATION_S]
# CACHE_DIR: a folder on the storage to measure (default: a temp dir); DURATION_S: the trace's
# length (default 60). Exit 1 when the --speed 1 replay missed the span by more than 2 %.
set -euo pipefail
kvbench=${1:?usage: replay_lag.sh KVBENCH [CACHE_DIR] [DURATION_S]}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dir=${2:-$work/store}
duration=${3:-60}
mkdir -p "$dir"

"$kvbench" --clock virtual --seed 1 --model tiny-1b --num-users 4 --duration "$duration" \
  --generation-mode fast --tensor-parallel 256 --num-gpus 256 --gpu-mem-gb 0.0001 --cpu-mem-gb 0.05 \
  --io-trace-log "$work/trace.csv.zst" --output "$work/trace_run.json" --quiet >/dev/null 2>&1

replay() {  # SPEED RESULTS
  rm -rf "${dir:?}"/*
  "$kvbench" replay --levels storage --cache-dir "$dir" --speed "$1" --seed 1 --fail-on never \
    --output "$2" "$work/trace.csv.zst" >/dev/null 2>"$work/err.txt" || { cat "$work/err.txt" >&2; exit 1; }
}

replay 1 "$work/paced.json"
replay 0 "$work/fast.json"

python3 - "$work/paced.json" "$work/fast.json" <<'PY'
import json, sys
paced = json.load(open(sys.argv[1]))
fast = json.load(open(sys.argv[2]))
p = paced["kvbench"]["replay"]
ratio = p["elapsed_s"] / p["trace_span_s"] if p["trace_span_s"] > 0 else float("nan")
print(f"rows                 {p['rows']['total']}")
print(f"trace_span_s         {p['trace_span_s']:.3f}")
print(f"speed1_elapsed_s     {p['elapsed_s']:.3f}")
print(f"speed1_elapsed_ratio {ratio:.4f}   (goal 1 +- 0.02)")
print(f"speed1_lag_p50_ms    {p['lag_ms']['p50']:.3f}")
print(f"speed1_lag_p99_ms    {p['lag_ms']['p99']:.3f}")
print(f"speed1_lag_max_ms    {p['lag_ms']['max']:.3f}")
print(f"speed1_health        {paced['kvbench']['health']['status']}")
f = fast["kvbench"]["replay"]
cs = fast["summary"]["cache_stats"]
read_gib = cs["tier_storage_kv_bytes_read_gb"]
# New objects and demotions both write the storage level.
written_gib = cs["tier_storage_kv_bytes_written_gb"] + fast["kvbench"]["demoted_in_bytes"]["storage"] / 2**30
el = f["elapsed_s"]
print(f"speed0_elapsed_s     {el:.3f}")
print(f"speed0_read_gibps    {read_gib / el:.3f}")
print(f"speed0_write_gibps   {written_gib / el:.3f}")
print(f"speed0_read_p50_ms   {cs.get('storage_read_p50_ms', 0):.3f}")
sys.exit(0 if abs(ratio - 1) <= 0.02 else 1)
PY
