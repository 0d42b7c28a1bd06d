# SPDX-License-Identifier: MIT
"""coalition_war equal to `tradewar war --coalition ... --json` on ossa2014 (the whole
document, every number to the last bit, except wall times), a coalition of one against war(),
and bad arguments."""
import pytest

import tradewar
from conftest import cli_json, drop_timings


@pytest.fixture(scope="module")
def model():
    return tradewar.Model(tradewar.World.load("ossa2014"))


@pytest.mark.parametrize("among", [False, True])
def test_coalition_war_equals_cli(model, among):
    r = tradewar.coalition_war(model, {"BRIC": ["BRA", "CHN", "IND"]}, ["USA", "EU"],
                               among_players=among)
    args = ["war", "--world", "ossa2014", "--coalition", "BRIC=BRA,CHN,IND", "--players",
            "USA,EU", "--quiet"] + (["--among-players"] if among else [])
    assert drop_timings(r.document) == drop_timings(cli_json(*args))
    assert r.found and r.converged
    assert list(r.coalitions["name"]) == ["BRIC", "USA", "EU"]
    assert list(r.countries["code"]) == model.world.countries
    # the war's policy: every member's tariff on every good of each target is the level
    t = r.policy.tariffs
    w = model.world
    for _, c in r.coalitions.iterrows():
        for m in c["members"]:
            for x in c["targets"]:
                n, i = w.country_index(m), w.country_index(x)
                assert (t[:, n, i] == c["rate"]).all()


def test_all_players_and_one_member_coalitions(model):
    # 'all': every country in no coalition plays alone; a coalition of one is the uniform war
    r = tradewar.coalition_war(model, {"U": ["USA"]}, "all")
    assert list(r.coalitions["name"]) == ["U", "BRA", "CHN", "EU", "IND", "JPN", "ROW"]
    ones = tradewar.coalition_war(model, {"U": ["USA"], "C": ["CHN"]}, ["EU"])
    war = tradewar.war(model, ["USA", "CHN", "EU"])
    assert war.found and ones.found
    # both stop on first-order conditions of 1e-6; with the payoffs' curvature (-0.044 to
    # -0.052 here, tests/cli/test_war_coalition.sh) the levels agree to within 4.6e-5
    for k, code in enumerate(["USA", "CHN", "EU"]):
        rate = war.tariffs[war.tariffs["importer"] == code]["rate"].mean()
        assert abs(ones.coalitions["rate"][k] - rate) < 1e-4


def test_coalition_war_bad_arguments(model):
    with pytest.raises(KeyError, match="CHX"):
        tradewar.coalition_war(model, {"B": ["BRA", "CHX"]}, ["USA"])
    with pytest.raises(ValueError, match="country 'CHN' already plays in B"):
        tradewar.coalition_war(model, {"B": ["BRA", "CHN"], "X": ["CHN", "USA"]})
    with pytest.raises(ValueError, match="players: country 'CHN' already plays in B"):
        tradewar.coalition_war(model, {"B": ["BRA", "CHN"]}, ["CHN", "USA"])
    with pytest.raises(ValueError, match="at least two players"):
        tradewar.coalition_war(model, {"B": ["BRA", "CHN"]})
    with pytest.raises(ValueError, match="a name is 1 to 31"):
        tradewar.coalition_war(model, {"B R": ["BRA"]}, ["USA"])
    with pytest.raises(ValueError, match="the name 'USA' is a country's code"):
        tradewar.coalition_war(model, {"USA": ["CHN"]}, ["EU"])
    with pytest.raises(ValueError, match="listed twice"):
        tradewar.coalition_war(model, {"B": ["BRA", "BRA"]}, ["USA"])
    with pytest.raises(ValueError, match="a list of country codes"):
        tradewar.coalition_war(model, {"B": "BRA"}, ["USA"])
    with pytest.raises(ValueError, match="gain_tolerance"):
        tradewar.coalition_war(model, {"B": ["BRA"]}, ["USA"], gain_tolerance=0)
