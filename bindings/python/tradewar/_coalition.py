# SPDX-License-Identifier: MIT
"""Wars among coalitions (tradewar/coalition.h): ``tradewar war --coalition NAME=CODES``."""
import re
from typing import Mapping, Optional, Sequence, Union

import pandas as pd

from ._errors import error_from_record, check
from ._model import Model, Policy, _buffer_text, _work
from ._strategy import Optimum, _game
from ._tradewar_cffi import ffi, lib

_NAME = re.compile(r"[A-Za-z0-9_-]{1,31}\Z")


class CoalitionWar(Optimum):
    """A war among coalitions: ``document``/``json`` as ``tradewar war --coalition ... --json``
    (docs/json.md "War among coalitions"), ``coalitions`` (name, members, targets, rate,
    average tariffs, payoff_pct) and ``countries`` data frames, ``policy`` the war's
    :class:`Policy`, ``found`` (a verified Nash equilibrium). It has no ``tariffs`` list: every
    member sets its coalition's ``rate`` on every good of each target."""

    @property
    def coalitions(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["coalitions"])

    @property
    def tariffs(self) -> pd.DataFrame:
        raise AttributeError("a war among coalitions has one level per coalition: see "
                             "coalitions['rate']")

    @property
    def found(self) -> bool:
        return bool(self.document["solver"]["found"])

    @property
    def converged(self) -> bool:
        return bool(self.document["solver"]["converged"])


def _players(w, coalitions: Mapping[str, Sequence[str]],
             players: Union[str, Sequence[str]]):
    """[(name, member indices)] of the coalitions, then the lone players, checked as the
    program checks --coalition and --players."""
    owner = {}
    out = []

    def add(arg, name, idx):
        for i in idx:
            if i in owner:
                raise ValueError(f"{arg}: country '{lib_code(w, i)}' already plays in "
                                 f"{owner[i]}")
        for i in idx:
            owner[i] = name
        out.append((name, idx))

    for name, members in coalitions.items():
        if not isinstance(name, str) or not _NAME.match(name):
            raise ValueError(f"coalitions: a name is 1 to 31 letters, digits, '_' or '-', "
                             f"got {name!r}")
        if isinstance(members, str):
            raise ValueError(f"coalitions[{name!r}]: expected a list of country codes")
        idx = [w.country_index(c) for c in members]
        if not idx:
            raise ValueError(f"coalitions[{name!r}]: expected at least one country code")
        if len(set(idx)) != len(idx):
            raise ValueError(f"coalitions[{name!r}]: a country is listed twice")
        code = lib.tw_world_country_index(w._ptr, name.encode())
        if code >= 0 and idx != [code]:
            raise ValueError(f"coalitions: the name '{name}' is a country's code (only that "
                             f"country alone may have it)")
        add(f"coalitions[{name!r}]", name, idx)
    if isinstance(players, str):
        if players != "all":
            raise ValueError("players: a list of codes, or 'all'")
        lone = [i for i in range(w.n_countries) if i not in owner]
    else:
        lone = [w.country_index(c) for c in players]
        if len(set(lone)) != len(lone):
            raise ValueError("players: a country is listed twice")
    for i in lone:
        add("players", lib_code(w, i), [i])
    if len(out) < 2:
        raise ValueError("a war needs at least two players: another coalition or players")
    return out, owner


def lib_code(w, i: int) -> str:
    return ffi.string(lib.tw_world_country_code(w._ptr, i)).decode()


def coalition_war(model: Model, coalitions: Mapping[str, Sequence[str]],
                  players: Union[str, Sequence[str]] = (), *, among_players: bool = False,
                  services: bool = False, max_rate: float = 0.0,
                  gain_tolerance: Optional[float] = None, start: Optional[Policy] = None,
                  threads: int = 0) -> CoalitionWar:
    """A Nash war among coalitions (tw_game_coalition_war), as ``tradewar war --coalition
    NAME=CODES ... [--players CODES|all] [--among-players] --json``: each coalition (a name
    and its members' codes) sets one tariff level on every good (and service, with services)
    of its targets, every non-member or with among_players the other players' members, and
    maximises its members' payoffs weighted by baseline spending (docs/strategy.md §4b); the
    countries of players ("all": every country in no coalition) play alone. max_rate bounds
    the levels (0: the library's 2 = 200%). A war that was not found and verified is returned
    with ``found`` False, as the program prints it; a failure before any equilibrium raises.
    Bad arguments raise ValueError (KeyError for an unknown code) naming the argument."""
    w = model.world
    plist, owner = _players(w, coalitions, players)
    n = w.n_countries
    keep = []  # the cdata the coalitions borrow
    cs = ffi.new("tw_coalition[]", len(plist))
    for k, (name, idx) in enumerate(plist):
        mem = ffi.new("int[]", idx)
        tgt = [i for i in range(n) if i in owner and owner[i] != name]
        tarr = ffi.new("int[]", tgt or [0])
        keep += [mem, tarr]
        cs[k].members, cs[k].n_members = mem, len(idx)
        cs[k].targets = tarr if among_players else ffi.NULL
        cs[k].n_targets = len(tgt) if among_players else 0
        cs[k].services, cs[k].lower, cs[k].upper = int(services), 0.0, max_rate
    wo = ffi.new("tw_war_options *")
    lib.tw_war_options_init(wo)
    if gain_tolerance is not None:
        if not gain_tolerance > 0:
            raise ValueError("gain_tolerance: a positive number")
        wo.gain_tolerance = gain_tolerance
    game = _game(model, threads)
    today = start if start is not None else Policy(model)
    chosen = Policy(model)
    eq, res = _work(model)
    np_ = len(plist)
    rates = ffi.new("double[]", np_)
    payoffs = ffi.new("double[]", np_)
    rep = ffi.new("tw_war_report *")
    err = ffi.new("tw_error *")
    st = lib.tw_game_coalition_war(game, cs, np_, wo, today._ptr, chosen._ptr, eq, rates, rep,
                                   err)
    if st != lib.TW_OK and not lib.tw_equilibrium_solved(eq):
        raise error_from_record(st, err)
    check(lib.tw_results_compute(model._ptr, eq, res))
    for k in range(np_):
        payoffs[k] = lib.tw_coalition_payoff(model._ptr, eq, ffi.addressof(cs, k))
    state = (b"interrupted" if rep.cancelled else b"Nash equilibrium found" if rep.found
             else b"converged but not verified: not an equilibrium" if rep.converged
             else b"not converged")
    status = ffi.new("char[]", state)
    cnames = [ffi.new("char[]", name.encode()) for name, _ in plist]
    names = ffi.new("const char *[]", cnames)
    doc = ffi.new("tw_coalition_war_document *")
    g = doc.game
    g.model, g.today, g.chosen, g.results = model._ptr, today._ptr, chosen._ptr, res
    g.importers, g.n_importers, g.partners, g.n_partners = ffi.NULL, 0, ffi.NULL, 0
    g.services, g.instrument, g.status, g.interrupted = (int(services),
                                                         lib.TW_INSTRUMENT_UNIFORM, status, 0)
    doc.coalitions, doc.names, doc.n_coalitions = cs, names, np_
    doc.among_players, doc.rates, doc.payoffs = int(among_players), rates, payoffs
    doc.gain_tolerance = wo.gain_tolerance if wo.gain_tolerance > 0 else 1e-7
    doc.report = rep[0]
    text = _buffer_text(lambda sink, e: lib.tw_json_write_coalition_war(sink, doc, e))
    return CoalitionWar(text, chosen)
