#!/usr/bin/env python3
"""Drop-in for the MLPerf Storage reference's kv-cache.py: runs kvbench with the same argv.

Tools that start the benchmark as `python3 kv-cache.py ...` (kv-cache-wrapper.sh, validate.sh,
`mlpstorage kvcache run --kvcache-bin-path DIR`) cannot be given a binary, so this file stands
where the reference's script stood and replaces itself with kvbench (exec: same pid, same exit
status, signals reach kvbench directly). The binary is, first found wins:
  1. $KVBENCH_BIN;
  2. kvbench next to this file, or in build/ next to it (a source checkout);
  3. kvbench on PATH.
"""
import os
import shutil
import sys


def find_kvbench():
    here = os.path.dirname(os.path.realpath(__file__))
    candidates = [os.environ.get("KVBENCH_BIN", ""),
                  os.path.join(here, "kvbench"),
                  os.path.join(here, "build", "kvbench"),
                  shutil.which("kvbench") or ""]
    for path in candidates:
        if path and os.path.isfile(path) and os.access(path, os.X_OK):
            return path
    return None


def main():
    binary = find_kvbench()
    if binary is None:
        sys.stderr.write("kv-cache.py: kvbench not found: set KVBENCH_BIN, put kvbench next to "
                         "this file (or in build/), or on PATH\n")
        return 127
    os.execv(binary, [binary] + sys.argv[1:])
    return 127  # not reached: execv raises on failure


if __name__ == "__main__":
    sys.exit(main())
