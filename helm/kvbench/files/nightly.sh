#!/bin/sh
# The nightly CronJob's kvbench container (regression.enabled, cronjob mode): runs kvbench with
# the chart's arguments, files its results under
#   $RESULTS_DIR/history/<UTC date>-<run id>/        (run id: the Kubernetes Job's name)
# and compares them with a pinned baseline ($REGRESSION_BASELINE, relative to $RESULTS_DIR) or
# with this rank's results of the last $REGRESSION_WINDOW nights (`kvbench compare` takes the
# median over them). Beside the results it writes the verdict (verdict-rank-N.json and .md),
# the HTML report of the compared nights (report-rank-N.html) and regression-rank-N.prom, the
# kvbench_regression figures the Pushgateway sidecar pushes. Exit codes: kvbench's own when the
# run failed (nothing is compared), 3 when `kvbench compare` found a regression (the Job
# fails), 0 otherwise (also on the first night, which has nothing to compare with).
# Run as `nightly.sh collect ...` (the collector pod of several TP groups, files/collect.sh) it
# files the collector's folder (rank-N.json, aggregate.json) and compares the pooled aggregate
# with the aggregates of earlier nights; a partial aggregate (a rank missing or failed) is kept
# as aggregate-partial.json and never compared, nor used as a baseline.
set -u
: "${RESULTS_DIR:=/results}" "${REGRESSION_WINDOW:=7}" "${REGRESSION_BASELINE:=}" "${REGRESSION_ARGS:=}"
: "${REGRESSION_REPORT:=true}" "${KVBENCH_JOB_NAME:=manual}" "${KVBENCH_RANK:=0}" "${KVBENCH:=kvbench}"
# SIGTERM goes to kvbench, which stops cleanly and writes its results (then nothing is compared).
trap 'kill -TERM "$child" 2>/dev/null' TERM INT
pooled=0
[ "${1:-}" = collect ] && pooled=1
output=""
prev=""
for a in "$@"; do
  [ "$prev" = "--output" ] && output=$a
  prev=$a
done
"$KVBENCH" "$@" &
child=$!
wait "$child"
rc=$?
[ "$rc" -gt 128 ] && wait "$child" && rc=$?  # wait was cut short by the signal we forwarded
night="$(date -u +%Y-%m-%d)-$KVBENCH_JOB_NAME"
history="$RESULTS_DIR/history"
dir="$history/$night"
mkdir -p "$dir" || exit 1
prom="$dir/regression-rank-$KVBENCH_RANK.prom"
write_prom() {  # $1: 1 when compared; then the verdict's per-metric lines are in $prom.lines
  # (each family one group after its TYPE line, as the text format wants)
  {
    echo "# HELP kvbench_regression_checked 1 when the night was compared with a baseline"
    echo "# TYPE kvbench_regression_checked gauge"
    echo "kvbench_regression_checked{night=\"$night\"} $1"
    if [ "$1" = 1 ]; then
      echo "# HELP kvbench_regression 1 when kvbench compare judged the metric a regression"
      echo "# TYPE kvbench_regression gauge"
      grep '^kvbench_regression{' "$prom.lines"
      echo "# HELP kvbench_regression_ratio The metric's candidate over its baseline median"
      echo "# TYPE kvbench_regression_ratio gauge"
      grep '^kvbench_regression_ratio{' "$prom.lines"
    fi
  } >"$prom.tmp" && mv "$prom.tmp" "$prom"
}
if [ "$pooled" = 1 ]; then
  if [ -n "$output" ] && [ -d "$output" ]; then
    for f in "$output"/*; do [ -e "$f" ] && mv "$f" "$dir/"; done
    rmdir "$output" 2>/dev/null
  fi
  if [ "$rc" -ne 0 ] || [ ! -f "$dir/aggregate.json" ]; then
    [ -f "$dir/aggregate.json" ] && mv "$dir/aggregate.json" "$dir/aggregate-partial.json"
    echo "nightly: kvbench collect exited $rc (a rank missing or failed); the partial results are in $dir, nothing compared" >&2
    write_prom 0
    [ "$rc" -eq 0 ] && rc=1
    exit "$rc"
  fi
  candidate="$dir/aggregate.json"
  earlier="aggregate.json"
else
  if [ "$rc" -ne 0 ] || [ -z "$output" ] || [ ! -f "$output" ]; then
    echo "nightly: the run exited $rc; nothing compared" >&2
    write_prom 0
    exit "$rc"
  fi
  candidate="$dir/$(basename "$output")"
  mv "$output" "$candidate" || exit 1
  xlsx="${output%.json}.xlsx"
  [ -f "$xlsx" ] && mv "$xlsx" "$dir/"
  earlier="results-*-rank-$KVBENCH_RANK.json"
fi
# This rank's results (or the pooled aggregates) of earlier nights, newest first (the folder
# names sort by date).
baseline=""
if [ -n "$REGRESSION_BASELINE" ]; then
  baseline="$RESULTS_DIR/$REGRESSION_BASELINE"
  [ -e "$baseline" ] || { echo "nightly: regression.baseline $baseline does not exist" >&2; write_prom 0; exit 2; }
else
  n=0
  for d in $(ls -1 "$history" | sort -r); do
    [ "$d" = "$night" ] && continue
    # shellcheck disable=SC2231  # $earlier is a glob
    for f in "$history/$d"/$earlier; do
      [ -f "$f" ] || continue
      baseline="$baseline $f"
      n=$((n + 1))
    done
    [ "$n" -ge "$REGRESSION_WINDOW" ] && break
  done
fi
if [ -z "$baseline" ]; then
  echo "nightly: no earlier night in $history to compare with; results kept in $dir"
  write_prom 0
  exit 0
fi
# shellcheck disable=SC2086  # the baseline list and REGRESSION_ARGS are split on spaces
"$KVBENCH" compare --markdown $REGRESSION_ARGS $baseline -- "$candidate" >"$dir/verdict-rank-$KVBENCH_RANK.md"
verdict=$?
"$KVBENCH" compare --json $REGRESSION_ARGS $baseline -- "$candidate" >"$dir/verdict-rank-$KVBENCH_RANK.json"
if [ "$REGRESSION_REPORT" = true ]; then
  # shellcheck disable=SC2086
  "$KVBENCH" report $baseline "$candidate" --html "$dir/report-rank-$KVBENCH_RANK.html" \
    || echo "nightly: kvbench report failed; the verdict stands" >&2
fi
if [ "$verdict" -ne 0 ] && [ "$verdict" -ne 3 ]; then
  echo "nightly: kvbench compare exited $verdict (see $dir/verdict-rank-$KVBENCH_RANK.md)" >&2
  write_prom 0
  exit "$verdict"
fi
# metrics[] of the verdict JSON (pretty-printed, one key per line): name, change, verdict.
awk '
  /"metrics": \[/ { inm = 1; next }
  inm && /^    \{/ { name = ""; change = ""; v = "" }
  inm && /^      "name": / { name = $0; sub(/^[^:]*: "/, "", name); sub(/",?$/, "", name) }
  inm && /^      "change": / { change = $2; sub(/,$/, "", change) }
  inm && /^      "verdict": / { v = $0; sub(/^[^:]*: "/, "", v); sub(/",?$/, "", v) }
  inm && /^    \}/ && name != "" {
    printf "kvbench_regression{metric=\"%s\"} %d\n", name, (v == "regression")
    if (change ~ /^-?[0-9.eE+-]+$/) printf "kvbench_regression_ratio{metric=\"%s\"} %.6g\n", name, 1 + change
  }
' "$dir/verdict-rank-$KVBENCH_RANK.json" >"$prom.lines"
write_prom 1
rm -f "$prom.lines"
cat "$dir/verdict-rank-$KVBENCH_RANK.md"
[ "$verdict" -eq 3 ] && echo "nightly: REGRESSION against $baseline" >&2
exit "$verdict"
