# SPDX-License-Identifier: MIT
"""bargain equal to `tradewar bargain --json` on ossa2014 (the whole document, every number to
the last bit, except wall times), its policies, and bad arguments."""
import numpy as np
import pytest

import tradewar
from conftest import cli_json, drop_timings


@pytest.fixture(scope="module")
def model():
    return tradewar.Model(tradewar.World.load("ossa2014"))


def test_bargain_equals_cli(model):
    b = tradewar.bargain(model, ["USA", "CHN"], [("USA", "OSD", 0.5), ("CHN", ["ELE"], 0.5)])
    cli = cli_json("bargain", "--world", "ossa2014", "--players", "USA,CHN", "--control",
                   "USA:OSD:0.5", "--control", "CHN:ELE:0.5", "--quiet")
    assert drop_timings(b.document) == drop_timings(cli)
    assert b.converged
    assert list(b.players["code"]) == ["USA", "CHN"]
    assert (b.players["gain_points"] > 0).all()
    assert list(b.controls["exporter"]) == ["USA", "CHN"]
    assert len(b.countries) == 7


def test_bargain_weights_and_grid_equal_cli(model):
    b = tradewar.bargain(model, ["USA", "CHN"], [("USA", ["OSD"], 0.5), ("CHN", "ELE", 0.5)],
                         weights=[2, 1], grid=2)
    cli = cli_json("bargain", "--world", "ossa2014", "--players", "USA,CHN", "--control",
                   "USA:OSD:0.5", "--control", "CHN:ELE:0.5", "--weights", "2,1", "--grid",
                   "2", "--quiet")
    assert drop_timings(b.document) == drop_timings(cli)


def test_bargain_policies(model):
    # The returned policies are the document's points: solved again (from the baseline, where
    # the bargain's solves were warm-started), they give its real incomes. Each solve stops at
    # a relative residual of 1e-10 (the solver's default), which moves real incomes by about
    # 1e-9 points here (measured 1.1e-9 at the deal, 0 at the disagreement point): 1e-7.
    b = tradewar.bargain(model, ["USA", "CHN"], [("USA", "OSD", 0.5), ("CHN", "ELE", 0.5)])
    c = b.countries.set_index("code")
    for pol, key in ((b.deal, "real_income_pct_deal"),
                     (b.disagreement, "real_income_pct_disagreement")):
        r = model.solve(policy=pol).countries.set_index("code")["real_income_pct"]
        assert np.allclose(r[c.index], c[key], rtol=0, atol=1e-7)
    # the disagreement point's quotas bind: it differs from today's policy
    today = model.solve().countries.set_index("code")["real_income_pct"]
    assert (today[c.index] - c["real_income_pct_disagreement"]).abs().max() > 1e-3


def test_bargain_bad_arguments(model):
    ok = [("USA", "OSD", 0.5)]
    with pytest.raises(ValueError, match="at least two players"):
        tradewar.bargain(model, ["USA"], ok)
    with pytest.raises(KeyError, match="USB"):
        tradewar.bargain(model, ["USA", "CHN"], [("USB", "OSD", 0.5)])
    with pytest.raises(ValueError, match="exporter JPN is not a player"):
        tradewar.bargain(model, ["USA", "CHN"], [("JPN", "ELE", 0.5)])
    with pytest.raises(KeyError, match="ELX"):
        tradewar.bargain(model, ["USA", "CHN"], [("USA", "ELX", 0.5)])
    with pytest.raises(ValueError, match="given twice"):
        tradewar.bargain(model, ["USA", "CHN"], [("USA", ["ELE", "ELE"], 0.5)])
    with pytest.raises(ValueError, match="above 0 and below 1"):
        tradewar.bargain(model, ["USA", "CHN"], [("USA", "ELE", 1.0)])
    with pytest.raises(ValueError, match="expected \\(exporter, sectors, share\\)"):
        tradewar.bargain(model, ["USA", "CHN"], ["USA:ELE:0.5"])
    with pytest.raises(ValueError, match="1 to 8"):
        tradewar.bargain(model, ["USA", "CHN"], [])
    with pytest.raises(ValueError, match="grid"):
        tradewar.bargain(model, ["USA", "CHN"], ok, grid=9)
    with pytest.raises(ValueError, match="weights"):
        tradewar.bargain(model, ["USA", "CHN"], ok, weights=[1, 2, 3])
    with pytest.raises(ValueError, match="weights"):
        tradewar.bargain(model, ["USA", "CHN"], ok, weights=[1, 0])
