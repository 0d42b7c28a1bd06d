#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Compares two JSON documents of tradewar (before/after a change that must not move results):
the same structure, the same strings, and numbers that agree to a relative tolerance. Prints the
largest absolute and relative differences and the path of the worst, and exits 1 if the
structure differs or a number differs by more than --rtol relative (and --atol absolute).
Keys named 'seconds' (timings) are ignored. Usage: json_diff.py A.json B.json [--rtol R]"""
import json
import math
import sys

IGNORED = {"seconds", "elapsed_seconds"}


def walk(a, b, path, acc):
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            acc["structure"].append(f"{path}: keys differ {sorted(set(a) ^ set(b))}")
            return
        for k in a:
            if k not in IGNORED:
                walk(a[k], b[k], f"{path}.{k}", acc)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            acc["structure"].append(f"{path}: lengths {len(a)} != {len(b)}")
            return
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", acc)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
            not isinstance(a, bool) and not isinstance(b, bool):
        acc["numbers"] += 1
        if a == b:
            return
        acc["unequal"] += 1
        d = abs(a - b)
        r = d / max(abs(a), abs(b))
        if d > acc["abs"][0]:
            acc["abs"] = (d, path)
        if r > acc["rel"][0] and d > acc["atol"]:
            acc["rel"] = (r, path)
    elif a != b:
        acc["structure"].append(f"{path}: {a!r} != {b!r}")


def main():
    args = sys.argv[1:]
    rtol, atol = 1e-9, 1e-12
    if "--rtol" in args:
        i = args.index("--rtol")
        rtol = float(args[i + 1])
        del args[i:i + 2]
    if "--atol" in args:
        i = args.index("--atol")
        atol = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(args[0]) as f:
        a = json.load(f)
    with open(args[1]) as f:
        b = json.load(f)
    acc = {"structure": [], "numbers": 0, "unequal": 0, "abs": (0.0, ""), "rel": (0.0, ""),
           "atol": atol}
    walk(a, b, "$", acc)
    for s in acc["structure"][:20]:
        print("structure:", s)
    print(f"{acc['numbers']} numbers, {acc['unequal']} not bit-identical; largest absolute "
          f"difference {acc['abs'][0]:.3g} at {acc['abs'][1] or '-'}; largest relative "
          f"{acc['rel'][0]:.3g} at {acc['rel'][1] or '-'} (above atol {atol:g})")
    bad = acc["structure"] or acc["rel"][0] > rtol
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
