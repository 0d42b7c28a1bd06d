# SPDX-License-Identifier: MIT
"""tradewar: the Caliendo-Parro trade-war simulator's C library from Python.

    import tradewar
    w = tradewar.World.load("cp1993")
    m = tradewar.Model(w, deficits="zero")
    r = m.solve(shock="data/cp1993/nafta_2005.csv")
    r.countries          # a pandas data frame: code, real_income_pct, tot_pct, ...

See docs/python.md. Every number comes from the C library (libtradewar), the same code and
JSON writers as the command line.
"""
from ._errors import (CancelledError, InputError, NotConvergedError, NumericError,
                      TradewarError, TradewarIOError, UsageError)
from ._bands import BriefBands, RunBands
from ._draws import Bands
from ._game_bands import EnforceBands, EscalateBands, GameBands
from ._model import Model, Policy, Result
from ._scenario import Brief, Scenario, Timeline
from ._strategy import Optimum, War, optimal, war
from ._games import Enforcement, Escalation, Talks, enforce, escalate, talks
from ._coalition import CoalitionWar, coalition_war
from ._bargain import Bargain, bargain
from ._world import World, shipped_worlds

__all__ = ["World", "Model", "Policy", "Result", "TradewarError", "InputError",
           "TradewarIOError", "NotConvergedError", "NumericError", "UsageError",
           "CancelledError", "shipped_worlds", "Scenario", "Timeline", "Brief",
           "optimal", "Optimum", "war", "War", "Bands", "talks", "Talks",
           "enforce", "Enforcement", "escalate", "Escalation", "RunBands", "BriefBands",
           "GameBands", "EscalateBands", "EnforceBands", "coalition_war", "CoalitionWar",
           "bargain", "Bargain"]
