# SPDX-License-Identifier: MIT
"""Uncertainty bands equal to `tradewar solve --draws N --json`'s "uncertainty"."""
import math

import tradewar
from conftest import cli_json

NAFTA = "data/cp1993/nafta_2005.csv"


def _same(a, b):
    return a == b or (a is None and math.isnan(b)) or (isinstance(a, float) and
                                                       math.isnan(a) and math.isnan(b))


def test_bands_equal_cli():
    m = tradewar.Model(tradewar.World.load("cp1993"))
    b = m.draws(NAFTA, draws=20, seed=3)
    cli = cli_json("solve", "--world", "cp1993", "--shock", NAFTA, "--draws", "20",
                   "--seed", "3")["uncertainty"]
    assert b.draws == cli["draws"] == 20 and b.failed == cli["failed"]
    rows = b.countries.set_index(["code", "field"])
    fields = [f for f in cli["countries"][0] if f != "code"]
    assert len(fields) == 7
    for c in cli["countries"]:
        for f in fields:
            for q in ("point", "p5", "p50", "p95"):
                assert _same(c[f][q], rows.loc[(c["code"], f), q]), (c["code"], f, q)
    for q in ("point", "p5", "p50", "p95"):
        assert _same(cli["world_real_income_pct"][q], b.world[q])
    tr = b.trade.set_index(["exporter", "importer"])
    for t in cli["trade"]:
        for q in ("point", "p5", "p50", "p95"):
            assert _same(t["change_pct"][q], tr.loc[(t["exporter"], t["importer"]), q])
    # the point of the bands is the solve on the world's theta
    r = m.solve(shock=NAFTA)
    pts = rows.xs("real_income_pct", level="field")["point"]
    assert list(pts) == list(r.countries["real_income_pct"])
