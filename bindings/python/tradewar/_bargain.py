# SPDX-License-Identifier: MIT
"""Bargaining over export controls (tradewar/bargain.h): ``tradewar bargain``."""
import json
from typing import Any, Dict, Optional, Sequence, Tuple, Union

import pandas as pd

from ._errors import error_from_record
from ._model import Model, Policy, _buffer_text
from ._strategy import _game
from ._tradewar_cffi import ffi, lib

MAX_CONTROLS = 8

Control = Tuple[str, Union[str, Sequence[str]], float]


class Bargain:
    """A bargain over export controls: ``document``/``json`` as ``tradewar bargain --json``
    (docs/json.md "tradewar bargain --json"), ``players``, ``controls`` and ``countries`` data
    frames, ``deal`` the deal's :class:`Policy` and ``disagreement`` the controls in force."""

    def __init__(self, text: str, deal: Policy, disagreement: Policy):
        self.json = text
        self.document: Dict[str, Any] = json.loads(text)
        self.deal = deal
        self.disagreement = disagreement

    @property
    def players(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["players"])

    @property
    def controls(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["controls"])

    @property
    def countries(self) -> pd.DataFrame:
        return pd.DataFrame(self.document["countries"])

    @property
    def converged(self) -> bool:
        return bool(self.document["solver"]["converged"])


def _controls(w, idx, controls: Sequence[Control]):
    """[(exporter, [sectors], share)] as indices, checked as the program checks --control."""
    if not 1 <= len(controls) <= MAX_CONTROLS:
        raise ValueError(f"controls: 1 to {MAX_CONTROLS} (exporter, sectors, share) expected")
    out = []
    for k, c in enumerate(controls):
        try:
            exporter, sectors, share = c
        except (TypeError, ValueError):
            raise ValueError(f"controls[{k}]: expected (exporter, sectors, share), got {c!r}")
        i = w.country_index(exporter)
        if i not in idx:
            raise ValueError(f"controls[{k}]: exporter {exporter} is not a player")
        sectors = [sectors] if isinstance(sectors, str) else list(sectors)
        js = [w.sector_index(s) for s in sectors]
        if not js:
            raise ValueError(f"controls[{k}]: no sectors")
        if len(set(js)) != len(js):
            raise ValueError(f"controls[{k}]: a sector is given twice")
        if not (isinstance(share, (int, float)) and 0.0 < share < 1.0):
            raise ValueError(f"controls[{k}]: share must be a number above 0 and below 1, "
                             f"got {share!r}")
        out.append((i, js, float(share)))
    return out


def bargain(model: Model, players: Sequence[str], controls: Sequence[Control], *,
            weights: Optional[Sequence[float]] = None, grid: int = 3,
            threads: int = 0) -> Bargain:
    """Nash bargaining over export controls (tw_bargain_outcome_run), as ``tradewar bargain --players
    A,B --control EXPORTER:SECTORS:SHARE ... [--weights ...] [--grid N] --json``
    (docs/export-controls.md "The bargain"): each control (exporter, sectors, share) puts
    licence quotas on the exporter's (a player's) sales of those sectors to the other players
    at share (0 < share < 1) of the baseline flow, rent to the exporter: that is the
    disagreement point; the deal keeps a level in [0, 1] of each cut. weights are the players'
    bargaining weights (> 0; default equal), grid (2 to 5) the points per level of the first
    scan. The payoff is real income. A bargain that did not converge raises
    NotConvergedError (never a result); bad arguments raise ValueError (KeyError for an
    unknown code)."""
    w = model.world
    idx = [w.country_index(p) for p in players]
    if len(idx) < 2:
        raise ValueError("players: a bargain needs at least two players")
    if len(set(idx)) != len(idx):
        raise ValueError("players: a country is listed twice")
    ctrl = _controls(w, idx, controls)
    if not (isinstance(grid, int) and 2 <= grid <= 5):
        raise ValueError("grid: a whole number from 2 to 5")
    if weights is not None:
        weights = [float(x) for x in weights]
        if len(weights) != len(idx) or not all(x > 0 for x in weights):
            raise ValueError(f"weights: {len(idx)} numbers > 0 expected")
    np_, nc = len(idx), len(ctrl)
    cplayers = ffi.new("int[]", idx)
    keep = []
    cs = ffi.new("tw_control[]", nc)
    shares = ffi.new("double[]", [s for _, _, s in ctrl])
    for k, (i, js, _) in enumerate(ctrl):
        sec = ffi.new("int[]", js)
        keep.append(sec)
        cs[k].exporter, cs[k].importers, cs[k].n_importers = i, ffi.NULL, 0
        cs[k].sectors, cs[k].n_sectors = sec, len(js)
    game = _game(model, threads)
    err = ffi.new("tw_error *")
    o = ffi.new("tw_bargain_options *")
    lib.tw_bargain_options_init(o)
    cweights = ffi.new("double[]", weights) if weights is not None else ffi.NULL
    o.weights, o.grid = cweights, grid
    out = ffi.new("tw_bargain_outcome **")
    # The library's whole bargain (tw_bargain_outcome_run, as `tradewar bargain`): the controls
    # in force on today's policy, the deal, and every country at both.
    st = lib.tw_bargain_outcome_run(game, ffi.NULL, cplayers, np_, cs, nc, shares, o, out, err)
    if st != lib.TW_OK:  # an unconverged bargain is an error, never a result
        raise error_from_record(st, err)
    outcome = out[0]  # borrows cplayers, cs (and keep), shares and cweights: freed here
    try:
        doc = lib.tw_bargain_outcome_document(outcome)
        text = _buffer_text(lambda sink, e: lib.tw_json_write_bargain(sink, doc, e))
        dis, deal = Policy(model), Policy(model)
        lib.tw_policy_copy(deal._ptr, lib.tw_bargain_outcome_deal(outcome))
        lib.tw_policy_copy(dis._ptr, lib.tw_bargain_outcome_disagreement(outcome))
    finally:
        lib.tw_bargain_outcome_free(outcome)
    return Bargain(text, deal, dis)
