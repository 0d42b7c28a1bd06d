# SPDX-License-Identifier: MIT
"""Games of several governments (tradewar/strategy.h): trade talks, self-enforcing agreements
and escalation by rules, as ``tradewar talks``, ``tradewar enforce`` and ``tradewar escalate``."""
import datetime
import math
import numbers
import re
from typing import Any, List, Optional, Sequence, Union

import pandas as pd

from ._errors import check, error_from_record
from ._game_bands import check_draws, enforce_bands, escalate_bands, strategy_bands
from ._model import Model, Policy, _buffer_text, _work
from ._strategy import Optimum, _game, _kind
from ._tradewar_cffi import ffi, lib

Numbers = Union[float, Sequence[float]]


def _players(model: Model, players: Sequence[str], what: str) -> List[int]:
    if isinstance(players, str):
        raise TypeError("players: a sequence of country codes, e.g. ['USA', 'CHN']")
    idx = [model.world.country_index(p) for p in players]
    if len(idx) < 2:
        raise ValueError(f"players: {what} needs at least two players")
    if len(set(idx)) != len(idx):
        raise ValueError("players: a country is listed twice")
    return idx


class _Bilateral:
    """Each player's instrument on the other players' goods (as the program sets them up):
    the cdata arrays stay alive as long as this object."""

    def __init__(self, idx: List[int], kind: int, services: bool, max_rate: float):
        n = len(idx)
        self.n = n
        self.players = ffi.new("int[]", idx)
        self.partners = [ffi.new("int[]", [q for q in idx if q != p]) for p in idx]
        self.ins = ffi.new("tw_instrument[]", n)
        for k, p in enumerate(idx):
            self.ins[k].country, self.ins[k].kind = p, kind
            self.ins[k].partners, self.ins[k].n_partners = self.partners[k], n - 1
            self.ins[k].services, self.ins[k].upper = int(services), max_rate


def _game_doc(g, model: Model, today: Policy, chosen: Policy, res, b: _Bilateral,
              services: bool, kind: int, status) -> None:
    g.model, g.today, g.chosen, g.results = model._ptr, today._ptr, chosen._ptr, res
    g.importers, g.n_importers = b.players, b.n
    g.partners, g.n_partners = b.players, b.n
    g.services, g.instrument, g.status, g.interrupted = int(services), kind, status, 0


def _war_threat(model: Model, game, b: _Bilateral, today: Policy, eq):
    """The players' Nash war from today (the threat point or punishment): (policy, found)."""
    war = Policy(model)
    rep = ffi.new("tw_war_report *")
    err = ffi.new("tw_error *")
    st = lib.tw_game_nash_war(game, b.ins, b.n, ffi.NULL, ffi.NULL, today._ptr, war._ptr, eq,
                              ffi.NULL, rep, err)
    if st != lib.TW_OK:  # not found and verified: neither a threat point nor a punishment
        raise error_from_record(st, err)
    return war, bool(rep.found)


class Talks(Optimum):
    """Trade talks: ``document``/``json`` as ``tradewar talks --json`` (docs/json.md),
    ``players`` (code, payoff_threat, payoff_deal, gain_pct, average tariffs, values of a
    permanent deal and of a truce), ``tariffs`` (importer, exporter, sector, rate,
    today_rate: the deal's) and ``countries`` data frames, ``policy`` the deal's
    :class:`Policy` and ``threat`` the threat point's."""

    def __init__(self, text: str, policy: Policy, threat: Policy):
        super().__init__(text, policy)
        self.threat = threat

    @property
    def players(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["players"])

    @property
    def converged(self) -> bool:
        return self.document["status"] in ("converged", "no deal improves on the threat point")


def talks(model: Model, players: Sequence[str], *, threat: str = "war", rule: str = "nash",
          weights: Optional[Sequence[float]] = None, delta: float = 0.9,
          truce_periods: int = 3, instrument: str = "uniform", services: bool = False,
          max_rate: float = 0.0, start: Optional[Policy] = None, threads: int = 0,
          draws: Union[None, int, str] = None, **draw_options: Any) -> Talks:
    """Negotiated tariffs of the players (codes; at least two) on each other
    (tw_game_talks), as ``tradewar talks --players A,B [--threat war|today] [--rule ...]
    [--weights ...] [--delta X] [--truce-periods T] --json``. threat: "war" (the Nash war
    among the players from today's policy, or start) or "today"; rule: "nash" (Nash
    bargaining, weights: one per player, default equal) or "equal-gains" (Ossa 2014); delta
    (in [0, 1)) and truce_periods only enter the values in the document. Payoffs V are real
    incomes relative to the baseline (1.01 = +1%). Raises NotConvergedError if the threat
    point's war was not found or the talks did not converge. With draws (a number, or "sets": one draw per published elasticity set) the game
    is played again for every draw of the trade elasticities from the baseline policy, as the
    program's ``--draws`` (docs/strategy.md "Bands"), and ``.bands`` is a :class:`GameBands`;
    draw_options are seed, design, correlation, theta_min, theta_max and theta_se (the
    program's draw options); threads also runs the draws (the bands do not depend on it)."""
    check_draws(draws, start, draw_options)
    idx = _players(model, players, "talks")
    if threat not in ("war", "today"):
        raise ValueError(f"threat: expected war or today, got {threat!r}")
    to = ffi.new("tw_talks_options *")
    lib.tw_talks_options_init(to)
    if lib.tw_talks_rule_parse(rule.encode(), ffi.addressof(to, "rule")) != 0:
        raise ValueError(f"rule: expected nash or equal-gains, got {rule!r}")
    cw = ffi.NULL
    if weights is not None:
        wl = [float(x) for x in weights]
        if len(wl) != len(idx) or not all(x > 0 and math.isfinite(x) for x in wl):
            raise ValueError(f"weights: expected {len(idx)} positive numbers, one per player")
        cw = ffi.new("double[]", wl)
        to.weights = cw
    if not (0 <= delta < 1):
        raise ValueError("delta: a discount factor in [0, 1)")
    if not (0 <= int(truce_periods) == truce_periods <= 100000):
        raise ValueError("truce_periods: a whole number in 0..100000")
    kind = _kind(instrument)
    b = _Bilateral(idx, kind, services, max_rate)
    game = _game(model, threads)
    today = start if start is not None else Policy(model)
    eq, res = _work(model)
    if threat == "war":
        threat_p, war_found = _war_threat(model, game, b, today, eq)
    else:
        threat_p, war_found = Policy(model), False
        lib.tw_policy_copy(threat_p._ptr, today._ptr)
    deal = Policy(model)
    vt, vd = ffi.new("double[]", b.n), ffi.new("double[]", b.n)
    rep = ffi.new("tw_talks_report *")
    err = ffi.new("tw_error *")
    st = lib.tw_game_talks(game, b.ins, b.n, ffi.NULL, to, threat_p._ptr, deal._ptr, eq, vt, vd,
                           rep, err)
    if st != lib.TW_OK:  # the best point found is not a result
        raise error_from_record(st, err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    state = b"no deal improves on the threat point" if rep.no_gain else b"converged"
    status = ffi.new("char[]", state)
    doc = ffi.new("tw_talks_document *")
    _game_doc(doc.game, model, today, deal, res, b, services, kind, status)
    doc.players, doc.n_players, doc.rule = b.ins, b.n, to.rule
    doc.threat_war, doc.threat = int(threat == "war"), threat_p._ptr
    doc.v_threat, doc.v_deal = vt, vd
    doc.delta, doc.truce_periods = delta, int(truce_periods)
    doc.threat_war_found = int(war_found)
    doc.report = rep[0]
    text = _buffer_text(lambda sink, e: lib.tw_json_write_talks(sink, doc, e))
    out = Talks(text, deal, threat_p)
    if draws is not None:
        out.bands = strategy_bands(model, lib.TW_GAME_BANDS_TALKS, b.ins, b.n, services, deal,
                                   res, draws, threads, draw_options, talks=to,
                                   threat_war=threat == "war")
    return out


class Enforcement(Optimum):
    """Self-enforcement of an agreement: ``document``/``json`` as ``tradewar enforce --json``
    (docs/json.md), ``players`` (code, payoff_agree, payoff_deviate, payoff_punish,
    delta_star (NaN: no discount factor below 1 sustains it), holds at delta if given,
    deviation_converged), ``tariffs`` and ``countries`` frames of the agreement, ``policy``
    the agreement's :class:`Policy` and ``punishment`` the war's."""

    def __init__(self, text: str, policy: Policy, punishment: Policy):
        super().__init__(text, policy)
        self.punishment = punishment

    @property
    def players(self) -> pd.DataFrame:
        f = pd.DataFrame(self.document["players"])
        f["delta_star"] = f["delta_star"].astype(float)  # JSON null: NaN
        return f


def enforce(model: Model, players: Sequence[str], *, agreement: str = "today",
            periods: int = 0, delta: Optional[float] = None, instrument: str = "uniform",
            services: bool = False, max_rate: float = 0.0, start: Optional[Policy] = None,
            threads: int = 0, draws: Union[None, int, str] = None,
            **draw_options: Any) -> Enforcement:
    """Is an agreement on the players' (codes; at least two) tariffs on each other
    self-enforcing under punishment by their Nash war (tw_game_enforce), as ``tradewar
    enforce --players A,B [--agreement today|deal|free-trade] [--periods T] [--delta X]
    --json``. agreement: "today" (today's tariffs, or start), "deal" (Nash bargaining from
    the war) or "free-trade" (no tariffs among the players); periods: how long the
    punishment lasts (0: for ever); delta: also say whether it holds at this discount
    factor. V: real income relative to the baseline. Raises NotConvergedError if the war,
    the deal or a deviation did not converge. With draws (a number, or "sets": one draw per published elasticity set) the game
    is played again for every draw of the trade elasticities from the baseline policy, as the
    program's ``--draws`` (docs/strategy.md "Bands"), and ``.bands`` is a :class:`EnforceBands`;
    draw_options are seed, design, correlation, theta_min, theta_max and theta_se (the
    program's draw options); threads also runs the draws (the bands do not depend on it)."""
    check_draws(draws, start, draw_options)
    idx = _players(model, players, "an agreement")
    if agreement not in ("today", "deal", "free-trade"):
        raise ValueError(f"agreement: expected today, deal or free-trade, got {agreement!r}")
    if not (0 <= int(periods) == periods <= 100000):
        raise ValueError("periods: a whole number in 0..100000")
    if delta is not None and not (0 <= delta < 1):
        raise ValueError("delta: a discount factor in [0, 1)")
    kind = _kind(instrument)
    b = _Bilateral(idx, kind, services, max_rate)
    game = _game(model, threads)
    today = start if start is not None else Policy(model)
    eq, res = _work(model)
    war, war_found = _war_threat(model, game, b, today, eq)
    agree = Policy(model)
    err = ffi.new("tw_error *")
    if agreement == "deal":
        vt, vd = ffi.new("double[]", b.n), ffi.new("double[]", b.n)
        check(lib.tw_game_talks(game, b.ins, b.n, ffi.NULL, ffi.NULL, war._ptr, agree._ptr, eq,
                                vt, vd, ffi.NULL, err), err)
    else:
        lib.tw_policy_copy(agree._ptr, today._ptr)
        if agreement == "free-trade":
            t = agree.tariffs
            for p in idx:
                for q in idx:
                    if p != q:
                        t[:, p, q] = 0.0
    out = ffi.new("tw_enforce_result[]", b.n)
    st = lib.tw_game_enforce(game, b.ins, b.n, ffi.NULL, agree._ptr, war._ptr, int(periods),
                             out, err)
    if st != lib.TW_OK:  # a deviation payoff that is only a lower bound is not a result
        raise error_from_record(st, err)
    check(lib.tw_model_solve(model._ptr, lib.tw_game_solver(game), agree._ptr, eq, ffi.NULL,
                             err), err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    status = ffi.new("char[]", b"converged")
    agreement_c = ffi.new("char[]", agreement.encode())
    doc = ffi.new("tw_enforce_document *")
    _game_doc(doc.game, model, today, agree, res, b, services, kind, status)
    doc.players, doc.n_players, doc.agreement = b.players, b.n, agreement_c
    doc.punish_periods = int(periods)
    doc.delta = math.nan if delta is None else delta
    doc.res, doc.converged, doc.war_found = out, 1, int(war_found)
    text = _buffer_text(lambda sink, e: lib.tw_json_write_enforce(sink, doc, e))
    result = Enforcement(text, agree, war)
    if draws is not None:
        result.bands = enforce_bands(model, b.ins, b.n, int(periods), agreement_c, out, draws,
                                     threads, draw_options)
    return result


class Escalation(Optimum):
    """An escalation path: ``document``/``json`` as ``tradewar escalate --json``
    (docs/json.md); ``end`` (fixed point, cap, cycle, round limit); ``rules`` (one row per
    player); ``tariff_path`` (round, date, importer, exporter,
    avg_tariff_goods_import_weighted_pct: each player's average tariff on each other's
    goods, weighted by baseline imports) and ``income_path`` (round, date, code,
    real_income_pct, capped, forgave); ``tariffs`` and ``countries`` at the last round;
    ``policy`` the last round's :class:`Policy`."""

    @property
    def end(self) -> str:
        return self.document["end"]

    @property
    def converged(self) -> bool:
        return bool(self.document["solver"]["complete"])

    @property
    def rules(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["rules"])

    def _path(self, key: str) -> pd.DataFrame:
        rows = [{"round": r["round"], "date": r["date"], **x}
                for r in self.document["rounds"] for x in r[key]]
        return pd.DataFrame(rows)

    @property
    def tariff_path(self) -> pd.DataFrame:
        return self._path("tariffs")

    @property
    def income_path(self) -> pd.DataFrame:
        return self._path("players")


def _per_player(name: str, v: Numbers, n: int) -> List[float]:
    vals = [float(v)] if isinstance(v, numbers.Real) else [float(x) for x in v]
    if len(vals) == 1:
        vals *= n
    if len(vals) != n:
        raise ValueError(f"{name}: expected one value or {n} (one per player), got {len(vals)}")
    return vals


def escalate(model: Model, players: Sequence[str], rules: Union[str, Sequence[str]], *,
             opening: Numbers = 0.0, factor: Numbers = 1.0, cap: Numbers = 0.0,
             forgive: Union[int, Sequence[int]] = 0, rounds: int = 20,
             start_date: str = "2025-01-01", period_days: int = 30,
             instrument: str = "uniform", services: bool = False,
             start: Optional[Policy] = None, threads: int = 0,
             draws: Union[None, int, str] = None, **draw_options: Any) -> Escalation:
    """Rounds in which every player (codes; at least two) moves at once by its rule in
    response to the previous round (tw_game_escalate), as ``tradewar escalate --players A,B
    --rules R [--opening ...] [--factor ...] [--cap ...] [--forgive ...] [--rounds N]
    [--start DATE] [--period-days D] --json``. rules: "hold", "tit-for-tat", "proportional"
    or "best-response" (one for all, or one per player); opening: round 1's addition to the
    player's tariffs on the others' goods (0.1 = 10 points); factor: proportional
    retaliation per point suffered; cap: additions never exceed it (0: no cap); forgive:
    remove all additions after so many rounds without new increases (0: never); each a
    number for all or one per player. Round r >= 1 is dated start_date + (r - 1) *
    period_days. Plays at most rounds rounds from today (or start). Raises
    NotConvergedError if a solve failed. With draws (a number, or "sets": one draw per published elasticity set) the game
    is played again for every draw of the trade elasticities from the baseline policy, as the
    program's ``--draws`` (docs/strategy.md "Bands"), and ``.bands`` is a :class:`EscalateBands`;
    draw_options are seed, design, correlation, theta_min, theta_max and theta_se (the
    program's draw options); threads also runs the draws (the bands do not depend on it)."""
    check_draws(draws, start, draw_options)
    idx = _players(model, players, "an escalation")
    n = len(idx)
    names = [rules] if isinstance(rules, str) else list(rules)
    if len(names) not in (1, n):
        raise ValueError(f"rules: expected 1 or {n} rules, got {len(names)}")
    parsed = []
    for r in names:
        out = ffi.new("tw_rule *")
        if lib.tw_rule_parse(r.encode(), out) != 0:
            raise ValueError(f"rules: unknown rule {r!r} (hold, tit-for-tat, proportional, "
                             f"best-response)")
        parsed.append(out[0])
    op, fa = _per_player("opening", opening, n), _per_player("factor", factor, n)
    ca, fo = _per_player("cap", cap, n), _per_player("forgive", forgive, n)
    if any(c < 0 for c in ca) or any(f < 0 or f != math.floor(f) for f in fo) or \
            not all(o > -1 for o in op):
        raise ValueError("caps and openings must be >= 0 (openings >= -1) and forgive whole "
                         "rounds >= 0")
    if not (1 <= int(rounds) == rounds <= 10000):
        raise ValueError("rounds: a number in 1..10000")
    if not (1 <= int(period_days) == period_days <= 3660):
        raise ValueError("period_days: a number in 1..3660")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", start_date):
        raise ValueError(f"start_date: expected a date YYYY-MM-DD, got {start_date!r}")
    day0 = datetime.date.fromisoformat(start_date)
    kind = _kind(instrument)
    pl = ffi.new("tw_escalation_player[]", n)
    for k, p in enumerate(idx):
        pl[k].country, pl[k].rule = p, parsed[0 if len(parsed) == 1 else k]
        pl[k].factor, pl[k].opening, pl[k].cap = fa[k], op[k], ca[k]
        pl[k].forgive_after, pl[k].kind = int(fo[k]), kind
    b = _Bilateral(idx, kind, services, 0.0)
    game = _game(model, threads)
    today = start if start is not None else Policy(model)
    eq, res = _work(model)
    last = Policy(model)
    pathp = ffi.new("tw_escalation **")
    err = ffi.new("tw_error *")
    st = lib.tw_game_escalate(game, pl, n, int(rounds), today._ptr, last._ptr, eq, pathp, err)
    path = ffi.gc(pathp[0], lib.tw_escalation_free) if pathp[0] != ffi.NULL else None
    if st != lib.TW_OK or path is None:  # a partial path is not a result
        raise error_from_record(st, err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    dates = [ffi.new("char[]", b"today")] + [
        ffi.new("char[]", (day0 + datetime.timedelta(days=(r - 1) * int(period_days)))
                .isoformat().encode()) for r in range(1, path.rounds + 1)]
    cdates = ffi.new("char *[]", dates)
    status = lib.tw_escalation_end_name(path.end)  # a static string
    doc = ffi.new("tw_escalation_document *")
    _game_doc(doc.game, model, today, last, res, b, services, kind, status)
    doc.players, doc.n_players, doc.path, doc.round_dates = pl, n, path, cdates
    text = _buffer_text(lambda sink, e: lib.tw_json_write_escalation(sink, doc, e))
    out = Escalation(text, last)
    if draws is not None:
        out.bands = escalate_bands(model, pl, n, int(rounds), path, cdates, draws, threads,
                                   draw_options)
    return out
