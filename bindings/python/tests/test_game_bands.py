# SPDX-License-Identifier: MIT
"""Bands of the games (optimal, war, talks, escalate, enforce with draws=N) equal to the
program's `--draws N --seed S --json` "uncertainty" on cp1993: the same draws for the same
seed, every number compared exactly (the library computes and writes both); the data frames
carry the document's numbers; zero standard errors give bands at the point. Few draws (2 or 3)
on the smallest world keep it cheap."""
import math
import os
import shutil

import pytest

import tradewar
from conftest import ROOT, cli_json

Q = ("point", "p5", "p50", "p95")


@pytest.fixture(scope="module")
def model():
    return tradewar.Model(tradewar.World.load("cp1993"))


def _same(a, b):
    """Equal numbers, or both undefined (null in JSON, NaN in a frame)."""
    if a is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return a == b


def _frame_equals(frame, keys, objs, skip):
    """Every band of the JSON objects objs (identified by keys) equals frame's rows."""
    f = frame.set_index([*keys, "field"])
    n = 0
    for o in objs:
        for field, band in o.items():
            if field in skip:
                continue
            row = f.loc[tuple(o[k] for k in keys) + (field,)]
            assert all(_same(band[q], row[q]) for q in Q), (o, field)
            n += 1
    assert n == len(frame)


def test_optimal_bands_equal_cli(model):
    o = tradewar.optimal(model, "USA", draws=3, seed=3, threads=2)
    cli = cli_json("optimal", "--world", "cp1993", "--country", "USA", "--draws", "3", "--seed",
                   "3", "--threads", "2")
    u = cli["uncertainty"]
    assert o.bands.document == u  # the whole document, every number exact
    assert o.bands.draws == 3 and o.bands.failed == 0
    assert list(o.bands.players.columns) == ["code", "field", *Q]
    _frame_equals(o.bands.players, ["code"], u["players"], ("code",))
    _frame_equals(o.bands.countries, ["code"], u["countries"], ("code",))
    assert o.bands.world == u["world_real_income_pct"]
    # the band's point is the point's own answer; the draws move it
    usa = o.bands.players.set_index("field").loc["real_income_pct"]
    me = o.countries.set_index("code").loc["USA", "real_income_pct"]
    assert usa["point"] == pytest.approx(me, abs=5e-5)  # the document prints 4 decimals
    assert usa["p95"] > usa["p5"]


def test_war_and_talks_bands_equal_cli(model):
    w = tradewar.war(model, ["USA", "CHN"], among_players=True, draws=2, seed=5, threads=2)
    cli = cli_json("war", "--world", "cp1993", "--players", "USA,CHN", "--among-players",
                   "--draws", "2", "--seed", "5", "--threads", "2")
    assert w.bands.document == cli["uncertainty"]
    assert list(w.bands.players["code"].unique()) == ["USA", "CHN"]
    t = tradewar.talks(model, ["USA", "CHN"], threat="today", draws=2, seed=5, threads=2)
    cli = cli_json("talks", "--world", "cp1993", "--players", "USA,CHN", "--threat", "today",
                   "--draws", "2", "--seed", "5", "--threads", "2")
    assert t.bands.document == cli["uncertainty"]
    _frame_equals(t.bands.players, ["code"], cli["uncertainty"]["players"], ("code",))


def test_escalate_bands_equal_cli(model):
    e = tradewar.escalate(model, ["USA", "CHN"], ["tit-for-tat", "best-response"],
                          opening=[0.1, 0], rounds=4, draws=2, seed=3, threads=2)
    cli = cli_json("escalate", "--world", "cp1993", "--players", "USA,CHN", "--rules",
                   "tit-for-tat,best-response", "--opening", "0.1,0", "--rounds", "4",
                   "--draws", "2", "--seed", "3", "--threads", "2")
    u = cli["uncertainty"]
    assert e.bands.document == u
    rounds = [{"round": r["round"], **x} for r in u["rounds"] for x in r["tariffs"]]
    _frame_equals(e.bands.tariffs, ["round", "importer", "exporter"], rounds,
                  ("round", "importer", "exporter"))
    players = [{"round": r["round"], **x} for r in u["rounds"] for x in r["players"]]
    _frame_equals(e.bands.players, ["round", "code"], players, ("round", "code"))
    _frame_equals(e.bands.end_players, ["code"], u["end_state"]["players"], ("code",))
    assert list(e.bands.tariffs["date"].unique()) == [r["date"] for r in u["rounds"]]
    assert e.bands.rounds_played["point"] == e.document["solver"]["rounds"]


def test_enforce_bands_equal_cli(model):
    f = tradewar.enforce(model, ["USA", "CHN"], agreement="free-trade", draws=2, seed=3,
                         threads=2)
    cli = cli_json("enforce", "--world", "cp1993", "--players", "USA,CHN", "--agreement",
                   "free-trade", "--draws", "2", "--seed", "3", "--threads", "2")
    assert f.bands.document == cli["uncertainty"]
    _frame_equals(f.bands.players, ["code"], cli["uncertainty"]["players"], ("code",))
    assert set(f.bands.players["field"]) == {"delta_star", "payoff_agree", "payoff_deviate",
                                             "payoff_punish"}


def test_zero_standard_errors_give_the_point(tmp_path):
    """With se = 0 every draw's theta is the estimate: p5 = p50 = p95 = point exactly."""
    d = tmp_path / "zero"
    shutil.copytree(os.path.join(ROOT, "data", "cp1993"), d)
    lines = (d / "theta_se.csv").read_text().splitlines()
    out = [lines[0]] + [",".join(l.split(",")[:2] + ["0"] + l.split(",")[3:]) for l in lines[1:]]
    (d / "theta_se.csv").write_text("\n".join(out) + "\n")
    m = tradewar.Model(tradewar.World.load(str(d)))
    f = tradewar.enforce(m, ["USA", "CHN"], draws=2, threads=2).bands.players
    assert len(f) == 8 and f["point"].notna().all()
    assert (f["p5"] == f["point"]).all() and (f["p50"] == f["point"]).all()
    assert (f["p95"] == f["point"]).all()


def test_bad_draw_options(model):
    with pytest.raises(ValueError, match="start"):
        tradewar.optimal(model, "USA", draws=2, start=tradewar.Policy(model))
    with pytest.raises(TypeError, match="draw options"):
        tradewar.war(model, ["USA", "CHN"], draws=2, sed=3)
    with pytest.raises(ValueError, match="go with draws"):
        tradewar.talks(model, ["USA", "CHN"], seed=3)
    with pytest.raises(ValueError, match="draws"):
        tradewar.enforce(model, ["USA", "CHN"], draws=2.5)  # before any solve
