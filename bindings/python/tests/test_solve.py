# SPDX-License-Identifier: MIT
"""Worlds from names and data frames, solves equal to `tradewar solve --json`."""
import json
import math
import os

import numpy as np
import pandas as pd
import pytest

import tradewar
from conftest import cli_json, drop_timings

NAFTA = "data/cp1993/nafta_2005.csv"


@pytest.fixture(scope="module")
def cp1993():
    return tradewar.World.load("cp1993")


def test_world_from_name(cp1993):
    assert cp1993.name == "cp1993"
    assert (cp1993.n_countries, cp1993.n_sectors) == (31, 40)
    codes = pd.read_csv("data/cp1993/countries.csv")["code"].tolist()
    assert cp1993.countries == codes
    assert cp1993.flows.shape == (40, 31, 31)
    assert "cp1993" in tradewar.shipped_worlds()


@pytest.mark.parametrize("deficits", ["zero", "fixed"])
def test_solve_equals_cli(cp1993, deficits):
    """Every field of the solve document equals the program's, wall times aside: the same
    writer prints the same shortest round-trip digits, so equal documents are equal to the
    last printed digit."""
    r = tradewar.Model(cp1993, deficits=deficits).solve(shock=NAFTA)
    cli = cli_json("solve", "--world", "cp1993", "--deficits", deficits, "--shock", NAFTA)
    assert drop_timings(r.document) == drop_timings(cli)
    # the data frames carry the document's field names and values
    df = r.countries
    assert list(df.columns) == list(cli["countries"][0].keys())
    for k, row in enumerate(cli["countries"]):
        assert df.loc[k, "code"] == row["code"]
        assert df.loc[k, "real_income_pct"] == row["real_income_pct"]
    assert len(r.trade) == 31 * 30 and len(r.output) == 31 * 40
    # numpy arrays hold the same doubles
    assert np.array_equal(r.real_income_pct, df["real_income_pct"].to_numpy())
    mex, usa = cp1993.country_index("MEX"), cp1993.country_index("USA")
    row = r.trade[(r.trade.exporter == "MEX") & (r.trade.importer == "USA")].iloc[0]
    assert r.trade_counterfactual[usa, mex] == row["counterfactual"]


def _frames(d):
    names = ["countries", "sectors", "flows", "tariffs", "value_added", "io", "final_demand"]
    return {n: pd.read_csv(os.path.join(d, n + ".csv"), keep_default_na=False,
                          float_precision="round_trip") for n in names}


def test_world_from_frames_solves_as_from_files(cp1993):
    meta = dict(pd.read_csv("data/cp1993/world.csv").values.tolist())
    w = tradewar.World.from_frames(**_frames("data/cp1993"), meta=meta)
    assert w.name == "cp1993" and w.countries == cp1993.countries
    assert np.array_equal(w.flows, cp1993.flows)
    a = tradewar.Model(w, deficits="zero").solve(shock=NAFTA)
    b = tradewar.Model(cp1993, deficits="zero").solve(shock=NAFTA)
    assert drop_timings(a.document) == drop_timings(b.document)


def test_shock_frame_and_arrays_equal_file(cp1993):
    m = tradewar.Model(cp1993, deficits="zero")
    ref = m.solve(shock=NAFTA)
    frame = pd.read_csv(NAFTA, float_precision="round_trip")  # exact doubles
    a = m.solve(shock=frame, shock_name=NAFTA)
    assert drop_timings(a.document) == drop_timings(ref.document)
    b = m.solve(tariffs=ref.policy.tariffs.copy(), shock_name=NAFTA)
    assert drop_timings(b.document) == drop_timings(ref.document)
    # a policy changed in place
    p = m.policy()
    p.tariffs[...] = ref.policy.tariffs
    assert m.solve(policy=p).countries.equals(ref.countries)


def test_repr_and_report(cp1993):
    r = tradewar.Model(cp1993).solve(shock=NAFTA)
    assert r.report["converged"] and r.report["residual"] < 1e-10
    assert "cp1993" in repr(r) and math.isfinite(r.world_real_income_pct)
