# SPDX-License-Identifier: MIT
"""Scenarios, timelines and the brief (tradewar/scenario.h, tradewar/brief.h)."""
import json
import math
import os
from typing import Any, Dict, List, Optional, Union

import pandas as pd

from ._bands import BriefBands, RunBands, brief_bands, run_bands
from ._errors import check, warnings_list
from ._model import Model, _buffer_text, _owned
from ._tradewar_cffi import ffi, lib
from ._world import SCENARIO_DIRS, World, _s, world_dir

PathLike = Union[str, "os.PathLike[str]"]


def scenario_roots() -> List[str]:
    """Where shipped scenarios are looked for: $TRADEWAR_SCENARIOS, the source tree's
    scenarios/ the package was built from, the installed share/tradewar/scenarios."""
    roots = [os.environ.get("TRADEWAR_SCENARIOS", "")] + list(SCENARIO_DIRS)
    return [r for r in roots if r]


def scenario_path(name: PathLike) -> str:
    """The file of a scenario given by path or by shipped name ("us_china_2025"; hyphens
    and underscores alike)."""
    name = os.fspath(name)
    if "/" in name or name.endswith(".yaml") or os.path.isfile(name):
        return name
    want = name.replace("-", "_").lower()
    for root in scenario_roots():
        try:
            files = sorted(os.listdir(root))
        except OSError:
            continue
        for f in files:
            if f.endswith(".yaml") and f[:-5].replace("-", "_").lower() == want:
                return os.path.join(root, f)
    return name  # tw_scenario_load reports it as missing


def _name_of(world, default: str) -> str:
    """The name or directory of the world a run uses (whose theta_se.csv draws read)."""
    if isinstance(world, World):
        return world.source
    return os.fspath(world) if world else default


def _steps_frame(doc: Dict[str, Any], key: str, name: str) -> pd.DataFrame:
    rows = []
    for k, st in enumerate(doc.get("steps", [])):
        for row in st.get(key, []):
            rows.append({"step": k, "date": st["date"], "branch": st["branch"], **row})
    return pd.DataFrame(rows)


class Timeline:
    """A scenario's timeline: the equilibrium at every dated policy state of every branch.

    ``json``/``document`` are the timeline document of ``tradewar run --json``
    (docs/json.md); ``steps`` (date, branch, label, after, world_real_income_pct),
    ``countries``, ``groups``, ``trade`` and ``sectors`` are data frames of its lists, one row
    per step and entry, with the step's index, date and branch first."""

    def __init__(self, text: str, warnings: List[Dict[str, Any]]):
        self.json = text
        self.document: Dict[str, Any] = json.loads(text)
        self.warnings = warnings
        self.bands: Optional[RunBands] = None  # with draws: the bands (Scenario.run)

    @property
    def steps(self) -> pd.DataFrame:
        keys = ("date", "branch", "label", "after", "world_real_income_pct")
        return pd.DataFrame([{k: st.get(k) for k in keys} for st in self.document["steps"]])

    @property
    def countries(self) -> pd.DataFrame:
        return _steps_frame(self.document, "countries", "countries")

    @property
    def groups(self) -> pd.DataFrame:
        return _steps_frame(self.document, "groups", "groups")

    @property
    def trade(self) -> pd.DataFrame:
        return _steps_frame(self.document, "trade", "trade")

    @property
    def sectors(self) -> pd.DataFrame:
        return _steps_frame(self.document, "sectors", "sectors")


class Brief:
    """The brief of a scenario (``tradewar brief --json``, docs/brief.md): ``document`` and
    ``countries`` (one row per step and group), ``partners`` (per step, group, partner)."""

    def __init__(self, text: str):
        self.json = text
        self.document: Dict[str, Any] = json.loads(text)
        self.bands: Optional[BriefBands] = None  # with draws: the bands (Scenario.brief)

    @property
    def countries(self) -> pd.DataFrame:
        rows = []
        for k, st in enumerate(self.document["steps"]):
            for c in st["countries"]:
                rows.append({"step": k, "date": st["date"], "branch": st["branch"],
                             **{f: v for f, v in c.items() if f != "partners"}})
        return pd.DataFrame(rows)

    @property
    def partners(self) -> pd.DataFrame:
        rows = []
        for k, st in enumerate(self.document["steps"]):
            for c in st["countries"]:
                for p in c.get("partners", []):
                    rows.append({"step": k, "date": st["date"], "branch": st["branch"],
                                 "importer": c["name"], **{("partner" if f == "name" else f): v
                                                           for f, v in p.items()}})
        return pd.DataFrame(rows)


class Scenario:
    """A scenario file (docs/scenario-format.md): dated policy events, truces, branches and
    games. Load with :meth:`Scenario.load`, evaluate with :meth:`run` or :meth:`brief`."""

    def __init__(self, ptr, path: str):
        self._ptr = ptr
        self.path = path

    @classmethod
    def load(cls, scenario: PathLike) -> "Scenario":
        """Reads a scenario by path or shipped name; InputError with file:line:column and
        field for bad YAML or content."""
        path = scenario_path(scenario)
        out = ffi.new("tw_scenario **")
        err = ffi.new("tw_error *")
        check(lib.tw_scenario_load(path.encode(), out, err), err)
        return cls(ffi.gc(out[0], lib.tw_scenario_free), path)

    @classmethod
    def from_text(cls, text: str, name: str = "<scenario>") -> "Scenario":
        """A scenario from YAML text; errors name ``name``."""
        data = text.encode()
        out = ffi.new("tw_scenario **")
        err = ffi.new("tw_error *")
        check(lib.tw_scenario_load_buffer(name.encode(), data, len(data), out, err), err)
        return cls(ffi.gc(out[0], lib.tw_scenario_free), name)

    @property
    def title(self) -> str:
        return _s(lib.tw_scenario_title(self._ptr))

    @property
    def world_name(self) -> str:
        """The world the scenario names (a shipped name or a directory)."""
        return _s(lib.tw_scenario_world(self._ptr))

    @property
    def deficits(self) -> str:
        return _s(lib.tw_deficit_closure_name(lib.tw_scenario_deficits(self._ptr)))

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        return warnings_list(lib.tw_scenario_warnings(self._ptr))

    def _setup(self, world, elasticities, horizon, model_args):
        """The world (the scenario's unless given), the model (the scenario's closure, its
        critical_elasticity before the caller's nest rules) and the bound plan, as
        ``tradewar run`` sets them up."""
        if not isinstance(world, World):
            el = elasticities or _s(lib.tw_scenario_elasticities(self._ptr)) or None
            if horizon is None:
                years = ffi.new("double *", math.inf)
                lib.tw_scenario_horizon(self._ptr, years)
                horizon = years[0]
            world = World.load(world or self.world_name, elasticities=el, horizon=horizon)
        args = dict(model_args)
        crit = ffi.new("double *")
        if "critical_elasticity" not in args and lib.tw_scenario_critical_elasticity(
                self._ptr, crit):
            args["critical_elasticity"] = crit[0]
        model = Model(world, self.deficits, **args)
        plan = ffi.new("tw_plan **")
        err = ffi.new("tw_error *")
        check(lib.tw_scenario_bind(self._ptr, world._ptr, plan, err), err)
        plan = _owned(plan[0], lib.tw_plan_free, (self._ptr, world._ptr))
        return world, model, plan

    def run(self, world: Union[None, str, World] = None, *, elasticities: Optional[str] = None,
            horizon: Union[None, str, float] = None, draws: Union[None, int, str] = None,
            seed: int = 1, design: str = "latin", correlation: float = 0.0,
            theta_min: Optional[float] = None, theta_max: Optional[float] = None,
            theta_se: Optional[PathLike] = None, threads: int = 0, **model_args) -> Timeline:
        """Evaluates every branch of the timeline (games solved by the strategy layer) and
        returns the :class:`Timeline`, the numbers of ``tradewar run --json``. world
        overrides the scenario's (a name, directory or World); model_args are
        :class:`Model`'s keywords (tolerance, max_iterations, input_elasticities,
        critical_elasticity). The GIL is released during the solves.

        With draws (a number, or "sets": one draw per published elasticity set) the timeline
        is run again for every draw of the trade elasticities, as ``tradewar run --draws``
        (docs/uncertainty.md), and ``Timeline.bands`` is a :class:`RunBands`; seed, design
        ("latin" or "random"), correlation, theta_min, theta_max, theta_se (default: the
        world's theta_se.csv) and threads (0: every core; the bands do not depend on it)
        are the program's draw options."""
        world_name = _name_of(world, self.world_name)
        world, model, plan = self._setup(world, elasticities, horizon, model_args)
        out = ffi.new("tw_timeline **")
        err = ffi.new("tw_error *")
        st = lib.tw_timeline_run_games(plan, model._ptr, model._solver(),
                                       ffi.addressof(lib, "tw_scenario_game_solve"), ffi.NULL, out,
                                       err)
        check(st, err)
        t = ffi.gc(out[0], lib.tw_timeline_free)
        warn = ffi.gc(lib.tw_warnings_create(), lib.tw_warnings_free)
        check(lib.tw_timeline_warnings(plan, t, warn))
        text = _buffer_text(lambda sink, e: lib.tw_json_write_timeline(sink, plan, t, e))
        tl = Timeline(text, warnings_list(warn))
        if draws is not None:
            tl.bands = run_bands(self, world, world_name, model, plan, t, draws, seed=seed,
                                 design=design, correlation=correlation, theta_min=theta_min,
                                 theta_max=theta_max, theta_se=theta_se, threads=threads)
        return tl

    def brief(self, world: Union[None, str, World] = None, *,
              households: Optional[PathLike] = None, elasticities: Optional[str] = None,
              horizon: Union[None, str, float] = None, draws: Union[None, int, str] = None,
              seed: int = 1, design: str = "latin", correlation: float = 0.0,
              theta_min: Optional[float] = None, theta_max: Optional[float] = None,
              theta_se: Optional[PathLike] = None, threads: int = 0, **model_args) -> Brief:
        """The brief (docs/brief.md) of the scenario's timeline, as ``tradewar brief --json``:
        households from the file given, else the world's households.csv when it has one.
        With draws, ``Brief.bands`` is a :class:`BriefBands` as ``tradewar brief --draws``
        gives (the options as :meth:`run`'s)."""
        world_arg = world
        world_name = _name_of(world, self.world_name)
        world, model, plan = self._setup(world, elasticities, horizon, model_args)
        hh_path = os.fspath(households) if households is not None else None
        if hh_path is None and not isinstance(world_arg, World):
            cand = os.path.join(world_dir(world_arg or self.world_name), "households.csv")
            hh_path = cand if os.path.isfile(cand) else None
        opts = ffi.new("tw_brief_options *")
        lib.tw_brief_options_init(opts)
        hh = None
        if hh_path is not None:
            hh = ffi.new("double[]", world.n_countries)
            err = ffi.new("tw_error *")
            check(lib.tw_households_load(hh_path.encode(), world._ptr, hh, err), err)
            opts.households = hh
        out = ffi.new("tw_brief **")
        err = ffi.new("tw_error *")
        st = lib.tw_brief_run(plan, model._ptr, model._solver(),
                              ffi.addressof(lib, "tw_scenario_game_solve"),
                              ffi.NULL, opts, out, err)
        check(st, err)
        b = ffi.gc(out[0], lib.tw_brief_free)
        text = _buffer_text(lambda sink, e: lib.tw_json_write_brief(sink, b, e))
        br = Brief(text)
        if draws is not None:
            br.bands = brief_bands(self, world, world_name, model, b, hh, draws, seed=seed,
                                   design=design, correlation=correlation,
                                   theta_min=theta_min, theta_max=theta_max,
                                   theta_se=theta_se, threads=threads)
        del b
        return br
