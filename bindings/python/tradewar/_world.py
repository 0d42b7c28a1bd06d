# SPDX-License-Identifier: MIT
"""Worlds: the calibrated baseline data (tradewar/world.h), from a shipped name, a directory
or pandas data frames."""
import math
import os
from typing import Dict, List, Optional, Union

import numpy as np
import pandas as pd

from ._errors import TradewarIOError, check
from ._tradewar_cffi import ffi, lib

try:  # written by the build (CMake or setup.py): where the shipped worlds and scenarios are
    from ._paths import DATA_DIRS, SCENARIO_DIRS
except ImportError:  # pragma: no cover - a copy of the sources without a build
    DATA_DIRS, SCENARIO_DIRS = [], []

PathLike = Union[str, "os.PathLike[str]"]


def _s(p) -> str:
    return ffi.string(p).decode("utf-8", "replace") if p != ffi.NULL else ""


def data_roots() -> List[str]:
    """Where shipped worlds are looked for, in order, as the command line does (docs/cli.md):
    $TRADEWAR_DATA, the source tree's data/ the package was built from, the installed
    share/tradewar, then ./data."""
    roots = [os.environ.get("TRADEWAR_DATA", "")] + list(DATA_DIRS) + ["data"]
    return [r for r in roots if r]


def world_dir(world: PathLike) -> str:
    """The directory of a world given by name (a shipped world: ``"cp1993"``) or directory."""
    world = os.fspath(world)
    if "/" in world or os.path.isdir(world):
        return world
    for root in data_roots():
        d = os.path.join(root, world)
        if os.path.isdir(d):
            return d
    # Neither a directory nor a shipped name: the command line's message (tw_cli_world_dir).
    text = "world: no world named '%s' (shipped: %s; or give a directory)" % (
        world, ", ".join(shipped_worlds()) or "none found")
    raise TradewarIOError(lib.TW_ERR_IO, ffi.string(lib.tw_status_name(lib.TW_ERR_IO)).decode(),
                          None, 0, 0, "world", text[len("world: "):], "tradewar: error: " + text)


def shipped_worlds() -> List[str]:
    """The names of the worlds in the first data root that has any (directories with a
    countries.csv), sorted."""
    for root in data_roots():
        try:
            names = sorted(n for n in os.listdir(root) if not n.startswith(".")
                           and os.path.isfile(os.path.join(root, n, "countries.csv")))
        except OSError:
            continue
        if names:
            return names
    return []


def _horizon(h) -> float:
    if h is None:
        return math.inf
    if isinstance(h, (int, float)):
        return float(h)
    years = ffi.new("double *")
    if lib.tw_horizon_parse(str(h).encode(), years) != 0:
        raise ValueError(f"horizon: expected short, medium, long or years in (0, 1000], "
                         f"got {h!r}")
    return years[0]


class World:
    """A world: countries, sectors, baseline flows, tariffs and input-output shares.

    Create one with :meth:`World.load` (a shipped name or a directory in the format of
    docs/data-format.md) or :meth:`World.from_frames` (pandas data frames). A world is
    read-only and may be shared by any number of models and threads.
    """

    def __init__(self, ptr, source: str, rename: Optional[Dict[str, str]] = None):
        self._ptr = ptr
        self.source = source
        self._rename = rename or {}
        d = lib.tw_world_dims(ptr)
        self.n_countries: int = d.n
        self.n_sectors: int = d.j

    @classmethod
    def load(cls, world: PathLike, *, elasticities: Optional[str] = None,
             horizon: Union[None, str, float] = None,
             share_tolerance: Optional[float] = None) -> "World":
        """Loads a shipped world by name (``"cp1993"``, ``"icio2022"``) or from a directory.

        elasticities names a trade-elasticity set of the world's elasticities.csv (None: the
        theta of sectors.csv); horizon is "short", "medium", "long" (default) or years;
        share_tolerance as ``tw_world_options.share_tolerance``. Raises TradewarError
        (InputError with file, line, column and field for bad content)."""
        d = world_dir(world)
        return cls._load_dir(d, d, elasticities, horizon, share_tolerance, None)

    @staticmethod
    def _options(elasticities, horizon, share_tolerance, keep):
        opts = ffi.new("tw_world_options *")
        lib.tw_world_options_init(opts)
        if elasticities:
            keep.append(ffi.new("char[]", elasticities.encode()))
            opts.elasticities = keep[-1]
        opts.horizon_years = _horizon(horizon)
        if share_tolerance is not None:
            opts.share_tolerance = share_tolerance
        return opts

    @classmethod
    def _load_dir(cls, d, source, elasticities, horizon, share_tolerance, rename):
        keep: list = []
        opts = cls._options(elasticities, horizon, share_tolerance, keep)
        out = ffi.new("tw_world **")
        err = ffi.new("tw_error *")
        st = lib.tw_world_load(os.fspath(d).encode(), opts, out, err)
        check(st, err, rename)
        return cls(ffi.gc(out[0], lib.tw_world_free), source, rename)

    @classmethod
    def from_frames(cls, *, countries: pd.DataFrame, sectors: pd.DataFrame,
                    flows: pd.DataFrame, tariffs: pd.DataFrame, value_added: pd.DataFrame,
                    io: pd.DataFrame, final_demand: pd.DataFrame,
                    meta: Optional[Dict[str, object]] = None,
                    extra: Optional[Dict[str, pd.DataFrame]] = None,
                    elasticities: Optional[str] = None,
                    horizon: Union[None, str, float] = None) -> "World":
        """A world from data frames with the columns of the files of docs/data-format.md:

        * countries: code, name; sectors: code, name, theta, goods;
        * flows: exporter, importer, sector, value; tariffs: importer, exporter, sector, rate;
        * shares: value_added (country, sector, share), io (country, input_sector,
          using_sector, share), final_demand (country, sector, share);
        * meta: the key/value pairs of world.csv (name, year, unit, description);
        * extra: other files of the format by their name without ".csv" (elasticities, ...).

        The frames go to the library as CSV texts in memory (``tw_world_load_texts``: no
        temporary files) and are checked exactly as files are: an error names
        the frame (``<flows>``), the line of the CSV it would be (row k is line k + 2) and
        the column."""
        frames = {"countries": countries, "sectors": sectors, "flows": flows,
                  "tariffs": tariffs, "value_added": value_added, "io": io,
                  "final_demand": final_demand}
        frames.update(extra or {})
        texts = {}
        for name, df in frames.items():
            if not isinstance(df, pd.DataFrame):
                raise TypeError(f"{name}: expected a pandas DataFrame")
            texts[name] = df.to_csv(index=False, float_format="%.17g")
        rename = {}
        if meta:
            texts["world"] = pd.DataFrame({"key": list(meta),
                                           "value": [str(v) for v in meta.values()]}
                                          ).to_csv(index=False)
            rename["<world>"] = "<meta>"
        # In memory (tw_world_load_texts): no temporary files; the library names each text
        # by its stem in angle brackets, as the frames are named here.
        keep: list = []
        opts = cls._options(elasticities, horizon, None, keep)
        names = [ffi.new("char[]", (k + ".csv").encode()) for k in texts]
        data = [ffi.new("char[]", v.encode()) for v in texts.values()]
        lens = ffi.new("size_t[]", [len(v.encode()) for v in texts.values()])
        out = ffi.new("tw_world **")
        err = ffi.new("tw_error *")
        st = lib.tw_world_load_texts(ffi.new("const char *[]", names),
                                     ffi.new("const char *[]", data), lens, len(texts), opts,
                                     out, err)
        check(st, err, rename)
        return cls(ffi.gc(out[0], lib.tw_world_free), "<data frames>", rename)

    # --- metadata ---
    @property
    def name(self) -> str:
        """The world's name (world.csv)."""
        return _s(lib.tw_world_name(self._ptr))

    @property
    def year(self) -> int:
        return lib.tw_world_year(self._ptr)

    @property
    def unit(self) -> str:
        """Unit of money values, e.g. "USD million"."""
        return _s(lib.tw_world_unit(self._ptr))

    @property
    def elasticity_set(self) -> str:
        return _s(lib.tw_world_elasticity_set(self._ptr))

    @property
    def countries(self) -> List[str]:
        """Country codes in the world's order (the index of every array)."""
        return [_s(lib.tw_world_country_code(self._ptr, n)) for n in range(self.n_countries)]

    @property
    def sectors(self) -> List[str]:
        """Sector codes in the world's order."""
        return [_s(lib.tw_world_sector_code(self._ptr, j)) for j in range(self.n_sectors)]

    def country_index(self, code: str) -> int:
        """Index of a country code; KeyError if unknown."""
        k = lib.tw_world_country_index(self._ptr, code.encode())
        if k < 0:
            raise KeyError(f"no country '{code}' in world {self.name}")
        return k

    def sector_index(self, code: str) -> int:
        k = lib.tw_world_sector_index(self._ptr, code.encode())
        if k < 0:
            raise KeyError(f"no sector '{code}' in world {self.name}")
        return k

    @property
    def theta(self) -> np.ndarray:
        """Trade elasticities in force, one per sector."""
        return np.array([lib.tw_world_theta(self._ptr, j) for j in range(self.n_sectors)])

    def _array(self, ptr, shape) -> np.ndarray:
        size = int(np.prod(shape))
        return np.frombuffer(ffi.buffer(ptr, size * 8), dtype=np.float64).reshape(shape).copy()

    @property
    def flows(self) -> np.ndarray:
        """Baseline flows [sector, importer, exporter] at exporter prices (money unit)."""
        return self._array(lib.tw_world_flows(self._ptr),
                           (self.n_sectors, self.n_countries, self.n_countries))

    @property
    def tariffs(self) -> np.ndarray:
        """Baseline tariff rates [sector, importer, exporter] (0.25 = 25%)."""
        return self._array(lib.tw_world_tariffs(self._ptr),
                           (self.n_sectors, self.n_countries, self.n_countries))

    def __repr__(self) -> str:
        return (f"<tradewar.World {self.name}: {self.n_countries} countries x "
                f"{self.n_sectors} sectors, {self.unit}>")
