#!/usr/bin/env bash
# A one-hour Mooncake request trace replayed at full speed in bounded memory (issue 18 item 5).
# Writes a synthetic trace in the FAST'25 release format (the public traces are not ours to
# ship): HOURS x 3600 s of arrivals at RATE requests/s, inputs of 1-16k tokens, 512-token blocks,
# half of each request's blocks a prefix shared with earlier requests (system prompts and
# earlier turns), as in the published conversation trace. Then runs kvbench in trace mode with
# --trace-speedup 0 (as fast as the workers take the requests) on the trace and, as the peer in
# the same run, on a trace twice as long (its first half is the first): once the levels are full
# (about the first half hour at the default rate), peak RSS must not grow with the length.
# The levels are finite (16 GiB GPU, 64 GiB CPU, 1,000 GB storage: some 16,000 blocks of 64 MiB),
# as on a real system; with an unlimited storage level the cache would rightly keep every block
# the hour wrote, and its metadata (80 B per block) would grow with the trace.
# Prints requests, trace rows, wall seconds, rows/s and peak RSS for both, and the RSS ratio.
# Measured peaks at 6 requests/s: 28 MiB at 6 min, 56 at 12, 73 at 30, 80-89 at 60, 85 at 120.
#   bench/mooncake/hour_trace.sh KVBENCH [RATE (default 6 /s)] [HOURS (default 1)]
set -euo pipefail
kvbench=${1:?usage: hour_trace.sh KVBENCH [RATE] [HOURS]}
rate=${2:-6}
hours=${3:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/kvbench-mooncake.XXXXXX")
[[ ${KEEP:-0} == 1 ]] || trap 'rm -rf "$work"' EXIT  # KEEP=1 keeps the trace and results

python3 - "$work/double.jsonl" "$work/single.jsonl" "$rate" "$hours" <<'PY'
import json, random, sys
out, first, rate, hours = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rng = random.Random(42)
span_ms = 2 * hours * 3600 * 1000
prefixes = [[rng.getrandbits(48) for _ in range(rng.randint(1, 16))] for _ in range(400)]
t, n = 0.0, 0
with open(out, "w") as f, open(first, "w") as g:
    while True:
        t += rng.expovariate(rate) * 1000
        if t > span_ms:
            break
        inp = rng.randint(1000, 16000)
        blocks = (inp + 511) // 512
        shared = rng.choice(prefixes)[: blocks // 2]
        ids = shared + [rng.getrandbits(48) for _ in range(blocks - len(shared))]
        line = json.dumps({"timestamp": round(t, 1), "input_length": inp,
                           "output_length": rng.randint(10, 600), "hash_ids": ids})
        f.write(line + "\n")
        if t <= span_ms / 2:
            g.write(line + "\n")
        n += 1
print(f"traces: {hours:g} h and {2 * hours:g} h at {rate:g} requests/s ({n} requests in the longer)", file=sys.stderr)
PY

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %11s %8s %11s %10s\n' trace requests trace_rows wall_s rows_per_s peak_MiB
declare -A rss
for name in single double; do
  /usr/bin/time -f '%e %M' -o "$work/$name.time" \
    "$kvbench" --mooncake-trace "$work/$name.jsonl" --trace-speedup 0 --replay-cycles 1 \
    --model llama3.1-8b --num-users 64 --gpu-mem-gb 16 --cpu-mem-gb 64 --storage-capacity-gb 1000 \
    --duration 7200 \
    --generation-mode none --seed 1 --io-trace-log "$work/$name.csv.zst" \
    --output "$work/$name.json" --quiet >"$work/$name.log" 2>&1 ||
    { echo "kvbench failed on the $name trace:" >&2; tail -5 "$work/$name.log" >&2; exit 1; }
  read -r wall kib <"$work/$name.time"
  rows=$(jq '.kvbench.trace.rows' "$work/$name.json")
  reqs=$(jq '.summary.total_requests // .summary.requests_completed' "$work/$name.json")
  rss[$name]=$kib
  awk -v n="$name" -v q="$reqs" -v r="$rows" -v w="$wall" -v k="$kib" \
    'BEGIN { printf "%-8s %9s %11s %8.1f %11.0f %10.1f\n", n, q, r, w, r / w, k / 1024 }'
done
awk -v a="${rss[double]}" -v b="${rss[single]}" 'BEGIN { printf "peak RSS twice the length / once = %.3f (bounded memory: ~1)\n", a / b }'
