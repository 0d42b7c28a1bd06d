# SPDX-License-Identifier: MIT
"""Uncertainty bands (tradewar/draws.h, tradewar/solve_draws.h): a shock solved for every
draw of the trade elasticities, its results' 5th, 50th and 95th percentiles."""
from typing import Any, Dict, List, Optional

import pandas as pd

from ._bands import make_draws
from ._errors import check
from ._tradewar_cffi import ffi, lib


class Bands:
    """The bands of a solve under draws: ``countries`` (code, field, point, p5, p50, p95;
    the fields of docs/json.md "Bands": real_income_pct, tot_pct, ..., in %), ``world``
    (the world's real income band), ``trade`` (exporter, importer and the band of the change
    in their trade, %), ``failed``/``failed_share`` and ``failures`` (draw, status,
    message)."""

    def __init__(self, countries, world, trade, failed, failed_share, failures, n_draws):
        self.countries: pd.DataFrame = countries
        self.world: Dict[str, float] = world
        self.trade: pd.DataFrame = trade
        self.failed: int = failed
        self.failed_share: float = failed_share
        self.failures: List[Dict[str, Any]] = failures
        self.draws: int = n_draws


def _band(b) -> Dict[str, float]:
    return {"point": b.point, "p5": b.p5, "p50": b.p50, "p95": b.p95}


def run_draws(model, shock: str, *, draws: int, seed: int, source: str, design: str,
              correlation: float, theta_min: Optional[float], theta_max: Optional[float],
              theta_se: Optional[str], threads: int) -> Bands:
    w = model.world
    if source not in ("estimates", "sets"):
        raise ValueError("source: estimates or sets; design: latin or random")
    d = make_draws(w, w.source, draws if source == "estimates" else "sets", seed=seed,
                   design=design, correlation=correlation, theta_min=theta_min,
                   theta_max=theta_max, theta_se=theta_se, threads=threads)
    err = ffi.new("tw_error *")
    point = model.solve(shock=shock)
    dims = lib.tw_world_dims(w._ptr)
    n_out = lib.tw_solve_draws_outputs(dims)
    pt = ffi.new("double[]", n_out)
    lib.tw_solve_draws_values(point._res, pt)
    cshock = ffi.new("char[]", shock.encode())
    st = lib.tw_draws_run(d, w._ptr, model._options, n_out, pt,
                          ffi.addressof(lib, "tw_solve_draws_eval"), cshock, err)
    check(st, err)
    codes = w.countries
    rows = []
    for n, code in enumerate(codes):
        for f in range(lib.TW_SOLVE_DRAWS_FIELDS):
            b = lib.tw_draws_band(d, lib.tw_solve_draws_country(dims, f, n))
            rows.append({"code": code,
                         "field": ffi.string(lib.tw_solve_draws_field_name(f)).decode(),
                         **_band(b)})
    trade = []
    for n, imp in enumerate(codes):
        for i, exp in enumerate(codes):
            if i != n:
                b = lib.tw_draws_band(d, lib.tw_solve_draws_trade(dims, n, i))
                trade.append({"exporter": exp, "importer": imp, **_band(b)})
    failures = []
    for k in range(d.n_draws):
        if d.status[k] != lib.TW_OK:
            msg = d.message[k]
            failures.append({"draw": k + 1, "status": ffi.string(
                lib.tw_status_name(d.status[k])).decode(),
                "message": ffi.string(msg).decode() if msg != ffi.NULL else ""})
    return Bands(pd.DataFrame(rows), _band(lib.tw_draws_band(d, lib.tw_solve_draws_world(dims))),
                 pd.DataFrame(trade), d.n_failed, lib.tw_draws_failed_share(d), failures,
                 d.n_draws)
