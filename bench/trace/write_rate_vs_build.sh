#!/usr/bin/env bash
# The trace writer's rows/s against another build's, in the same run (issue 17 item 1: the
# causal merge behind a watermark must keep the writer's throughput). Runs the two builds'
# bench/trace_write_rate alternately, ROUNDS times each (default 5), prints every round with
# the load average, then per format and thread count the median rows/s of each build and their
# ratio (this build / the other). A ratio near 1.0 is "kept"; trust it only on a quiet machine.
#
#   bench/trace/write_rate_vs_build.sh OTHER_TRACE_WRITE_RATE [THIS_TRACE_WRITE_RATE]
# e.g. the build before the causal merge:
#   git worktree add --detach /tmp/prev b50994d && cmake -S /tmp/prev -B /tmp/prev/build -G Ninja \
#     && cmake --build /tmp/prev/build --target trace_write_rate
#   bench/trace/write_rate_vs_build.sh /tmp/prev/build/bench/trace_write_rate
# Settings: ROUNDS (5), ROWS per run (2000000).
set -euo pipefail
other=$(readlink -f "$1")
this=$(readlink -f "${2:-$(dirname "$0")/../../build/bench/trace_write_rate}")
rounds=${ROUNDS:-5}
rows=${ROWS:-2000000}
work=$(mktemp -d /tmp/kvbench-write-rate.XXXXXX)
trap 'rm -rf "$work"' EXIT

# One run: "<format> <threads> <kvbench rows/s>" per configuration, appended to $2.
one() {
  "$1" "$rows" "$work/files" | awk '$1 == "csv" || $1 == "csv.zst" { print $1, $2, $3 }' >>"$2"
}

for ((r = 1; r <= rounds; r++)); do
  one "$this" "$work/this.txt"
  one "$other" "$work/other.txt"
  echo "round $r done, load $(cut -d' ' -f1-3 /proc/loadavg)"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf '%-8s %-4s %14s %14s %8s\n' format thr "this rows/s" "other rows/s" ratio
for cfg in "csv 1" "csv.zst 1" "csv 2" "csv.zst 2"; do
  set -- $cfg
  a=$(awk -v f="$1" -v t="$2" '$1 == f && $2 == t { print $3 }' "$work/this.txt" | median)
  b=$(awk -v f="$1" -v t="$2" '$1 == f && $2 == t { print $3 }' "$work/other.txt" | median)
  printf '%-8s %-4s %14.0f %14.0f %8.3f\n' "$1" "$2" "$a" "$b" "$(echo "$a / $b" | bc -l)"
done
echo "medians of $rounds alternating rounds of $rows rows; load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
