#!/usr/bin/env bash
# A one-hour Mooncake request trace replayed at full speed in bounded memory (issue 18 item 5).
# Writes a synthetic trace in the FAST'25 release format (the public traces are not ours to
# ship): HOURS x 3600 s of arrivals at RATE requests/s, inputs of 1-16k tokens, 512-token blocks,
# half of each request's blocks a prefix shared with earlier requests (system prompts and
# earlier turns), as in the published conversation trace. Then runs kvbench in trace mode with
# --trace-speedup 0 (as fast as the workers take the requests) on the whole trace and, as the
# peer in the same run, on its first tenth: peak RSS must not grow with the trace's length.
# Prints requests, trace rows, wall seconds, rows/s and peak RSS for both, and the RSS ratio.
#   bench/mooncake/hour_trace.sh KVBENCH [RATE (default 6 /s)] [HOURS (default 1)]
set -euo pipefail
kvbench=${1:?usage: hour_trace.sh KVBENCH [RATE] [HOURS]}
rate=${2:-6}
hours=${3:-1}
work=$(mktemp -d "${TMPDIR:-/tmp}/kvbench-mooncake.XXXXXX")
trap 'rm -rf "$work"' EXIT

python3 - "$work/hour.jsonl" "$work/tenth.jsonl" "$rate" "$hours" <<'PY'
import json, random, sys
out, tenth, rate, hours = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
rng = random.Random(42)
span_ms = hours * 3600 * 1000
prefixes = [[rng.getrandbits(48) for _ in range(rng.randint(1, 16))] for _ in range(400)]
t, n = 0.0, 0
with open(out, "w") as f, open(tenth, "w") as g:
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
        if t <= span_ms / 10:
            g.write(line + "\n")
        n += 1
print(f"trace: {n} requests over {hours:g} h at {rate:g}/s", file=sys.stderr)
PY

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %11s %8s %11s %10s\n' trace requests trace_rows wall_s rows_per_s peak_MiB
declare -A rss
for name in hour tenth; do
  /usr/bin/time -f '%e %M' -o "$work/$name.time" \
    "$kvbench" --mooncake-trace "$work/$name.jsonl" --trace-speedup 0 --replay-cycles 1 \
    --model llama3.1-8b --num-users 64 --gpu-mem-gb 16 --cpu-mem-gb 64 --duration 7200 \
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
awk -v a="${rss[hour]}" -v b="${rss[tenth]}" 'BEGIN { printf "peak RSS hour / tenth = %.3f (bounded memory: ~1)\n", a / b }'
