#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Python against the command line for the bands of a scenario run (issue 15): a 200-draw
band of the NAFTA timeline (bench/nafta_run.yaml: cp1993, zero deficits), as
``tradewar run bench/nafta_run.yaml --draws 200 --json`` (a whole process: load, point run,
draws, JSON) and as ``Scenario.load(...).run(draws=200)`` in one Python process (the same
work, the "uncertainty" document parsed and its data frame built). Both on THREADS threads;
the median (and minimum) wall of REPEATS runs each, interleaved in the same run.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_bands.py [REPEATS] [DRAWS] [THREADS]
"""
import os
import statistics
import subprocess
import sys
import time

import tradewar

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    draws = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    threads = int(sys.argv[3]) if len(sys.argv) > 3 else 2
    os.chdir(ROOT)
    scen = os.path.join(ROOT, "bench", "nafta_run.yaml")
    cmd = [os.path.join(ROOT, "build", "tradewar"), "run", scen, "--draws", str(draws),
           "--threads", str(threads), "--json"]
    cli, py = [], []
    for _ in range(reps):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        cli.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        t = tradewar.Scenario.load(scen).run(draws=draws, threads=threads)
        t.bands.real_income  # the data frame too
        py.append(time.perf_counter() - t0)
    mc, mp = statistics.median(cli), statistics.median(py)
    print(f"NAFTA run band, {draws} draws, {threads} threads, {reps} runs each (interleaved):")
    print(f"  command line: median {mc:.3f} s (min {min(cli):.3f} s)")
    print(f"  Python:       median {mp:.3f} s (min {min(py):.3f} s)")
    print(f"  Python / command line: {mp / mc:.3f} (medians)")


if __name__ == "__main__":
    main()
