# SPDX-License-Identifier: MIT
"""The strategy layer (tradewar/strategy.h): a government's optimal tariffs."""
import json
from typing import Any, Dict, Optional, Sequence, Union

import pandas as pd

from ._errors import check, error_from_record
from ._game_bands import GameBands, check_draws, strategy_bands
from ._model import Model, Policy, _buffer_text, _owned, _work
from ._tradewar_cffi import ffi, lib


def _kind(instrument: str) -> int:
    kind = ffi.new("tw_instrument_kind *")
    if lib.tw_instrument_kind_parse(instrument.encode(), kind) != 0:
        raise ValueError(f"instrument: expected uniform, sector or partner-sector, "
                         f"got {instrument!r}")
    return kind[0]


def _game(model: Model, threads: int):
    go = ffi.new("tw_game_options *")
    lib.tw_game_options_init(go)
    go.threads = threads
    gout = ffi.new("tw_game **")
    err = ffi.new("tw_error *")
    check(lib.tw_game_create(model._ptr, go, gout, err), err)
    return _owned(gout[0], lib.tw_game_free, model._ptr)


class Optimum:
    """A government's optimal tariffs: ``document``/``json`` as ``tradewar optimal --json``
    (docs/json.md), ``tariffs`` (importer, exporter, sector, rate, today_rate) and
    ``countries`` (code, real_income_pct, ...) data frames, ``policy`` the chosen
    :class:`Policy` (to solve again or change)."""

    def __init__(self, text: str, policy: Policy):
        self.json = text
        self.document: Dict[str, Any] = json.loads(text)
        self.policy = policy
        self.bands: Optional[Any] = None  # with draws: the bands (GameBands, ...)

    @property
    def tariffs(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["tariffs"])

    @property
    def countries(self) -> pd.DataFrame:
        return pd.DataFrame(self.document.get("countries", []))

    @property
    def converged(self) -> bool:
        return bool(self.document["solver"]["converged"])


def optimal(model: Model, country: str, *, partners: Sequence[str] = (),
            instrument: str = "uniform", services: bool = False,
            only_increases: bool = False, max_rate: float = 0.0,
            start: Optional[Policy] = None, threads: int = 0,
            draws: Union[None, int, str] = None, **draw_options: Any) -> Optimum:
    """Country's optimal tariffs given everyone else's (tw_game_best_response), as
    ``tradewar optimal --country C [--partners ...] [--instrument ...] --json``: instrument
    "uniform", "sector" or "partner-sector"; partners (codes) the exporters its tariffs
    apply to (default: every other country); only_increases: it may only raise today's
    tariffs; max_rate the upper bound (0: the library's default, 2 = 200%). Starts from today's
    policy (or start). Raises NotConvergedError if the optimiser or a solve failed. With draws (a number, or "sets": one draw per published elasticity set) the game
    is played again for every draw of the trade elasticities from the baseline policy, as the
    program's ``--draws`` (docs/strategy.md "Bands"), and ``.bands`` is a :class:`GameBands`;
    draw_options are seed, design, correlation, theta_min, theta_max and theta_se (the
    program's draw options); threads also runs the draws (the bands do not depend on it)."""
    check_draws(draws, start, draw_options)
    w = model.world
    kind = [_kind(instrument)]
    me = w.country_index(country)
    cpartners = [w.country_index(p) for p in partners]
    if me in cpartners:
        raise ValueError("partners: a country cannot be its own partner")
    game = _game(model, threads)
    err = ffi.new("tw_error *")
    today = start if start is not None else Policy(model)
    chosen = Policy(model)
    eq, res = _work(model)
    eq0, res0 = _work(model)
    cp = ffi.new("int[]", max(len(cpartners), 1))
    for k, p in enumerate(cpartners):
        cp[k] = p
    ins = ffi.new("tw_instrument *")
    ins.country, ins.kind = me, kind[0]
    ins.partners = cp if cpartners else ffi.NULL
    ins.n_partners = len(cpartners)
    ins.services, ins.only_increases, ins.upper = int(services), int(only_increases), max_rate
    obj = ffi.new("tw_objective *")
    obj.country, obj.sector_weights = me, ffi.NULL
    check(lib.tw_model_solve(model._ptr, lib.tw_game_solver(game), today._ptr, eq0, ffi.NULL,
                             err), err)
    check(lib.tw_results_compute(model._ptr, eq0, res0))
    lib.tw_equilibrium_copy(eq, eq0)
    rep = ffi.new("tw_optimize_report *")
    st = lib.tw_game_best_response(game, ins, obj, today._ptr, chosen._ptr, eq, rep, err)
    if st != lib.TW_OK and not lib.tw_equilibrium_solved(eq):
        raise error_from_record(st, err)
    if st != lib.TW_OK:  # the optimiser stopped short: a result only as an error's payload
        raise error_from_record(st, err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    me_arr = ffi.new("int[]", [me])
    status = ffi.new("char[]", b"converged" if rep.converged else b"not converged")
    doc = ffi.new("tw_optimal_document *")
    g = doc.game
    g.model, g.today, g.chosen, g.results = model._ptr, today._ptr, chosen._ptr, res
    g.importers, g.n_importers = me_arr, 1
    g.partners, g.n_partners = (cp if cpartners else ffi.NULL), len(cpartners)
    g.services, g.instrument, g.status, g.interrupted = int(services), kind[0], status, 0
    doc.instrument = ins
    doc.today_results = res0
    doc.report = rep[0]
    text = _buffer_text(lambda sink, e: lib.tw_json_write_optimal(sink, doc, e))
    out = Optimum(text, chosen)
    if draws is not None:
        out.bands = strategy_bands(model, lib.TW_GAME_BANDS_OPTIMAL, ins, 1, services, chosen,
                                   res, draws, threads, draw_options, objective=obj)
    return out


class War(Optimum):
    """A Nash tariff war: ``document``/``json`` as ``tradewar war --json`` (docs/json.md),
    ``tariffs`` and ``countries`` frames, ``policy`` the war's :class:`Policy`, ``found``
    (a verified Nash equilibrium)."""

    @property
    def found(self) -> bool:
        return self.document["status"] == "Nash equilibrium found"


def war(model: Model, players: Sequence[str], *, instrument: str = "uniform",
        among_players: bool = False, services: bool = False, only_increases: bool = False,
        max_rate: float = 0.0, method: str = "auto", gain_tolerance: Optional[float] = None,
        start: Optional[Policy] = None, threads: int = 0,
        draws: Union[None, int, str] = None, **draw_options: Any) -> War:
    """A Nash tariff war among players (codes; at least two), each choosing its tariffs on
    everyone else (or on the other players with among_players), as
    ``tradewar war --players A,B [--among-players] --json`` (tw_game_nash_war). method is
    "auto", "newton" or "best-response". A war that was not found and verified is returned
    with ``found`` False (the document's status says why), as the program prints it; a
    failure before any equilibrium raises. With draws (a number, or "sets": one draw per published elasticity set) the game
    is played again for every draw of the trade elasticities from the baseline policy, as the
    program's ``--draws`` (docs/strategy.md "Bands"), and ``.bands`` is a :class:`GameBands`;
    draw_options are seed, design, correlation, theta_min, theta_max and theta_se (the
    program's draw options); threads also runs the draws (the bands do not depend on it)."""
    check_draws(draws, start, draw_options)
    w = model.world
    kind = _kind(instrument)
    idx = [w.country_index(p) for p in players]
    if len(idx) < 2:
        raise ValueError("players: a war needs at least two players (optimal() for one)")
    wo = ffi.new("tw_war_options *")
    lib.tw_war_options_init(wo)
    if lib.tw_war_method_parse(method.encode(), ffi.addressof(wo, "method")) != 0:
        raise ValueError(f"method: expected auto, newton or best-response, got {method!r}")
    if gain_tolerance is not None:
        wo.gain_tolerance = gain_tolerance
    game = _game(model, threads)
    np_ = len(idx)
    cplayers = ffi.new("int[]", idx)
    partners = [ffi.new("int[]", [q for q in idx if q != p] or [0]) for p in idx]
    ins = ffi.new("tw_instrument[]", np_)
    for k, p in enumerate(idx):
        ins[k].country, ins[k].kind = p, kind
        ins[k].partners = partners[k] if among_players else ffi.NULL
        ins[k].n_partners = np_ - 1 if among_players else 0
        ins[k].services, ins[k].only_increases = int(services), int(only_increases)
        ins[k].upper = max_rate
    today = start if start is not None else Policy(model)
    chosen = Policy(model)
    eq, res = _work(model)
    gains = ffi.new("double[]", np_)
    rep = ffi.new("tw_war_report *")
    err = ffi.new("tw_error *")
    st = lib.tw_game_nash_war(game, ins, np_, ffi.NULL, wo, today._ptr, chosen._ptr, eq, gains,
                              rep, err)
    if st != lib.TW_OK and not lib.tw_equilibrium_solved(eq):
        raise error_from_record(st, err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    state = (b"interrupted" if rep.cancelled else b"Nash equilibrium found" if rep.found
             else b"converged but not verified: not an equilibrium" if rep.converged
             else b"not converged")
    status = ffi.new("char[]", state)
    doc = ffi.new("tw_war_document *")
    g = doc.game
    g.model, g.today, g.chosen, g.results = model._ptr, today._ptr, chosen._ptr, res
    g.importers, g.n_importers = cplayers, np_
    g.partners = cplayers if among_players else ffi.NULL
    g.n_partners = np_ if among_players else 0
    g.services, g.instrument, g.status, g.interrupted = int(services), kind, status, 0
    doc.players, doc.n_players, doc.among_players = ins, np_, int(among_players)
    doc.gains = gains
    doc.gain_tolerance = wo.gain_tolerance if wo.gain_tolerance > 0 else 1e-7
    doc.report = rep[0]
    text = _buffer_text(lambda sink, e: lib.tw_json_write_war(sink, doc, e))
    out = War(text, chosen)
    if draws is not None:
        out.bands = strategy_bands(model, lib.TW_GAME_BANDS_WAR, ins, np_, services, chosen,
                                   res, draws, threads, draw_options, war=wo)
    return out
