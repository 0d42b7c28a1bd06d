# SPDX-License-Identifier: MIT
"""Concurrent solves from threads (the GIL is released in the library) give the results of
sequential ones; 10,000 create/solve/free cycles do not grow memory."""
import threading

import numpy as np
import pandas as pd

import tradewar
from conftest import drop_timings

NAFTA = "data/cp1993/nafta_2005.csv"


def test_threads_give_sequential_results():
    w = tradewar.World.load("cp1993")
    m = tradewar.Model(w, deficits="zero")
    frame = pd.read_csv(NAFTA, float_precision="round_trip")
    shocks = [frame.assign(tariff=frame.tariff + 0.01 * k) for k in range(6)]
    seq = [drop_timings(m.solve(shock=s).document) for s in shocks]
    out = [None] * len(shocks)
    errors = []

    def work(k):
        try:
            out[k] = drop_timings(m.solve(shock=shocks[k]).document)
        except Exception as e:  # reported below
            errors.append(e)
    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(shocks))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert out == seq


def _rss_kb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4  # resident pages of 4 KiB


def _tiny_world():
    """3 countries x 2 sectors (one goods, one services), from data frames."""
    c = ["AAA", "BBB", "CCC"]
    s = ["G", "S"]
    flows = [(e, i, j, 100.0 if e == i else 10.0 + idx)
             for idx, (e, i, j) in enumerate((e, i, j) for e in c for i in c for j in s)]
    return tradewar.World.from_frames(
        countries=pd.DataFrame({"code": c, "name": c}),
        sectors=pd.DataFrame({"code": s, "name": s, "theta": [5.0, 5.0], "goods": [1, 0]}),
        flows=pd.DataFrame(flows, columns=["exporter", "importer", "sector", "value"]),
        tariffs=pd.DataFrame([(i, e, "G", 0.05) for i in c for e in c if i != e],
                             columns=["importer", "exporter", "sector", "rate"]),
        value_added=pd.DataFrame([(n, j, 0.5) for n in c for j in s],
                                 columns=["country", "sector", "share"]),
        io=pd.DataFrame([(n, k, j, 0.25) for n in c for k in s for j in s],
                        columns=["country", "input_sector", "using_sector", "share"]),
        final_demand=pd.DataFrame([(n, j, 0.5) for n in c for j in s],
                                  columns=["country", "sector", "share"]),
        meta={"name": "tiny", "unit": "USD million"})


def test_no_leak_over_10000_cycles():
    """Each cycle creates a model (solving its baseline), a policy, a solve with its
    equilibrium, results and warnings, and frees them all. RSS is measured after 500 warm-up
    cycles (allocator pools, cffi's caches) and after 10,000 more; the bound, 2 MiB, is below
    what leaking any one object per cycle would add: the smallest, a results or equilibrium
    record of this world, is more than 256 bytes, and 10,000 x 256 bytes is 2.4 MiB."""
    w = _tiny_world()
    tariffs = np.full((2, 3, 3), 0.2)
    for k in range(3):
        tariffs[:, k, k] = 0.0
    tariffs[1] = 0.0

    def cycle():
        m = tradewar.Model(w, deficits="zero")
        r = m.solve(tariffs=tariffs)
        assert r.report["converged"]
        return r.real_income_pct[0]

    first = cycle()
    for _ in range(500):
        cycle()
    before = _rss_kb()
    for _ in range(10000):
        assert cycle() == first
    grown = _rss_kb() - before
    print(f"RSS {before} KiB after the warm-up, grew by {grown} KiB over 10,000 cycles")
    assert grown < 2048, f"RSS grew by {grown} KiB over 10,000 cycles"
