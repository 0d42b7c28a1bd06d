#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Latency of a slider move on the page (docs/page.md): POST /api/solve of the page's policy
(US and Chinese tariffs on each other's goods, added points) on the default world, re-solve
plus response, as the page sends it. Bursts of moves: one at a time as a user drags (every
position new: no cache), the same positions again (answered from the cache), new positions
with warm starts from the previous solution ("warm": true), and 4 clients at once; each of
these for the full document and for the page's slider document ("detail": "summary",
docs/api.md) in the same run. The page sends cold summary solves on slider moves, whose numbers
equal `tradewar solve`'s exactly. Prints the median and the 95th percentile of each, and the
median of the solve itself (the document's "solver"."seconds").
Usage: bench/serve_latency.py [build/tradewar]"""
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time

prog = sys.argv[1] if len(sys.argv) > 1 else "build/tradewar"
server = subprocess.Popen([prog, "serve", "--port", "0"], stdout=subprocess.PIPE, text=True)
port = int(server.stdout.readline().split("http://")[1].split("/")[0].rsplit(":", 1)[1])


SOLVE_SECONDS = []
SIZES = []


def move(us, cn=0, warm=False, detail="full"):
    body = json.dumps({"warm": warm, "detail": detail, "tariffs": [
        {"importer": "USA", "exporter": "CHN", "sector": "goods", "tariff_add": us / 100},
        {"importer": "CHN", "exporter": "USA", "sector": "goods", "tariff_add": cn / 100}],
        "name": "page.csv"})
    c = http.client.HTTPConnection("127.0.0.1", port)
    t = time.perf_counter()
    c.request("POST", "/api/solve", body=body)
    r = c.getresponse()
    data = r.read()
    dt = time.perf_counter() - t
    c.close()
    assert r.status == 200, r.status
    SOLVE_SECONDS.append(json.loads(data)["solver"]["seconds"])
    SIZES.append(len(data))
    return dt


def report(name, xs):
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]
    print(f"{name:42s} n={len(xs):3d}  median {1000 * statistics.median(xs):7.1f} ms"
          f"  p95 {1000 * p95:7.1f} ms")


def clients(cn, detail):
    got = []
    lock = threading.Lock()

    def client(k):
        for us in positions[k::4]:
            dt = move(us, cn=cn, detail=detail)
            with lock:
                got.append(dt)

    ts = [threading.Thread(target=client, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return got


try:
    positions = list(range(5, 155, 5))  # 30 slider positions
    move(0)  # the model is made on the first request
    for detail, cn in (("full", 0), ("summary", 1)):
        SOLVE_SECONDS.clear()
        SIZES.clear()
        report(f"[{detail}] slider burst, new positions", [move(us, cn, False, detail)
                                                           for us in positions])
        print(f"{'':42s} the solve itself: median {1000 * statistics.median(SOLVE_SECONDS):.1f} ms;"
              f" document {statistics.median(SIZES) / 1000:.0f} kB")
        SIZES.clear()
        report(f"[{detail}] same positions again (cache)", [move(us, cn, False, detail)
                                                            for us in positions])
        report(f"[{detail}] new positions, \"warm\": true", [move(us, cn + 10, True, detail)
                                                             for us in positions])
        report(f"[{detail}] 4 clients at once, new positions", clients(cn + 5, detail))
finally:
    server.terminate()
    server.wait()
