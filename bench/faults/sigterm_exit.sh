#!/usr/bin/env bash
# How long a real run takes from SIGTERM to its results and to its exit (issue 15 item 13), the
# figures behind the chart's terminationGracePeriodSeconds. Each scenario runs ROUNDS times
# (default 5); the median and the maximum are printed with the load average. The peer is the
# same build's --duration end: the window's measured length against the moment of the signal
# says how late the engine saw it.
#
#   bench/faults/sigterm_exit.sh [KVBENCH] [DIR]
# DIR holds the cache directories (default: a temporary directory); with root and DIR unset, a
# 3 GiB loop-mounted ext4 is made so the "full disk" scenario really fills its disk.
set -euo pipefail
kvbench=$(readlink -f "${1:-build/kvbench}")
rounds=${ROUNDS:-5}
work=$(mktemp -d /tmp/kvbench-sigterm.XXXXXX)
dir=${2:-}
cleanup() { [ -n "${loop_mnt:-}" ] && umount "$loop_mnt" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
if [ -z "$dir" ] && [ "$(id -u)" -eq 0 ]; then
  truncate -s 3G "$work/disk.img" && mkfs.ext4 -q -F "$work/disk.img" && mkdir -p "$work/mnt" &&
    mount -o loop "$work/disk.img" "$work/mnt" && loop_mnt=$work/mnt && dir=$work/mnt
fi
dir=${dir:-$work}

# One try: prints "<signal->results s> <signal->exit s> <window end - signal s>".
one() {
  local at=$1; shift
  rm -rf "$dir/run" "$work/out.json" && mkdir -p "$dir/run"
  "$kvbench" --duration 120 --gpu-mem-gb 0 --cache-dir "$dir/run" --seed 42 --quiet \
    --output "$work/out.json" "$@" >"$work/log.txt" 2>&1 &
  local pid=$! start
  start=$(date +%s.%N)
  sleep "$at"
  local t0 saved="" t1
  t0=$(date +%s.%N)
  kill -TERM "$pid"
  while kill -0 "$pid" 2>/dev/null; do
    [ -z "$saved" ] && [ -e "$work/out.json" ] && saved=$(date +%s.%N)
    sleep 0.05
  done
  wait "$pid" || true
  t1=$(date +%s.%N)
  [ -z "$saved" ] && saved=$t1
  local measured
  measured=$(python3 -c "import json;print(json.load(open('$work/out.json'))['kvbench']['window']['measured_s'])")
  python3 -c "print(f'{$saved-$t0:.2f} {$t1-$t0:.2f} {$measured-($t0-$start):.2f}')"
}

scenario() {
  local name=$1 at=$2; shift 2
  local rows=()
  for ((i = 0; i < rounds; i++)); do rows+=("$(one "$at" "$@")"); done
  printf '%s\n' "${rows[@]}" | python3 -c "
import sys, statistics as st
rows=[list(map(float,l.split())) for l in sys.stdin if l.strip()]
cols=list(zip(*rows))
f=lambda c: f'median {st.median(c):6.2f} s, max {max(c):6.2f} s'
print(f'$name: to results {f(cols[0])} | to exit {f(cols[1])} | window end minus signal time, setup included (<= 0: at once) {f(cols[2])}')"
}

echo "kvbench: $kvbench; cache directories under $dir; $rounds rounds each"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
scenario "8b, 100 users          " 10 --model llama3.1-8b --num-users 100 --cpu-mem-gb 1
scenario "8b, 500 workers, full  " 20 --model llama3.1-8b --num-users 500 --workers 500 --cpu-mem-gb 1
scenario "70b, 30 users          " 15 --model llama3.1-70b-instruct --num-users 30 --cpu-mem-gb 1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
