# SPDX-License-Identifier: MIT
"""Models, policies and solves (tradewar/model.h, tradewar/shock.h), with results as pandas
data frames whose columns are the solve document's field names (docs/json.md)."""
import json
import os
import threading
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

import numpy as np
import pandas as pd

from ._errors import check, warnings_list
from ._tradewar_cffi import ffi, lib
from ._world import World

ArrayLike = Union[np.ndarray, Sequence[float]]
ShockLike = Union[str, "os.PathLike[str]", pd.DataFrame, None]


def _owned(ptr, free, parent):
    """ptr freed by free() when collected, keeping parent (the cdata it borrows) alive until
    then: the library frees children before their model."""
    return ffi.gc(ptr, lambda p, _keep=parent: free(p))


def _work(model: "Model"):
    """A new equilibrium and results of model (what a strategy call fills in)."""
    eq = _owned(lib.tw_equilibrium_create(model._ptr), lib.tw_equilibrium_free, model._ptr)
    res = _owned(lib.tw_results_create(model._ptr), lib.tw_results_free, model._ptr)
    if ffi.NULL in (eq, res):
        raise MemoryError("tradewar: out of memory")
    return eq, res


def _closure(name: str) -> int:
    out = ffi.new("tw_deficit_closure *")
    if lib.tw_deficit_closure_parse(name.encode(), out) != 0:
        raise ValueError(f"deficits: expected fixed, zero or proportional, got {name!r}")
    return out[0]


def _buffer_text(write) -> str:
    """Runs write(sink, err) on a memory buffer and returns the text written."""
    buf = ffi.new("tw_buffer *")
    lib.tw_buffer_init(buf)
    err = ffi.new("tw_error *")
    try:
        sink = ffi.new("tw_sink *")
        sink.file = ffi.NULL
        sink.buffer = buf
        check(write(sink[0], err), err)
        return ffi.string(buf.data, buf.len).decode("utf-8") if buf.len else ""
    finally:
        lib.tw_buffer_release(buf)


def _report(rep) -> Dict[str, Any]:
    return {"converged": bool(rep.converged), "iterations": rep.iterations,
            "residual": rep.residual, "seconds": rep.seconds, "restarts": rep.restarts,
            "steps": rep.steps, "newton": rep.newton}


class Policy:
    """A policy state of a model: every instrument as an array [sector, importer, exporter].

    ``tariffs`` (levels, 0.25 = 25%), ``iceberg_hat`` (trade-cost changes against the
    baseline, ``inf`` an embargo) and ``export_taxes`` are numpy views of the library's
    arrays: assigning into them changes the policy. :meth:`apply` applies shock rows."""

    def __init__(self, model: "Model"):
        self.model = model
        out = ffi.new("tw_policy **")
        st = lib.tw_policy_create(model._ptr, out)
        check(st)
        self._ptr = _owned(out[0], lib.tw_policy_free, model._ptr)
        self._warn = ffi.gc(lib.tw_warnings_create(), lib.tw_warnings_free)
        if self._warn == ffi.NULL:
            raise MemoryError("tradewar: out of memory")
        self.shock_name = "(none)"

    def _view(self, ptr) -> np.ndarray:
        w = self.model.world
        shape = (w.n_sectors, w.n_countries, w.n_countries)
        size = w.n_sectors * w.n_countries * w.n_countries * 8
        return np.frombuffer(ffi.buffer(ptr, size), dtype=np.float64).reshape(shape)

    @property
    def tariffs(self) -> np.ndarray:
        """Tariff levels [sector, importer, exporter] (0.25 = 25%): a writable view."""
        return self._view(lib.tw_policy_tariffs(self._ptr))

    @property
    def iceberg_hat(self) -> np.ndarray:
        """Trade-cost changes against the baseline (inf: an embargo): a writable view."""
        return self._view(lib.tw_policy_iceberg_hat(self._ptr))

    @property
    def export_taxes(self) -> np.ndarray:
        """Export-tax levels [sector, importer, exporter]: a writable view."""
        return self._view(lib.tw_policy_export_taxes(self._ptr))

    def apply(self, shock: ShockLike, name: Optional[str] = None) -> "Policy":
        """Applies a shock: the path of a shock file (docs/cli.md, "Shock files") or a data
        frame with its columns (importer, exporter, sector, tariff and optionally tariff_add,
        iceberg_hat; strings such as "25%" or "inf" allowed). Errors carry the file (or the
        frame's name, ``<shock>`` by default), line, column and field; for a frame, row k is
        line k + 2. Returns self."""
        m = self.model._ptr
        err = ffi.new("tw_error *")
        if isinstance(shock, pd.DataFrame):
            name = name or "<shock>"
            text = shock.to_csv(index=False, float_format="%.17g", na_rep="").encode()
            check(lib.tw_shock_apply_buffer(m, self._ptr, name.encode(), text, len(text), err),
                  err)
        else:
            path = os.fspath(shock)
            name = name or path
            st = lib.tw_shock_apply_file_warn(m, self._ptr, path.encode(), self._warn, err)
            check(st, err)
        self.shock_name = name
        return self

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """What applying shock files accepted but looks like a mistake (a bare rate of 10)."""
        return warnings_list(self._warn)

    def validate(self) -> None:
        """Checks every entry (tw_policy_validate); raises InputError naming the entry."""
        err = ffi.new("tw_error *")
        check(lib.tw_policy_validate(self.model._ptr, self._ptr, err), err)


class Model:
    """A Caliendo-Parro model of a world, its baseline solved once at creation.

    deficits is "fixed" (default), "zero" or "proportional" (docs/model.md §4); tolerance and
    max_iterations set the solver (defaults of tw_solver_options_init); input_elasticities
    is a list of (input, using_sector, sigma) with sector codes or "*" (as
    ``--input-elasticity``), critical_elasticity sets every input nest's sigma (as
    ``--critical-elasticity``); theta overrides the trade elasticities (one per sector).

    A model is immutable: threads may solve on one model at once (each thread gets a solver
    of its own), and the GIL is released while the library solves.
    """

    def __init__(self, world: World, deficits: str = "fixed", *,
                 tolerance: Optional[float] = None, max_iterations: Optional[int] = None,
                 input_elasticities: Sequence[Tuple[str, str, float]] = (),
                 critical_elasticity: Optional[float] = None,
                 theta: Optional[ArrayLike] = None, memory_limit: Optional[float] = None):
        self.world = world
        self.deficits = deficits
        o = ffi.new("tw_model_options *")
        lib.tw_model_options_init(o)
        o.deficits = _closure(deficits)
        if tolerance is not None:
            o.solver.tolerance = tolerance
        if max_iterations is not None:
            o.solver.max_iterations = max_iterations
        if memory_limit is not None:
            o.memory_limit = memory_limit
        rules = []
        if critical_elasticity is not None:
            rules.append((lib.TW_NEST_MEMBERS, lib.TW_ALL_SECTORS, float(critical_elasticity)))
        for inp, use, sigma in input_elasticities:
            k = lib.TW_ALL_SECTORS if inp == "*" else world.sector_index(inp)
            j = lib.TW_ALL_SECTORS if use == "*" else world.sector_index(use)
            rules.append((k, j, float(sigma)))
        crules = ffi.new("tw_input_elasticity[]", max(len(rules), 1))
        for r, (k, j, sigma) in enumerate(rules):
            crules[r].input, crules[r].using_sector, crules[r].elasticity = k, j, sigma
        o.input_elasticities = crules
        o.input_elasticity_count = len(rules)
        th = None
        if theta is not None:
            th = np.ascontiguousarray(theta, dtype=np.float64)
            if th.shape != (world.n_sectors,):
                raise ValueError(f"theta: expected {world.n_sectors} values, got {th.shape}")
            o.theta = ffi.cast("const double *", ffi.from_buffer(th))
        out = ffi.new("tw_model **")
        err = ffi.new("tw_error *")
        st = lib.tw_model_create(world._ptr, o, out, err)
        check(st, err)
        self._ptr = _owned(out[0], lib.tw_model_free, world._ptr)
        self._options, self._rules = o, crules  # kept for draws (tw_draws_run)
        self._local = threading.local()

    def _solver(self):
        """This thread's solver (a solver is not safe for concurrent use)."""
        s = getattr(self._local, "solver", None)
        if s is None:
            out = ffi.new("tw_solver **")
            err = ffi.new("tw_error *")
            check(lib.tw_solver_create(self._ptr, ffi.NULL, out, err), err)
            s = self._local.solver = _owned(out[0], lib.tw_solver_free, self._ptr)
        return s

    @property
    def baseline_report(self) -> Dict[str, Any]:
        """The baseline solve's report: converged, iterations, residual, seconds, ..."""
        return _report(lib.tw_model_baseline_report(self._ptr))

    def policy(self, shock: ShockLike = None) -> Policy:
        """Today's policy of the world (its tariffs), with shock applied if given."""
        p = Policy(self)
        if shock is not None:
            p.apply(shock)
        return p

    def solve(self, shock: ShockLike = None, *, policy: Optional[Policy] = None,
              tariffs: Optional[ArrayLike] = None, iceberg_hat: Optional[ArrayLike] = None,
              export_taxes: Optional[ArrayLike] = None,
              shock_name: Optional[str] = None) -> "Result":
        """Solves the counterfactual equilibrium and returns its :class:`Result`.

        The policy is today's, or ``policy``, changed by ``shock`` (a shock file's path or a
        data frame of shock rows, see :meth:`Policy.apply`) and then by whole arrays
        [sector, importer, exporter]: ``tariffs`` (levels), ``iceberg_hat``,
        ``export_taxes``. Raises InputError for bad input (with file, line, column, field),
        NotConvergedError (with the residual) if the solver does not converge. The GIL is
        released during the solve."""
        p = Policy(self)
        if policy is not None:
            if policy.model is not self:
                raise ValueError("policy: made by another model")
            lib.tw_policy_copy(p._ptr, policy._ptr)
            check(lib.tw_warnings_append(p._warn, policy._warn))
            p.shock_name = policy.shock_name
        if shock is not None:
            p.apply(shock, shock_name)
        for name, arr in (("tariffs", tariffs), ("iceberg_hat", iceberg_hat),
                          ("export_taxes", export_taxes)):
            if arr is not None:
                view = getattr(p, name)
                a = np.asarray(arr, dtype=np.float64)
                if a.shape != view.shape:
                    raise ValueError(f"{name}: expected shape {view.shape}, got {a.shape}")
                view[...] = a
                if shock is None and policy is None and shock_name is None:
                    p.shock_name = "(arrays)"
        if shock_name is not None:
            p.shock_name = shock_name
        if tariffs is not None or iceberg_hat is not None or export_taxes is not None:
            p.validate()
        return self._solve_policy(p)

    def draws(self, shock: Union[str, "os.PathLike[str]"], *, draws: int = 200, seed: int = 1,
              source: str = "estimates", design: str = "latin", correlation: float = 0.0,
              theta_min: Optional[float] = None, theta_max: Optional[float] = None,
              theta_se: Optional[str] = None, threads: int = 0) -> "Bands":
        """Uncertainty bands of the solve of a shock file under draws of the trade
        elasticities (docs/uncertainty.md), as ``tradewar solve --draws N --json`` gives in
        "uncertainty": source "estimates" (normal draws from the standard errors in the
        world's theta_se.csv, or the file theta_se) or "sets" (one draw per published set);
        design "latin" or "random"; seed, correlation, theta_min, theta_max as the
        program's options; threads 0 for every core. The GIL is released while the draws
        run. Raises as :meth:`solve`; failed draws are counted in ``failed``."""
        from ._draws import run_draws
        return run_draws(self, os.fspath(shock), draws=draws, seed=seed, source=source,
                         design=design, correlation=correlation, theta_min=theta_min,
                         theta_max=theta_max, theta_se=theta_se, threads=threads)

    def _solve_policy(self, p: Policy) -> "Result":
        eq = lib.tw_equilibrium_create(self._ptr)
        if eq == ffi.NULL:
            raise MemoryError("tradewar: out of memory")
        eq = _owned(eq, lib.tw_equilibrium_free, self._ptr)
        res = lib.tw_results_create(self._ptr)
        if res == ffi.NULL:
            raise MemoryError("tradewar: out of memory")
        res = _owned(res, lib.tw_results_free, self._ptr)
        rep = ffi.new("tw_solver_report *")
        err = ffi.new("tw_error *")
        st = lib.tw_model_solve(self._ptr, self._solver(), p._ptr, eq, rep, err)
        check(st, err)
        check(lib.tw_results_compute(self._ptr, eq, res))
        warn = ffi.gc(lib.tw_warnings_create(), lib.tw_warnings_free)
        if warn == ffi.NULL:
            raise MemoryError("tradewar: out of memory")
        check(lib.tw_warnings_append(warn, p._warn))  # the shock's first, as the CLI lists
        for n in range(self.world.n_countries):
            check(lib.tw_results_warn(self.world._ptr, res, n, ffi.NULL, warn, ffi.NULL))
        return Result(self, p, eq, res, rep, warn)


class Result:
    """A solved counterfactual against the model's baseline.

    ``countries``, ``trade`` and ``output`` are data frames with the columns of the solve
    document (docs/json.md: ``code``, ``real_income_pct``, ``tot_pct``, ...), the numbers
    those the command line prints with ``tradewar solve --json``; ``document`` is that
    document as a dict and ``json`` its text. Numpy arrays at full precision: ``real_income_pct``
    [country], ``trade_baseline``, ``trade_counterfactual`` [importer, exporter],
    ``output_baseline``, ``output_counterfactual``, ``sector_price_hat`` [country, sector].
    """

    def __init__(self, model: Model, policy: Policy, eq, res, rep, warn):
        self.model = model
        self.policy = policy
        self._eq, self._res, self._warn = eq, res, warn
        self._rep = ffi.new("tw_solver_report *", rep[0])
        self._doc: Optional[Dict[str, Any]] = None
        self._json: Optional[str] = None
        self._lock = threading.Lock()

    @property
    def json(self) -> str:
        """The solve document (docs/json.md), as ``tradewar solve --json`` prints it."""
        with self._lock:
            if self._json is None:
                self._json = self._write_json()
        return self._json

    def _write_json(self) -> str:
        m = self.model
        name = ffi.new("char[]", self.policy.shock_name.encode())
        doc = ffi.new("tw_solve_document *")
        doc.model = m._ptr
        doc.results = self._res
        doc.shock = name
        doc.baseline = lib.tw_model_baseline_report(m._ptr)
        doc.solver = self._rep[0]
        doc.equilibrium = self._eq
        doc.warnings = self._warn
        return _buffer_text(lambda sink, err: lib.tw_json_write_solve(sink, doc, err))

    @property
    def document(self) -> Dict[str, Any]:
        """The solve document as a dict (numbers read back to the same doubles)."""
        if self._doc is None:
            self._doc = json.loads(self.json)
        return self._doc

    @property
    def countries(self) -> pd.DataFrame:
        """One row per country: the solve document's ``countries`` fields."""
        return pd.DataFrame(self.document["countries"])

    @property
    def trade(self) -> pd.DataFrame:
        """One row per ordered pair of different countries: the ``trade`` fields."""
        return pd.DataFrame(self.document["trade"])

    @property
    def output(self) -> pd.DataFrame:
        """One row per country and sector: the ``output`` fields."""
        return pd.DataFrame(self.document["output"])

    @property
    def world_real_income_pct(self) -> float:
        """Income-weighted mean of the countries' real-income changes, %."""
        return self._res.world_real_income_pct

    @property
    def report(self) -> Dict[str, Any]:
        """The counterfactual solve's report (converged, iterations, residual, seconds)."""
        return _report(self._rep[0])

    @property
    def warnings(self) -> List[Dict[str, Any]]:
        """Warnings (docs/json.md "warnings"): the shock's, then the results'."""
        return warnings_list(self._warn)

    def _nn(self, ptr) -> np.ndarray:
        n = self.model.world.n_countries
        return np.frombuffer(ffi.buffer(ptr, n * n * 8), dtype=np.float64).reshape(n, n).copy()

    def _nj(self, ptr) -> np.ndarray:
        w = self.model.world
        size = w.n_countries * w.n_sectors * 8
        return np.frombuffer(ffi.buffer(ptr, size), dtype=np.float64).reshape(
            w.n_countries, w.n_sectors).copy()

    def country_array(self, field: str) -> np.ndarray:
        """A field of tw_country_result for every country (``"real_income_pct"``,
        ``"tot_pct"``, ``"wage_hat"``, ``"income_base"``, ...), in the world's order."""
        c = self._res.country
        return np.array([getattr(c[n], field) for n in range(self.model.world.n_countries)])

    @property
    def real_income_pct(self) -> np.ndarray:
        """Exact change in real income I/P by country, %."""
        return self.country_array("real_income_pct")

    @property
    def trade_baseline(self) -> np.ndarray:
        return self._nn(self._res.trade_base)

    @property
    def trade_counterfactual(self) -> np.ndarray:
        return self._nn(self._res.trade)

    @property
    def output_baseline(self) -> np.ndarray:
        return self._nj(self._res.output_base)

    @property
    def output_counterfactual(self) -> np.ndarray:
        return self._nj(self._res.output)

    @property
    def sector_price_hat(self) -> np.ndarray:
        return self._nj(self._res.sector_price_hat)

    def __repr__(self) -> str:
        return (f"<tradewar.Result {self.policy.shock_name} on {self.model.world.name}: "
                f"world real income {self.world_real_income_pct:+.3f}%>")
