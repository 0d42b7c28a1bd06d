# SPDX-License-Identifier: MIT
"""Bad input raises exceptions carrying the library's error record, with the CLI's
file:line:column."""
import pandas as pd
import pytest

import tradewar
from conftest import run_cli


@pytest.fixture(scope="module")
def model():
    return tradewar.Model(tradewar.World.load("cp1993"))


def test_bad_shock_file_as_cli(model, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("importer,exporter,sector,tariff\nUSA,MEX,AGR,0.1\nUSA,MXE,AGR,0.2\n")
    with pytest.raises(tradewar.InputError) as e:
        model.solve(shock=str(bad))
    rc, _, err = run_cli("solve", "--world", "cp1993", "--shock", str(bad), check=False)
    assert rc == 3
    assert str(e.value) == err.strip().splitlines()[-1]
    assert (e.value.file, e.value.line, e.value.column, e.value.field) == (
        str(bad), 3, 5, "exporter")
    assert e.value.status == 1 and e.value.status_name == "bad input"
    assert "MEX" in e.value.message


def test_bad_shock_frame_names_row(model):
    frame = pd.DataFrame({"importer": ["USA", "USA"], "exporter": ["MEX", "CAN"],
                          "sector": ["AGR", "AGR"], "tariff": ["0.1", "-2"]})
    with pytest.raises(tradewar.InputError) as e:
        model.solve(shock=frame)
    # row 1 of the frame is line 3 of its CSV (the header is line 1)
    assert (e.value.file, e.value.line, e.value.field) == ("<shock>", 3, "tariff")


def test_missing_files():
    with pytest.raises(tradewar.TradewarIOError) as e:
        tradewar.World.load("/nonexistent/world")
    assert e.value.status == 2 and isinstance(e.value, OSError)
    with pytest.raises(tradewar.TradewarError):
        tradewar.Scenario.load("/nonexistent.yaml")


def test_unknown_world_name_as_cli():
    with pytest.raises(tradewar.TradewarIOError) as e:
        tradewar.World.load("nowhere")
    rc, _, err = run_cli("world", "show", "--world", "nowhere", check=False)
    assert rc == 4
    assert str(e.value) == err.strip().splitlines()[-1]
    assert e.value.status == 2 and e.value.field == "world" and "cp1993" in e.value.message


def test_bad_world_frame_names_frame_and_line():
    d = "data/cp1993/"
    frames = {n: pd.read_csv(d + n + ".csv", keep_default_na=False)
              for n in ["countries", "sectors", "flows", "tariffs", "value_added", "io",
                        "final_demand"]}
    frames["flows"].loc[4, "value"] = -1.0
    with pytest.raises(tradewar.InputError) as e:
        tradewar.World.from_frames(**frames)
    assert (e.value.file, e.value.line, e.value.field) == ("<flows>", 6, "value")
    assert str(e.value).startswith("<flows>:6:")


def test_bad_options():
    w = tradewar.World.load("cp1993")
    with pytest.raises(ValueError):
        tradewar.Model(w, deficits="sometimes")
    with pytest.raises(tradewar.InputError):
        tradewar.Model(w, tolerance=1.0)
    with pytest.raises(ValueError):
        tradewar.Model(w).solve(tariffs=[1.0, 2.0])


def test_not_converged_carries_residual():
    # the baseline solve of the model, with a budget of 3 iterations
    with pytest.raises(tradewar.NotConvergedError) as e:
        tradewar.Model(tradewar.World.load("cp1993"), max_iterations=3)
    assert e.value.status == 4 and "residual" in e.value.message
