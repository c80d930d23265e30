#!/usr/bin/env python3
"""Checks that the results JSON of a newer build holds every key and value of an older one.

Keys the newer build added are allowed; values that depend on the moment or the machine
(start stamps, wall times, host facts) are skipped. Prints one verdict and exits 1 on a
difference, naming the first few paths that differ.

An optional third argument names a file of intended changes: one JSON path per line
(`$.summary.total_tokens`, `#` starts a comment saying why). A value that changed at such a
path, or inside it, is counted and reported as intended, not as a difference.
"""
import json
import math
import sys

# Values that differ between any two runs, whatever the build.
VOLATILE = {"started_at", "timestamp", "wall_time_s", "startup_ms", "run", "elapsed_wall_s",
            "payload_seed", "host", "trace_path", "output", "path"}


def diff(old, new, path, out):
    if isinstance(old, dict):
        if not isinstance(new, dict):
            out.append(f"{path}: object became {type(new).__name__}")
            return
        for k, v in old.items():
            if k in VOLATILE:
                continue
            if k not in new:
                out.append(f"{path}.{k}: missing")
            else:
                diff(v, new[k], f"{path}.{k}", out)
    elif isinstance(old, list):
        if not isinstance(new, list) or len(old) != len(new):
            out.append(f"{path}: list differs")
            return
        for i, (a, b) in enumerate(zip(old, new)):
            diff(a, b, f"{path}[{i}]", out)
    elif isinstance(old, float) or isinstance(new, float):
        if not isinstance(new, (int, float)) or not math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12):
            out.append(f"{path}: {old} -> {new}")
    elif old != new:
        out.append(f"{path}: {old!r} -> {new!r}")


def intended_paths(path):
    paths = set()
    with open(path) as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                paths.add(line)
    return paths


def main():
    with open(sys.argv[1]) as f:
        old = json.load(f)
    with open(sys.argv[2]) as f:
        new = json.load(f)
    intended = intended_paths(sys.argv[3]) if len(sys.argv) > 3 else set()
    out = []
    diff(old, new, "$", out)
    def is_intended(d):
        where = d.split(":", 1)[0]
        return any(where == p or where.startswith(p + ".") or where.startswith(p + "[") for p in intended)
    changed = [d for d in out if is_intended(d)]
    out = [d for d in out if not is_intended(d)]
    if out:
        print("JSON DIFFERS: " + "; ".join(out[:5]) + (f" (+{len(out) - 5} more)" if len(out) > 5 else ""))
        sys.exit(1)
    print("json equal up to added keys" + (f" and {len(changed)} intended changes" if changed else ""))


if __name__ == "__main__":
    main()
