# SPDX-License-Identifier: MIT
"""Uncertainty bands of the games (tradewar/game_bands.h): the game played again for every
draw of the trade elasticities, as ``tradewar optimal|war|talks|escalate|enforce --draws``
do; the "uncertainty" document read into data frames with its field names."""
from typing import Any, Dict, List

import pandas as pd

from ._bands import _Bands, _band_row, make_draws, solve_draws
from ._model import _buffer_text
from ._tradewar_cffi import ffi, lib

#: The draw options of the games' ``draws=``, with their defaults (``--seed`` ...).
DRAW_OPTIONS = {"seed": 1, "design": "latin", "correlation": 0.0, "theta_min": None,
                "theta_max": None, "theta_se": None}


def _draws(model, draws, threads: int, options: Dict[str, Any]):
    return make_draws(model.world, model.world.source, draws, threads=threads,
                      **{**DRAW_OPTIONS, **options})


def _rows(head: Dict[str, Any], obj: Dict[str, Any], skip=("code", "importer", "exporter")):
    return [_band_row(head, f, b) for f, b in obj.items() if f not in skip]


class GameBands(_Bands):
    """Bands of ``optimal``, ``war`` and ``talks`` (docs/strategy.md "Bands"): ``players``
    (code, field: avg_tariff_pct, the chosen average tariff on the instrument's partners, %,
    weighted by baseline imports; real_income_pct, the exact change in I/P against the
    baseline, %; then point, p5, p50, p95), ``countries`` (code, field real_income_pct, ...)
    and ``world`` (the world's real income band, a dict); plus the draws and failures of
    every band object (``document``, ``draws``, ``failed``, ``failed_share``,
    ``failures``)."""

    @property
    def players(self) -> pd.DataFrame:
        return pd.DataFrame([r for p in self.document["players"]
                             for r in _rows({"code": p["code"]}, p)])

    @property
    def countries(self) -> pd.DataFrame:
        return pd.DataFrame([r for c in self.document["countries"]
                             for r in _rows({"code": c["code"]}, c)])

    @property
    def world(self) -> Dict[str, float]:
        return dict(self.document["world_real_income_pct"])


class EscalateBands(_Bands):
    """Bands of ``escalate``: ``tariffs`` (round, date, importer, exporter, field
    avg_tariff_goods_import_weighted_pct, point, p5, p50, p95: each player's average tariff
    on each other's goods, %, weighted by baseline imports) and ``players`` (round, date,
    code, field real_income_pct, ...) at rounds 0..R of the point path (a draw's path that
    ended earlier stays at its end, or goes round its cycle); ``end_tariffs`` and
    ``end_players`` at each draw's own last round; ``rounds_played`` (a dict)."""

    def _frame(self, states: List[Dict[str, Any]], key: str) -> pd.DataFrame:
        rows = []
        for st in states:
            head = {k: st[k] for k in ("round", "date") if k in st}
            for x in st[key]:
                ids = {k: x[k] for k in ("importer", "exporter", "code") if k in x}
                rows += _rows({**head, **ids}, x)
        return pd.DataFrame(rows)

    @property
    def tariffs(self) -> pd.DataFrame:
        return self._frame(self.document["rounds"], "tariffs")

    @property
    def players(self) -> pd.DataFrame:
        return self._frame(self.document["rounds"], "players")

    @property
    def end_tariffs(self) -> pd.DataFrame:
        return self._frame([self.document["end_state"]], "tariffs")

    @property
    def end_players(self) -> pd.DataFrame:
        return self._frame([self.document["end_state"]], "players")

    @property
    def rounds_played(self) -> Dict[str, float]:
        return dict(self.document["rounds_played"])


class EnforceBands(_Bands):
    """Bands of ``enforce``: ``players`` (code, field: delta_star, 1 where no discount
    factor below 1 sustains the agreement; payoff_agree, payoff_deviate, payoff_punish,
    real income relative to the baseline; then point, p5, p50, p95)."""

    @property
    def players(self) -> pd.DataFrame:
        return pd.DataFrame([r for p in self.document["players"]
                             for r in _rows({"code": p["code"]}, p)])


def check_draws(draws, start, options: Dict[str, Any]) -> None:
    """Before the game: draw options only with draws, and known ones; no start with draws."""
    unknown = set(options) - set(DRAW_OPTIONS)
    if unknown:
        raise TypeError(f"unknown keyword arguments {sorted(unknown)} (the draw options are "
                        f"{', '.join(DRAW_OPTIONS)})")
    if options and draws is None:
        raise ValueError(f"{', '.join(sorted(options))}: draw options go with draws")
    if draws is not None and draws != "sets" and (not isinstance(draws, int) or
                                                  isinstance(draws, bool)):
        raise ValueError("draws: a number of draws or 'sets'")
    if draws is not None and start is not None:
        raise ValueError("draws: the draws play from the baseline policy; start cannot be "
                         "given with draws")


def strategy_bands(model, game: int, ins, n: int, services: bool, chosen, res, draws,
                   threads: int, options: Dict[str, Any], *, objective=ffi.NULL,
                   war=ffi.NULL, talks=ffi.NULL, threat_war: bool = False) -> GameBands:
    """The bands of optimal (game TW_GAME_BANDS_OPTIMAL), war or talks: ins the players'
    instruments (n of them), chosen and res the point's policy and results."""
    w = model.world
    d = _draws(model, draws, threads, options)
    gb = ffi.new("tw_game_bands *")
    lib.tw_game_bands_init(gb)
    gb.game, gb.players, gb.n_players, gb.services = game, ins, n, int(services)
    gb.objective, gb.war, gb.talks, gb.talks_threat_war = objective, war, talks, int(threat_war)
    k = lib.tw_game_bands_outputs(gb, w._ptr)
    point = ffi.new("double[]", k)
    lib.tw_game_bands_values(gb, w._ptr, chosen._ptr, res, point)
    solve_draws(d, w, model, k, point, ffi.addressof(lib, "tw_game_bands_eval"), gb)
    return GameBands(_buffer_text(
        lambda sink, e: lib.tw_json_write_game_bands(sink, w._ptr, gb, d, e)))


def escalate_bands(model, pl, n: int, max_rounds: int, path, dates, draws, threads: int,
                   options: Dict[str, Any]) -> EscalateBands:
    """The bands of an escalation of players pl (n) at most max_rounds long; path the point
    path, dates its rounds' labels (a cffi char *[])."""
    w = model.world
    d = _draws(model, draws, threads, options)
    eb = ffi.new("tw_escalate_bands *")
    eb.players, eb.n_players, eb.max_rounds = pl, n, max_rounds
    eb.rounds, eb.round_dates = path.rounds, dates
    k = lib.tw_escalate_bands_outputs(eb)
    point = ffi.new("double[]", k)
    lib.tw_escalate_bands_values(eb, path, point)
    solve_draws(d, w, model, k, point, ffi.addressof(lib, "tw_escalate_bands_eval"), eb)
    return EscalateBands(_buffer_text(
        lambda sink, e: lib.tw_json_write_escalate_bands(sink, w._ptr, eb, d, e)))


def enforce_bands(model, ins, n: int, periods: int, agreement, res, draws, threads: int,
                  options: Dict[str, Any]) -> EnforceBands:
    """The bands of an agreement (a cffi char[]) among the players' instruments ins (n),
    punished for periods (0: for ever); res the point's tw_enforce_result[n]."""
    w = model.world
    d = _draws(model, draws, threads, options)
    fb = ffi.new("tw_enforce_bands *")
    fb.players, fb.n_players, fb.periods, fb.agreement = ins, n, periods, agreement
    k = lib.tw_enforce_bands_outputs(fb)
    point = ffi.new("double[]", k)
    lib.tw_enforce_bands_values(fb, res, point)
    solve_draws(d, w, model, k, point, ffi.addressof(lib, "tw_enforce_bands_eval"), fb)
    return EnforceBands(_buffer_text(
        lambda sink, e: lib.tw_json_write_enforce_bands(sink, w._ptr, fb, d, e)))
