# SPDX-License-Identifier: MIT
"""Bands of scenario runs and briefs equal to `tradewar run/brief --draws N --json`'s
"uncertainty" (the same draws for the same seed: every number compared exactly), and zero
standard errors giving bands equal to the point."""
import math
import os
import shutil

import pytest

import tradewar
from conftest import cli_json

WAR = """title: "Test: a US-Mexico tariff war on cp1993"
world: cp1993
baseline: 2025-01-01
players: [USA, MEX]
watch: [CAN]
events:
  - date: 2025-02-01
    label: "US +20% on Mexico"
    tariffs:
      - {importers: USA, exporters: MEX, add: 20%}
  - date: 2025-03-01
    label: "Mexico +20% on the US"
    tariffs:
      - {importers: MEX, exporters: USA, add: 20%}
"""


@pytest.fixture
def war(tmp_path):
    p = tmp_path / "war.yaml"
    p.write_text(WAR)
    return str(p)


def _same(a, b):
    """Equal numbers, or both undefined (null in JSON, NaN in a frame)."""
    if a is None or b is None or (isinstance(b, float) and math.isnan(b)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return a == b


def test_run_bands_equal_cli(war):
    t = tradewar.Scenario.load(war).run(draws=6, seed=4, threads=2)
    cli = cli_json("run", war, "--draws", "6", "--seed", "4", "--threads", "2")
    assert t.bands.document == cli["uncertainty"]  # the whole document, every number exact
    assert t.bands.draws == 6 and t.bands.failed == 0 and t.bands.failed_share == 0.0
    ri = t.bands.real_income.set_index(["step", "group"])
    assert list(t.bands.real_income.columns) == ["step", "date", "branch", "group", "field",
                                                 "point", "p5", "p50", "p95"]
    for st in cli["uncertainty"]["steps"]:
        assert set(st["real_income_pct"]) == {"USA", "MEX", "CAN", "World"}
        for g, b in st["real_income_pct"].items():
            for q in ("point", "p5", "p50", "p95"):
                assert _same(b[q], ri.loc[(st["step"], g), q]), (st["step"], g, q)
    # the point of a band is the timeline's number; the war has a band of positive width
    last = ri.loc[(len(cli["uncertainty"]["steps"]), "USA")]
    usa = [c for c in t.document["steps"][-1]["groups"] + t.document["steps"][-1]["countries"]
           if c.get("code", c.get("name")) == "USA"]
    assert usa and usa[0]["real_income_pct"] == last["point"]
    assert last["p95"] > last["p5"]
    assert t.bands.failures.empty


def test_run_bands_another_seed_differs(war):
    s = tradewar.Scenario.load(war)
    a = s.run(draws=4, seed=1, threads=1).bands.real_income
    b = s.run(draws=4, seed=2, threads=2).bands.real_income
    assert list(a["point"]) == list(b["point"]) and list(a["p50"]) != list(b["p50"])


def test_brief_bands_equal_cli(war):
    br = tradewar.Scenario.load(war).brief(draws=5, seed=3, threads=2)
    cli = cli_json("brief", war, "--draws", "5", "--seed", "3", "--threads", "2")
    assert br.bands.document == cli["uncertainty"]
    c = br.bands.countries.set_index(["step", "name", "field"])
    for st in cli["uncertainty"]["steps"]:
        for g in st["countries"]:
            for f, b in g.items():
                if f in ("name", "partners"):
                    continue
                for q in ("point", "p5", "p50", "p95"):
                    assert _same(b[q], c.loc[(st["step"], g["name"], f), q]), (g["name"], f)
    p = br.bands.partners
    assert set(p["field"]) == {"avg_tariff_goods_counterfactual_import_weighted_pct",
                               "import_share_goods_pct"}
    assert set(p["partner"]) == {"USA", "MEX", "CAN", "others"}
    assert not (p["partner"] == p["name"]).any()


def test_zero_standard_errors_give_the_point(tmp_path, war):
    zero = tmp_path / "zero"
    zero.mkdir()
    src = os.path.join("data", "cp1993")
    for f in os.listdir(src):
        if f.endswith(".csv"):
            shutil.copy(os.path.join(src, f), zero / f)
    lines = (zero / "theta_se.csv").read_text().splitlines()
    head = lines[0].split(",")
    se = head.index("se")
    rows = [lines[0]] + [",".join(v if k != se else "0" for k, v in enumerate(ln.split(",")))
                         for ln in lines[1:]]
    (zero / "theta_se.csv").write_text("\n".join(rows) + "\n")
    s = tradewar.Scenario.load(war)
    for bands in (s.run(str(zero), draws=3, threads=2).bands.real_income,
                  s.brief(str(zero), draws=3, threads=2).bands.countries):
        defined = bands[bands["point"].notna()]
        assert len(defined) > 0
        for q in ("p5", "p50", "p95"):
            assert (defined[q] == defined["point"]).all()


def test_bad_draw_options(war):
    s = tradewar.Scenario.load(war)
    with pytest.raises(ValueError):
        s.run(draws="many")
    with pytest.raises(tradewar.UsageError):
        s.run(draws=0)
    with pytest.raises(tradewar.TradewarIOError):
        s.run(draws=3, theta_se="no/such/theta_se.csv")
