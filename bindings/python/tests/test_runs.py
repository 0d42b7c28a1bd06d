# SPDX-License-Identifier: MIT
"""Scenario runs, the brief and a strategy call, equal to the program's JSON documents."""
import pytest

import tradewar
from conftest import cli_json, drop_timings


def test_scenario_run_equals_cli():
    t = tradewar.Scenario.load("us_china_2018_19").run()
    cli = cli_json("run", "us_china_2018_19")
    assert drop_timings(t.document) == drop_timings(cli)
    steps = t.steps
    assert list(steps["date"]) == [s["date"] for s in cli["steps"]]
    c = t.countries
    usa = c[(c.code == "USA")]
    assert list(usa["real_income_pct"]) == [
        next(x for x in s["countries"] if x["code"] == "USA")["real_income_pct"]
        for s in cli["steps"]]
    assert t.warnings and all("text" in w for w in t.warnings)


def test_brief_equals_cli():
    b = tradewar.Scenario.load("us_china_2018_19").brief()
    cli = cli_json("brief", "us_china_2018_19")
    assert drop_timings(b.document) == drop_timings(cli)
    assert {"name", "real_income_pct", "cost_per_household_usd"} <= set(b.countries.columns)
    assert len(b.partners) > 0


def test_optimal_equals_cli():
    w = tradewar.World.load("cp1993")
    o = tradewar.optimal(tradewar.Model(w), "USA")
    cli = cli_json("optimal", "--world", "cp1993", "--country", "USA")
    assert drop_timings(o.document) == drop_timings(cli)
    assert o.converged and o.document["real_income_pct"] > o.document["real_income_pct_today"]
    assert set(o.tariffs.columns) == {"importer", "exporter", "sector", "rate", "today_rate"}


def test_scenario_from_text_error_position():
    with pytest.raises(tradewar.InputError) as e:
        tradewar.Scenario.from_text("title: x\nevents: [\n", name="bad.yaml")
    assert e.value.file == "bad.yaml" and e.value.line >= 2
    assert str(e.value).startswith("bad.yaml:")


def test_war_equals_cli():
    w = tradewar.World.load("cp1993")
    r = tradewar.war(tradewar.Model(w), ["USA", "CHN"])
    cli = cli_json("war", "--world", "cp1993", "--players", "USA,CHN")
    assert drop_timings(r.document) == drop_timings(cli)
    assert r.found and len(r.tariffs) > 0


def test_optimal_bad_arguments():
    m = tradewar.Model(tradewar.World.load("cp1993"))
    with pytest.raises(ValueError):
        tradewar.optimal(m, "USA", instrument="flat")
    with pytest.raises(KeyError):
        tradewar.optimal(m, "USX")
    with pytest.raises(ValueError):
        tradewar.war(m, ["USA"])
