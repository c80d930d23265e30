#!/usr/bin/env bash
# Shows that two kvbench builds behave the same: for each workload (synthetic with three finite
# levels, RAG, ShareGPT, BurstGPT, prefill-only, decode-only, autoscaling) a seeded
# `--clock virtual` run of each build writes a trace; the traces must be byte-identical and the
# results JSON equal up to keys the newer build added (run time stamps and wall times aside).
#
#   bench/equivalence/same_behaviour.sh OLD_KVBENCH NEW_KVBENCH [INTENDED_CHANGES]
#
# INTENDED_CHANGES (default: intended_changes.txt beside this script) lists the results paths
# whose values a later build changed on purpose, each with its reason; a change there is
# counted, not failed. Pass /dev/null to see every change.
# Prints one line per workload (trace md5, rows, JSON verdict) and exits 1 on any difference.
set -euo pipefail
old=$1
new=$2
here=$(cd "$(dirname "$0")" && pwd)
intended=${3:-$here/intended_changes.txt}
data=$here/../../tests/data/workload
work=$(mktemp -d /tmp/kvbench-same.XXXXXX)
trap 'rm -rf "$work"' EXIT

common=(--model llama3.1-8b --seed 42 --clock virtual --generation-mode realistic)
declare -A workloads=(
  [synthetic-3-levels]="--num-users 40 --duration 120 --gpu-mem-gb 0.5 --cpu-mem-gb 1 --storage-capacity-gb 4"
  [rag]="--num-users 20 --duration 60 --gpu-mem-gb 0 --cpu-mem-gb 1 --enable-rag --rag-num-docs 12"
  [sharegpt]="--num-users 20 --duration 60 --gpu-mem-gb 0 --cpu-mem-gb 1 --dataset-path $data/sharegpt_sample.json"
  [burstgpt]="--num-users 20 --duration 60 --gpu-mem-gb 0 --cpu-mem-gb 1 --use-burst-trace --burst-trace-path $data/burstgpt_sample.csv"
  [prefill-only]="--num-users 30 --duration 60 --gpu-mem-gb 0 --cpu-mem-gb 1 --prefill-only"
  [decode-only]="--num-users 30 --duration 60 --gpu-mem-gb 0 --cpu-mem-gb 1 --decode-only"
  [autoscaling]="--num-users 20 --duration 120 --gpu-mem-gb 0 --cpu-mem-gb 1 --enable-autoscaling --autoscaler-mode qos"
)

failed=0
for name in $(printf '%s\n' "${!workloads[@]}" | sort); do
  read -r -a flags <<<"${workloads[$name]}"
  for side in old new; do
    bin=$old
    [ "$side" = new ] && bin=$new
    "$bin" "${common[@]}" "${flags[@]}" --io-trace-log "$work/$name.$side.csv" \
      --output "$work/$name.$side.json" >"$work/$name.$side.log" 2>&1 || {
      echo "$name: $side build failed (exit $?), see its log:"; tail -5 "$work/$name.$side.log"; failed=1; continue 2; }
  done
  md5_old=$(md5sum <"$work/$name.old.csv" | cut -c1-12)
  md5_new=$(md5sum <"$work/$name.new.csv" | cut -c1-12)
  rows=$(($(wc -l <"$work/$name.new.csv") - 1))
  trace="trace identical"
  [ "$md5_old" = "$md5_new" ] || { trace="TRACE DIFFERS ($md5_old vs $md5_new)"; failed=1; }
  json=$(python3 "$here/json_superset.py" "$work/$name.old.json" "$work/$name.new.json" "$intended") || failed=1
  printf '%-20s %8d rows  md5 %s  %s  %s\n' "$name" "$rows" "$md5_new" "$trace" "$json"
done
[ "$failed" -eq 0 ] && echo "same behaviour: every workload identical" || echo "DIFFERENT BEHAVIOUR"
exit "$failed"
