# SPDX-License-Identifier: MIT
"""talks, enforce and escalate equal to `tradewar talks|enforce|escalate --json` on cp1993
(the whole document, every number to the last bit, except wall times)."""
import math

import pytest

import tradewar
from conftest import cli_json, drop_timings


@pytest.fixture(scope="module")
def model():
    return tradewar.Model(tradewar.World.load("cp1993"))


def test_talks_from_war_equals_cli(model):
    t = tradewar.talks(model, ["USA", "CHN"])
    cli = cli_json("talks", "--world", "cp1993", "--players", "USA,CHN")
    assert drop_timings(t.document) == drop_timings(cli)
    assert t.converged and list(t.players["code"]) == ["USA", "CHN"]
    assert (t.players["payoff_deal"] >= t.players["payoff_threat"]).all()
    assert set(t.tariffs.columns) == {"importer", "exporter", "sector", "rate", "today_rate"}


def test_talks_options_equal_cli(model):
    t = tradewar.talks(model, ["USA", "CHN"], threat="today", rule="nash", weights=[2, 1],
                       delta=0.8, truce_periods=5)
    cli = cli_json("talks", "--world", "cp1993", "--players", "USA,CHN", "--threat", "today",
                   "--weights", "2,1", "--delta", "0.8", "--truce-periods", "5")
    assert drop_timings(t.document) == drop_timings(cli)
    assert t.document["threat"] == "today" and t.document["truce_periods"] == 5


@pytest.mark.parametrize("agreement", ["today", "free-trade"])
def test_enforce_equals_cli(model, agreement):
    e = tradewar.enforce(model, ["USA", "CHN"], agreement=agreement, periods=2, delta=0.9)
    cli = cli_json("enforce", "--world", "cp1993", "--players", "USA,CHN", "--agreement",
                   agreement, "--periods", "2", "--delta", "0.9")
    assert drop_timings(e.document) == drop_timings(cli)
    p = e.players
    assert list(p["code"]) == ["USA", "CHN"] and p["delta_star"].dtype == float
    for row, doc in zip(p.itertuples(), cli["players"]):
        assert (math.isnan(row.delta_star) if doc["delta_star"] is None
                else row.delta_star == doc["delta_star"])
    if agreement == "free-trade":
        t = e.tariffs
        assert (t[t["importer"].isin(["USA", "CHN"])]["rate"] == 0).all()


def test_escalate_equals_cli(model):
    e = tradewar.escalate(model, ["USA", "CHN"], "tit-for-tat", opening=[0.1, 0], rounds=4,
                          start_date="2018-07-06", period_days=45)
    cli = cli_json("escalate", "--world", "cp1993", "--players", "USA,CHN", "--rules",
                   "tit-for-tat", "--opening", "0.1,0", "--rounds", "4", "--start",
                   "2018-07-06", "--period-days", "45")
    assert drop_timings(e.document) == drop_timings(cli)
    assert e.end == "round limit" and e.converged
    assert list(e.income_path["date"].unique()) == ["today", "2018-07-06", "2018-08-20",
                                                   "2018-10-04", "2018-11-18"]
    assert len(e.tariff_path) == 5 * 2 and list(e.rules["rule"]) == ["tit-for-tat"] * 2


def test_escalate_rules_per_player_equal_cli(model):
    e = tradewar.escalate(model, ["USA", "CHN", "MEX"], ["proportional", "tit-for-tat", "hold"],
                          opening=0.05, factor=[1, 0.5, 1], cap=[0.2, 0, 0], forgive=[0, 2, 0],
                          rounds=6)
    cli = cli_json("escalate", "--world", "cp1993", "--players", "USA,CHN,MEX", "--rules",
                   "proportional,tit-for-tat,hold", "--opening", "0.05", "--factor", "1,0.5,1",
                   "--cap", "0.2,0,0", "--forgive", "0,2,0", "--rounds", "6")
    assert drop_timings(e.document) == drop_timings(cli)


def test_game_bad_arguments(model):
    with pytest.raises(ValueError):
        tradewar.talks(model, ["USA"])
    with pytest.raises(ValueError):
        tradewar.talks(model, ["USA", "CHN"], rule="fair")
    with pytest.raises(ValueError):
        tradewar.talks(model, ["USA", "CHN"], weights=[1])
    with pytest.raises(ValueError):
        tradewar.talks(model, ["USA", "CHN"], delta=1.0)
    with pytest.raises(KeyError):
        tradewar.enforce(model, ["USA", "USX"])
    with pytest.raises(ValueError):
        tradewar.enforce(model, ["USA", "CHN"], agreement="never")
    with pytest.raises(ValueError):
        tradewar.escalate(model, ["USA", "CHN"], "revenge")
    with pytest.raises(ValueError):
        tradewar.escalate(model, ["USA", "CHN"], "hold", opening=[0.1, 0.1, 0.1])
    with pytest.raises(ValueError):
        tradewar.escalate(model, ["USA", "CHN"], "hold", start_date="2018/07/06")
    with pytest.raises(TypeError):
        tradewar.escalate(model, "USA,CHN", "hold")
