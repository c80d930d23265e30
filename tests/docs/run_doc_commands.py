#!/usr/bin/env python3
"""Runs every kvbench command shown in README.md and docs/*.md (issue 16 item 10), so the docs
stay true: each fenced shell block's lines starting with `kvbench`, `./build/kvbench` or
`$ kvbench` (continuations joined) run against the built binary, short:

* --duration becomes 1 (added where absent), --http-linger 0, --http-listen 127.0.0.1:0, and
  --drain-timeout 0 is added, so a run's end waits for no request in flight; a real-I/O run
  also gets --fail-on never: cut-short demotions make its health "failed" (counted as I/O
  errors), which says nothing about the command shown;
* what a command writes (--output, --io-trace-log, --xlsx-output, --cache-dir) goes to a temp
  dir under the same file name; a command without --output gets one there;
* inputs (tests/data/..., configs/...) are read from the source tree (the working directory);
  files a transcript names but the repository lacks come from FIXTURES below.

The other commands (replay, convert, compare, report, collect, aggregate) read inputs an earlier
step made (a trace, results files, running peers) that the docs do not ship: they run with only
their output paths moved to the temp dir and pass when every flag they show is one the command
knows (no "unrecognized argument") and they end with an exit code of their own (0, 1, 2 or 3),
never a crash. A run command passes when it exits 0; in a transcript (`$ kvbench ...` followed by its output) whose
output shows `kvbench: error:` lines, when it exits 2 and prints each of them. A command with an
elided part (`...`) is not runnable and is listed as skipped; SKIP names the others, with why.

  run_doc_commands.py KVBENCH SOURCE_DIR
"""
import glob
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

# Commands that cannot run in CI, by a part of their text, with the reason.
SKIP = {
    "--object-tier s3://kv-cold": "needs an S3 server (tests/integration/object_level_test.cpp runs one)",
}

# Files a transcript uses that the repository does not hold: name -> content.
FIXTURES = {
    # docs/errors.md's transcript: a config whose line 7 misspells decode.batch_size.
    "cfg.yaml": "user_templates:\n  chatbot:\n    context_range: [512, 4096]\n"
                "qos_distribution:\n  interactive_probability: 0.15\ndecode:\n  batch_sise: 32\n",
}

OUTPUT_FLAGS = ("--output", "--io-trace-log", "--xlsx-output", "--cache-dir")
COMMAND = re.compile(r"^(\$ )?(\./build/kvbench|kvbench)(\s|$)")
INPUT_COMMANDS = ("replay", "convert", "compare", "report", "collect", "aggregate")


def rewrite_input_command(argv, kvbench, work):
    """An input-reading command: output paths to `work`, shell redirections dropped."""
    out = [kvbench]
    args = argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        if a[:1] in (">", "<", "|"):
            break
        if a in ("--output", "--html", "--junit", "--xlsx-output") and i + 1 < len(args):
            out += [a, os.path.join(work, os.path.basename(args[i + 1].rstrip("/")) or "out")]
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def commands_in(path):
    """(line number, command text, expected error lines) for each command of a fenced block."""
    text = open(path, encoding="utf-8").read()
    found = []
    for block in re.finditer(r"^```([a-z]*)\n(.*?)^```", text, re.S | re.M):
        if block.group(1) not in ("", "sh", "bash", "shell", "console"):
            continue
        first_line = text.count("\n", 0, block.start(2)) + 1
        lines = block.group(2).split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            if not COMMAND.match(line):
                i += 1
                continue
            start = i
            command = line
            while command.endswith("\\") and i + 1 < len(lines):
                i += 1
                command = command[:-1] + " " + lines[i].strip()
            errors = []
            if line.startswith("$ "):  # a transcript: its output runs to the next prompt
                j = i + 1
                while j < len(lines) and not lines[j].startswith("$ "):
                    if lines[j].startswith("kvbench: error:") and "see `kvbench" not in lines[j]:
                        errors.append(lines[j])
                    j += 1
            found.append((first_line + start, command.removeprefix("$ ").split("#")[0].strip(), errors))
            i += 1
    return found


def rewrite(argv, kvbench, work):
    out = [kvbench]
    args = argv[1:]
    has_duration = has_output = False
    i = 0
    while i < len(args):
        a = args[i]
        value = args[i + 1] if i + 1 < len(args) else None
        if a == "--duration":
            out += [a, "1"]
            has_duration = True
        elif a == "--http-linger":
            out += [a, "0"]
        elif a == "--http-listen":
            out += [a, "127.0.0.1:0"]
        elif a in OUTPUT_FLAGS and value is not None:
            out += [a, os.path.join(work, os.path.basename(value.rstrip("/")) or "out")]
            has_output = has_output or a == "--output"
        else:
            out.append(a)
            i += 1
            continue
        i += 2
    if not has_duration:
        out += ["--duration", "1"]
    if not has_output:
        out += ["--output", os.path.join(work, "results.json")]
    if "--drain-timeout" not in args:
        out += ["--drain-timeout", "0"]
    if "--io-trace-log" not in args and "--fail-on" not in args:
        out += ["--fail-on", "never"]
    return out


def main():
    kvbench, src = os.path.abspath(sys.argv[1]), sys.argv[2]
    docs = [os.path.join(src, "README.md")] + sorted(glob.glob(os.path.join(src, "docs", "*.md")))
    failures, ran, skipped = [], 0, 0
    for doc in docs:
        for line, command, errors in commands_in(doc):
            where = f"{os.path.relpath(doc, src)}:{line}"
            reason = next((why for part, why in SKIP.items() if part in command), None)
            if reason is None and "..." in command:
                reason = "elided (...)"
            if reason:
                print(f"skip {where}: {reason}: {command}")
                skipped += 1
                continue
            with tempfile.TemporaryDirectory() as work:
                for name, content in FIXTURES.items():
                    if name in command:
                        with open(os.path.join(work, name), "w") as f:
                            f.write(content)
                argv = [os.path.join(work, a) if a in FIXTURES else a for a in shlex.split(command)]
                reads_inputs = len(argv) > 1 and argv[1] in INPUT_COMMANDS
                argv = (rewrite_input_command if reads_inputs else rewrite)(argv, kvbench, work)
                started = time.monotonic()
                r = subprocess.run(argv, cwd=src, capture_output=True, text=True, timeout=120)
                took = time.monotonic() - started
            ran += 1
            expected = 2 if errors else 0
            if reads_inputs:
                problems = [] if r.returncode in (0, 1, 2, 3) else [f"exit {r.returncode}: not one of its own"]
                if "unrecognized argument" in r.stderr:
                    problems.append("shows a flag the command does not know")
            else:
                problems = [] if r.returncode == expected else [f"exit {r.returncode}, expected {expected}"]
            for e in errors:
                if e not in r.stderr.replace(work + "/", ""):
                    problems.append(f"does not print: {e}")
            print(f"{'FAIL' if problems else 'ok'} {where} ({took:.1f} s): {command}")
            if problems:
                failures.append(where)
                for p in problems:
                    print("   ", p)
                print("    stderr:", r.stderr[-2000:].replace("\n", "\n    "))
    print(f"{ran} commands ran, {skipped} skipped, {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
