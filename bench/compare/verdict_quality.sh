#!/usr/bin/env bash
# How good `kvbench compare`'s verdict is on this machine (issue 19 item 6): runs one seeded
# real configuration RUNS times (short wall-clock runs, small, a temporary cache dir), then
#  - the false-positive rate: RUNS-5 comparisons of 3 runs against 3 others out of each 6
#    consecutive ones (ORDER below), none of them changed, so every "regression" verdict is a
#    false positive;
#  - the smallest change the default thresholds detect: the same comparisons with the
#    candidates' storage read bandwidth lowered, or their storage read p99 raised, by X %,
#    and the share of comparisons that flag it, per X.
# Usage: bench/compare/verdict_quality.sh KVBENCH [RUNS (default 15, ≥ 15 for 10 comparisons)]
# Environment: DURATION (s, default 5), MODEL (tiny-1b), USERS (4), ORDER (interleaved or
# sliding, below), KEEP=1 keeps the folder.
set -euo pipefail
kvbench=${1:?usage: verdict_quality.sh KVBENCH [RUNS]}
runs=${2:-15}
duration=${DURATION:-5}
model=${MODEL:-tiny-1b}
users=${USERS:-4}
(( runs >= 6 )) || { echo "RUNS must be at least 6 (one comparison of 3 against 3)" >&2; exit 2; }
command -v jq >/dev/null || { echo "jq is needed" >&2; exit 2; }
work=$(mktemp -d "${TMPDIR:-/tmp}/kvbench-verdict.XXXXXX")
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT

# REUSE=DIR: the runs of an earlier KEEP=1 invocation (DIR/run0.json ...), measured again
# without running (to try another verdict rule on the same noise).
if [[ -n ${REUSE:-} ]]; then
  for ((i = 0; i < runs; i++)); do cp "$REUSE/run$i.json" "$work/"; done
fi
echo "runs: $runs x ${duration}s, model $model, $users users, seed 1, cache dir under $work"
for ((i = 0; i < runs; i++)); do
  if [[ -z ${REUSE:-} ]]; then
    rm -rf "$work/cache"
    "$kvbench" --model "$model" --num-users "$users" --duration "$duration" --gpu-mem-gb 0 --cpu-mem-gb 0 \
      --cache-dir "$work/cache" --seed 1 --output "$work/run$i.json" >"$work/run$i.log" 2>&1 ||
      { echo "run $i failed (exit $?): $work/run$i.log" >&2; KEEP=1; exit 1; }
  fi
  jq -r --arg i "$i" '"  run \($i): read \(.summary.cache_stats.tier_storage_read_bandwidth_gbps | .*1000 | round / 1000) GiB/s, read p99 \(.summary.cache_stats.storage_read_p99_ms // 0 | .*10 | round / 10) ms, \(.summary.avg_throughput_tokens_per_sec | round) tok/s"' "$work/run$i.json"
done

comparisons=$((runs - 5))
# Which of six consecutive runs are the baselines. ORDER=interleaved (the default) takes runs
# I, I+2, I+4 as baselines and I+1, I+3, I+5 as candidates: a drift of the machine over the
# window (another job starting) then touches both sides alike, and what is left is the runs'
# own noise, as in alternating A/B rounds. ORDER=sliding takes I..I+2 against I+3..I+5, as a
# nightly job compares last week with tonight: a drift between the halves is then a real change
# of the machine, and compare is right to report it.
order=${ORDER:-interleaved}
case $order in
  interleaved) base_offsets=(0 2 4) cand_offsets=(1 3 5) ;;
  sliding) base_offsets=(0 1 2) cand_offsets=(3 4 5) ;;
  *) echo "ORDER must be interleaved or sliding" >&2; exit 2 ;;
esac
echo "order: $order (baselines at offsets ${base_offsets[*]}, candidates at ${cand_offsets[*]} of each 6 runs)"

# compare_window I CANDIDATE_FILTER: exit code of comparing window I's baselines with its
# candidates after applying the jq filter to the candidates.
compare_window() {
  local i=$1 filter=$2 bases=() cands=() k
  for k in "${base_offsets[@]}"; do bases+=("$work/run$((i + k)).json"); done
  for k in "${cand_offsets[@]}"; do
    jq "$filter" "$work/run$((i + k)).json" >"$work/cand$((i + k)).json"
    cands+=("$work/cand$((i + k)).json")
  done
  local rc=0
  "$kvbench" compare --json "${bases[@]}" -- "${cands[@]}" >"$work/verdict$i.json" 2>/dev/null || rc=$?
  echo "$rc"
}

false_positives=0
flagged_names=()
for ((i = 0; i < comparisons; i++)); do
  rc=$(compare_window "$i" '.')
  if [[ $rc == 3 ]]; then
    false_positives=$((false_positives + 1))
    flagged_names+=("$(jq -r '[.metrics[] | select(.verdict == "regression") | .name] | join(",")' "$work/verdict$i.json")")
  elif [[ $rc != 0 ]]; then
    echo "compare exited $rc" >&2; exit 1
  fi
done
echo "false positives: $false_positives of $comparisons unchanged comparisons ($((100 * false_positives / comparisons)) %)${flagged_names:+; flagged: ${flagged_names[*]}}"

# Share of comparisons whose named metric is a regression once the candidates are changed.
detection() {
  local name=$1 filter=$2 hit=0
  for ((i = 0; i < comparisons; i++)); do
    compare_window "$i" "$filter" >/dev/null
    [[ $(jq -r --arg n "$name" '.metrics[] | select(.name == $n) | .verdict' "$work/verdict$i.json") == regression ]] && hit=$((hit + 1))
  done
  echo "$hit"
}
for metric in storage_read_gibps storage_read_p99; do
  smallest=none
  line=""
  for pct in 2 5 8 10 15 20 30 50; do
    if [[ $metric == storage_read_gibps ]]; then
      f=".summary.cache_stats.tier_storage_read_bandwidth_gbps *= (1 - $pct / 100)"
    else
      f=".summary.cache_stats.storage_read_p99_ms *= (1 + $pct / 100)"
    fi
    hit=$(detection "$metric" "$f")
    line+=" ${pct}%:$hit/$comparisons"
    if [[ $smallest == none ]] && ((hit * 10 >= comparisons * 9)); then smallest="$pct %"; fi
  done
  echo "$metric detected (injected change: comparisons flagged):$line; smallest change flagged in >= 90 %: $smallest"
done
