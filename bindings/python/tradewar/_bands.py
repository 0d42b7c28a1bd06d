# SPDX-License-Identifier: MIT
"""Uncertainty bands of a scenario's timeline and of its brief (tradewar/bands.h): the
scenario evaluated again for every draw of the trade elasticities, as ``tradewar run --draws``
and ``tradewar brief --draws`` do; the "uncertainty" document read into data frames."""
import json
import os
from typing import Any, Dict, List, Optional, Union

import pandas as pd

from ._errors import check
from ._model import _buffer_text
from ._tradewar_cffi import ffi, lib
from ._world import world_dir

QUANTILES = ("point", "p5", "p50", "p95")


def make_draws(world, world_name: str, draws: Union[int, str], *, seed: int, design: str,
               correlation: float, theta_min: Optional[float], theta_max: Optional[float],
               theta_se: Optional[str], threads: int):
    """The draws (tw_draws, owned) of world, as ``--draws N|sets`` with the other options:
    estimate draws read theta_se, else theta_se.csv in the directory of world_name."""
    if draws == "sets":
        source = lib.TW_DRAW_SETS
    elif isinstance(draws, int) and not isinstance(draws, bool):
        source = lib.TW_DRAW_ESTIMATES
    else:
        raise ValueError("draws: a number of draws or 'sets'")
    if design not in ("latin", "random"):
        raise ValueError("design: latin or random")
    o = ffi.new("tw_draw_options *")
    lib.tw_draw_options_init(o)
    o.source = source
    o.design = lib.TW_DESIGN_LATIN if design == "latin" else lib.TW_DESIGN_RANDOM
    if source == lib.TW_DRAW_ESTIMATES:
        o.draws = draws
    o.seed, o.correlation, o.threads = seed, correlation, threads
    if theta_min is not None:
        o.theta_min = theta_min
    if theta_max is not None:
        o.theta_max = theta_max
    err = ffi.new("tw_error *")
    errors = ffi.NULL
    if source == lib.TW_DRAW_ESTIMATES:
        path = os.fspath(theta_se) if theta_se is not None else os.path.join(
            world_dir(world_name), "theta_se.csv")
        out = ffi.new("tw_theta_errors **")
        check(lib.tw_theta_errors_load(path.encode(), world._ptr, out, err), err)
        errors = ffi.gc(out[0], lib.tw_theta_errors_free)
    dout = ffi.new("tw_draws **")
    check(lib.tw_draws_create(world._ptr, errors, o, dout, err), err)
    return ffi.gc(dout[0], lib.tw_draws_free)


def solve_draws(d, world, model, n_outputs: int, point, fn, ctx) -> None:
    """tw_draws_run on models with model's options (the GIL released: cffi drops it around
    the call)."""
    err = ffi.new("tw_error *")
    check(lib.tw_draws_run(d, world._ptr, model._options, n_outputs, point, fn, ctx, err), err)


class _Bands:
    """The "uncertainty" object: ``document`` (as in the JSON), ``draws``, ``failed``,
    ``failed_share`` (in [0, 1]) and ``failures``, a data frame of the failed draws (draw,
    status, message, set, then theta_<sector>: the draw's elasticities)."""

    def __init__(self, text: str):
        self.json = text
        self.document: Dict[str, Any] = json.loads(text)
        self.draws: int = self.document["draws"]
        self.failed: int = self.document["failed"]
        self.failed_share: float = float(self.document["failed_share"])

    @property
    def failures(self) -> pd.DataFrame:
        rows = []
        for f in self.document["failures"]:
            row = {"draw": f["draw"], "status": f["status"], "message": f["message"],
                   "set": f.get("set", "")}
            row.update({"theta_" + j: v for j, v in f["theta"].items()})
            rows.append(row)
        return pd.DataFrame(rows, columns=None if rows else ["draw", "status", "message",
                                                             "set"])


def _band_row(head: Dict[str, Any], field: str, band: Dict[str, Any]) -> Dict[str, Any]:
    return {**head, "field": field, **{q: band[q] for q in QUANTILES}}


class RunBands(_Bands):
    """Bands of a timeline (``tradewar run --draws --json``'s "uncertainty", docs/json.md
    "Bands"): ``real_income`` has one row per step and group (the players, watched countries
    and groups, then "World") with step (1-based, as the document), date, branch, group,
    field (real_income_pct: exact change in I/P against the baseline, %) and the band's
    point, p5, p50, p95."""

    @property
    def real_income(self) -> pd.DataFrame:
        rows = []
        for st in self.document["steps"]:
            head = {"step": st["step"], "date": st["date"], "branch": st["branch"]}
            for g, band in st["real_income_pct"].items():
                rows.append(_band_row({**head, "group": g}, "real_income_pct", band))
        return pd.DataFrame(rows)


class BriefBands(_Bands):
    """Bands of a brief (``tradewar brief --draws --json``'s "uncertainty", docs/brief.md
    "Bands"): ``countries`` (step, date, branch, name, field, point, p5, p50, p95: the
    group's real_income_pct, cpi_change_pct, cost_per_household_usd, tariff_revenue_ge_usd,
    imports_goods_usd and avg_tariff_goods_counterfactual_import_weighted_pct) and
    ``partners`` (the same with partner: the tariff after substitution on it and its share
    of the group's goods imports, %)."""

    def _rows(self, partners: bool) -> pd.DataFrame:
        rows = []
        for st in self.document["steps"]:
            head = {"step": st["step"], "date": st["date"], "branch": st["branch"]}
            for c in st["countries"]:
                h = {**head, "name": c["name"]}
                if not partners:
                    rows += [_band_row(h, f, b) for f, b in c.items()
                             if f not in ("name", "partners")]
                    continue
                for p in c["partners"]:
                    hp = {**h, "partner": p["name"]}
                    rows += [_band_row(hp, f, b) for f, b in p.items() if f != "name"]
        return pd.DataFrame(rows)

    @property
    def countries(self) -> pd.DataFrame:
        return self._rows(False)

    @property
    def partners(self) -> pd.DataFrame:
        return self._rows(True)


def run_bands(scenario, world, world_name: str, model, plan, timeline, draws, **opts) -> RunBands:
    """The bands of timeline (of plan, on model) under draws (tw_run_bands_eval)."""
    d = make_draws(world, world_name, draws, **opts)
    steps = lib.tw_timeline_steps(timeline)
    k = lib.tw_run_bands_outputs(scenario._ptr, steps)
    if k < 1:
        raise ValueError("the timeline has no steps to draw")
    point = ffi.new("double[]", k)
    check(lib.tw_run_bands_values(plan, timeline, point))
    ctx = ffi.new("tw_run_bands_ctx *")
    ctx.scenario, ctx.steps = scenario._ptr, steps
    solve_draws(d, world, model, k, point, ffi.addressof(lib, "tw_run_bands_eval"), ctx)
    return RunBands(_buffer_text(
        lambda sink, e: lib.tw_json_write_run_bands(sink, plan, timeline, d, e)))


def brief_bands(scenario, world, world_name: str, model, brief, households, draws,
                **opts) -> BriefBands:
    """The bands of brief (on model; households a cffi double[] or None) under draws."""
    d = make_draws(world, world_name, draws, **opts)
    steps, groups = lib.tw_brief_steps(brief), lib.tw_brief_group_count(brief)
    k = lib.tw_brief_bands_outputs(steps, groups)
    if k < 1:
        raise ValueError("the brief has no numbers to draw (no steps, or no players and "
                         "watched countries)")
    point = ffi.new("double[]", k)
    lib.tw_brief_bands_values(brief, point)
    ctx = ffi.new("tw_brief_bands_ctx *")
    ctx.scenario, ctx.steps, ctx.groups = scenario._ptr, steps, groups
    ctx.households = households if households is not None else ffi.NULL
    solve_draws(d, world, model, k, point, ffi.addressof(lib, "tw_brief_bands_eval"), ctx)
    return BriefBands(_buffer_text(
        lambda sink, e: lib.tw_json_write_brief_bands(sink, brief, d, e)))
