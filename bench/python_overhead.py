#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Overhead of a Python solve over the C solve (issue 15), and threads against sequential.

    PYTHONPATH=build/python /usr/bin/python3 bench/python_overhead.py [REPEATS]

1. NAFTA on cp1993 (deficits zero): the median of REPEATS calls of
   tradewar.Model.solve(shock=FILE) (policy, shock file, solve, results, warnings) against
   the median of the same work in C through the public API (build/bench/bench_c_solve_api),
   both warm (a model and a solver made once), in wall and in process CPU time. Also the median of building the data frames
   (r.countries, r.trade, r.output: the JSON document written and parsed once).
   And, from a profile in one process (independent of the machine's load), the share of a
   solve's time spent outside the library.
2. GIL: 8 solves of the April 2025 US-China shock on icio2022, sequential and on 2 threads (medians of 3 runs).
Medians, with the minimum beside them (the least disturbed figure on a shared machine).
"""
import cProfile
import os
import pstats
import statistics
import subprocess
import sys
import threading
import time

import tradewar

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
REPS = int(sys.argv[1]) if len(sys.argv) > 1 else 51


def timed(f, reps, clock=time.perf_counter):
    t = []
    for _ in range(reps):
        t0 = clock()
        f()
        t.append(clock() - t0)
    return statistics.median(t), min(t)


def main():
    os.chdir(ROOT)
    shock = "data/cp1993/nafta_2005.csv"
    out = subprocess.run([os.path.join(ROOT, "build/bench/bench_c_solve_api"), "data/cp1993",
                          shock, str(REPS), "zero"], capture_output=True, text=True, check=True)
    c_med, c_min, cc_med, cc_min = (float(x) / 1e3 for x in out.stdout.split())
    m = tradewar.Model(tradewar.World.load("cp1993"), deficits="zero")
    m.solve(shock=shock)  # warm-up: the thread's solver
    py_med, py_min = timed(lambda: m.solve(shock=shock), REPS)
    pc_med, pc_min = timed(lambda: m.solve(shock=shock), REPS, time.process_time)
    r = m.solve(shock=shock)

    def frames():
        r._json = r._doc = None
        return r.countries, r.trade, r.output
    fr_med, fr_min = timed(frames, REPS)
    print(f"NAFTA cp1993, {REPS} repeats, ms: C {1e3 * c_med:.3f} (min {1e3 * c_min:.3f}), "
          f"Python solve {1e3 * py_med:.3f} (min {1e3 * py_min:.3f}): overhead "
          f"{100 * (py_med / c_med - 1):+.1f}% (min {100 * (py_min / c_min - 1):+.1f}%); "
          f"CPU time: C {1e3 * cc_med:.3f} (min {1e3 * cc_min:.3f}), Python "
          f"{1e3 * pc_med:.3f} (min {1e3 * pc_min:.3f}): overhead "
          f"{100 * (pc_med / cc_med - 1):+.1f}% (min {100 * (pc_min / cc_min - 1):+.1f}%); "
          f"data frames {1e3 * fr_med:.3f} (min {1e3 * fr_min:.3f})")

    # In one process, so independent of the machine's load: the share of a solve's time spent
    # outside the library's functions (cProfile times every call into the cffi module; its
    # own bookkeeping makes the Python share, if anything, larger than it is).
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(REPS):
        m.solve(shock=shock)
    prof.disable()
    st = pstats.Stats(prof)
    total = sum(v[3] for k, v in st.stats.items() if k[2] == "<lambda>" or k[2] == "solve"
                and k[0].endswith("_model.py"))
    in_c = sum(v[2] for k, v in st.stats.items()
               if k[0] == "~" and "_tradewar_cffi" in k[2])
    print(f"profile of {REPS} solves: {1e3 * total / REPS:.3f} ms per call, of which "
          f"{1e3 * (total - in_c) / REPS:.3f} ms outside the library: "
          f"{100 * (total - in_c) / total:.1f}%")

    w = tradewar.World.load("icio2022")
    mi = tradewar.Model(w)
    shocks = ["scenarios/us_china_april2025.csv"] * 8
    mi.solve(shock=shocks[0])

    def sequential():
        for s in shocks:
            mi.solve(shock=s)

    def two_threads():
        def work(part):
            for s in part:
                mi.solve(shock=s)
        ts = [threading.Thread(target=work, args=(shocks[k::2],)) for k in range(2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
    # Does Python run in another thread while the library solves? A spinning thread counts
    # its loops during solves and during as long a sleep (which releases the GIL): were the GIL
    # held during the library's calls, the spinner would stop for their whole length.
    ticks, stop = [0], [False]

    def spin():
        while not stop[0]:
            ticks[0] += 1
    spinner = threading.Thread(target=spin)
    spinner.start()
    t0, k0 = time.perf_counter(), ticks[0]
    for s in shocks[:3]:
        mi.solve(shock=s)
    during, length = ticks[0] - k0, time.perf_counter() - t0
    k1 = ticks[0]
    time.sleep(length)
    asleep = ticks[0] - k1
    stop[0] = True
    spinner.join()
    print(f"another thread's loops during {length:.2f} s of solves: {during}, during as "
          f"long a sleep: {asleep} (ratio {during / max(asleep, 1):.2f}; 0 if the GIL were "
          f"held)")

    s_med, s_min = timed(sequential, 3)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    t_med, t_min = timed(two_threads, 3)
    busy = (time.process_time() - cpu0) / (time.perf_counter() - wall0)
    print(f"icio2022, {len(shocks)} solves, s: sequential {s_med:.3f} (min {s_min:.3f}), "
          f"2 threads {t_med:.3f} (min {t_min:.3f}): speed-up {s_med / t_med:.2f}x "
          f"(os.cpu_count() = {os.cpu_count()}); process CPU / wall time on 2 threads {busy:.2f} "
          f"(above 1: both threads in the library at once, the GIL released; the speed-up "
          f"needs 2 idle cores, see os.getloadavg() = {os.getloadavg()[0]:.1f})")


if __name__ == "__main__":
    main()
