#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks the documentation's example outputs against the program's real output.

An example to check is a fenced code block (```) right after a line `<!-- check -->` (compare
standard output) or `<!-- check stderr -->` (compare standard error) in a Markdown file. In the
block, a line `$ COMMAND` is run with bash from the source tree, `build/tradewar` or a leading
`tradewar` standing for the program under test; the lines after it, up to the next `$ ` line or
the end of the block, are what it must print, exactly as printed (numbers included), except:

- a line `...` stands for any number of lines (none included);
- ` ...` inside or at the end of a line stands for any text: the pieces between must appear in
  that order, the first at the start of the line and the last at its end (unless the line
  starts or ends with `...`).

Trailing spaces are ignored. Usage: check_examples.py PROGRAM SOURCE_DIR FILE.md...
Exits 1 (after listing every difference) if an example differs, or if no example is marked.
"""
import os
import re
import subprocess
import sys

ELLIPSIS = re.compile(r"(?:^| )\.\.\.(?= |$)")


def line_matches(shown, actual):
    shown, actual = shown.rstrip(), actual.rstrip()
    if not ELLIPSIS.search(shown):
        return shown == actual
    pieces = ELLIPSIS.split(shown)
    first, last = pieces[0], pieces[-1]
    if not actual.startswith(first):
        return False
    at = len(first)
    for piece in pieces[1:-1]:
        found = actual.find(piece, at)
        if found < 0:
            return False
        at = found + len(piece)
    return last == "" or (actual.endswith(last) and len(actual) - len(last) >= at)


def block_matches(shown, actual, i=0, j=0):
    """Whether shown[i:] matches actual[j:], '...' lines matching any run of lines."""
    while i < len(shown):
        if shown[i].strip() == "...":
            return any(block_matches(shown, actual, i + 1, k) for k in range(j, len(actual) + 1))
        if j >= len(actual) or not line_matches(shown[i], actual[j]):
            return False
        i, j = i + 1, j + 1
    return j == len(actual)


def examples(path):
    """(line number, stream, command, expected lines) of every marked example in path."""
    lines = open(path, encoding="utf-8").read().split("\n")
    k = 0
    while k < len(lines):
        m = re.match(r"^<!-- check( stderr)? -->$", lines[k].strip())
        if not m:
            k += 1
            continue
        stream = "stderr" if m.group(1) else "stdout"
        k += 1
        if k >= len(lines) or not lines[k].startswith("```"):
            yield (k, stream, None, "a '<!-- check -->' must be followed by a ``` block")
            continue
        k += 1
        cmd, expected, start = None, [], k
        while k < len(lines) and not lines[k].startswith("```"):
            if lines[k].startswith("$ "):
                if cmd is not None:
                    yield (start, stream, cmd, expected)
                cmd, expected, start = lines[k][2:], [], k + 1
            elif cmd is not None:
                expected.append(lines[k])
            k += 1
        if cmd is None:
            yield (start, stream, None, "a checked block needs a '$ COMMAND' line")
        else:
            yield (start, stream, cmd, expected)
        k += 1


def run(program, source, cmd):
    cmd = re.sub(r"(^|(?<=[\s;&|(]))(build/)?tradewar(?=\s|$)", "\"$TW_PROGRAM\"", cmd)
    env = dict(os.environ, TW_PROGRAM=program)
    p = subprocess.run(["bash", "-c", cmd], cwd=source, env=env, capture_output=True,
                       text=True, errors="replace", timeout=600)
    return p


def main():
    program, source, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    checked, bad = 0, 0
    for path in files:
        for line, stream, cmd, expected in examples(path):
            where = f"{os.path.relpath(path, source)}:{line}"
            if cmd is None:
                print(f"{where}: {expected}")
                bad += 1
                continue
            p = run(program, source, cmd)
            out = p.stdout if stream == "stdout" else p.stderr
            actual = out.split("\n")
            if actual and actual[-1] == "":
                actual.pop()
            while expected and expected[-1].strip() == "":
                expected = expected[:-1]
            checked += 1
            if not block_matches(expected, actual):
                bad += 1
                print(f"{where}: the {stream} of '{cmd}' differs from the example "
                      f"(exit {p.returncode}).")
                print("  shown:")
                for e in expected:
                    print("    " + e)
                print(f"  printed ({stream}):")
                for a in actual[:60]:
                    print("    " + a)
    print(f"{checked} example(s) checked, {bad} differ")
    if checked == 0:
        print("no example is marked '<!-- check -->'")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
