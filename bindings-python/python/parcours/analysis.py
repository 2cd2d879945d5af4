"""Territory analysis: coverage of origins, and what changes between two versions of a network.

The analyses run in the Rust core (``parcours::analysis``); this module reads frames and gives
the core's reports a Python shape:

* :meth:`Engine.coverage` returns a :class:`Coverage`: per origin (a commune, a site), where its
  patients would go and how far (``.rows``: the input frame with result columns), and the
  population within given distances (``.bands``), beyond the threshold and with no route.
* :meth:`Network.apply_changes` builds a what-if network; :func:`diff` routes the same cases on
  two engines and returns a :class:`Diff`: the cases whose target changed (``.changed``) and
  their counts by (old target, new target) (``.groups``).

Frames come back in the flavour that came in (pandas, polars or pyarrow; a pyarrow Table for
other Arrow streams; pandas for a list of case dicts). Needs pyarrow.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from parcours._batch import (
    _attach,
    _column,
    _flavour,
    _frame_error,
    _number,
    _prepare,
    _pyarrow,
    _stamp,
    _text,
    _to_table,
)

if TYPE_CHECKING:
    import datetime

    from parcours._core import Engine
    from parcours.types import Fingerprint

__all__ = [
    "BAND_COLUMNS",
    "CHANGED_COLUMNS",
    "COVERAGE_COLUMNS",
    "GROUP_COLUMNS",
    "ORIGIN_COLUMNS",
    "Coverage",
    "Diff",
    "coverage",
    "diff",
]

F = TypeVar("F")

ORIGIN_COLUMNS = ("id", "name", "origin", "commune", "lat", "lon", "population")
"""Columns ``Engine.coverage`` reads (others are kept, untouched)."""
COVERAGE_COLUMNS = (
    "target",
    "target_name",
    "entry",
    "step",
    "reason",
    "distance_km",
    "minutes",
    "beyond_threshold",
    "population_used",
    "outcome",
)
"""Columns ``Coverage.rows`` adds to the origins (replacing input columns of the same name)."""
BAND_COLUMNS = ("within", "population", "share")
CHANGED_COLUMNS = ("index", "id", "from", "to", "from_km", "to_km")
GROUP_COLUMNS = ("from", "to", "count", "mean_delta_km")

_TEXT_RESULTS = ("target", "target_name", "entry", "step", "reason", "outcome")
_FLOAT_RESULTS = ("distance_km", "minutes", "population_used")


class Coverage(Generic[F]):
    """Where the patients of each origin would go and how far (:meth:`Engine.coverage`).

    ``rows`` is the origins frame with ``target``, ``target_name``, ``entry`` (where an origin
    that is not a site enters the network), ``distance_km``, ``minutes`` (with a travel
    matrix), ``beyond_threshold``, ``population_used`` and ``outcome`` (``routed``,
    ``no_route``, ``invalid``) appended; ``bands`` has one row per
    distance of the query: ``within``, ``population`` within it and its ``share`` (0 to 1) of
    the total. ``population`` is the total, ``beyond_threshold`` the population beyond the
    threshold or with no route, ``no_route`` the population with no route at all (invalid
    origins included). ``query`` is the query as the core ran it, defaults filled in.
    ``fingerprint`` names the network (and travel matrix) of the engine, as ``rows`` does in
    its metadata (see ``Engine.route_batch``).
    """

    fingerprint: Fingerprint
    rows: F
    bands: F
    population: float
    beyond_threshold: float
    no_route: float
    query: dict[str, Any]

    def __init__(
        self,
        rows: F,
        bands: F,
        totals: tuple[float, float, float],
        query: dict[str, Any],
        band_values: list[tuple[float, float, float]],
    ) -> None:
        self.rows = rows
        self.bands = bands
        self.population, self.beyond_threshold, self.no_route = totals
        self.query = query
        self._bands = band_values

    def __repr__(self) -> str:
        q = self.query
        level = f" ({q['level']})" if q.get("level") else ""
        return (
            f"<parcours.Coverage {q['filiere']}{level} at {q['date']}: {len(self.rows)} origins, "  # type: ignore[arg-type]
            f"population {self.population:,.0f}, beyond {q['threshold']:g}: "
            f"{self.beyond_threshold:,.0f}, no route: {self.no_route:,.0f}>"
        )

    def _repr_html_(self) -> str:
        q = self.query
        rows = "".join(
            f"<tr><td>within {within:g}</td><td>{pop:,.0f}</td><td>{share:.1%}</td></tr>"
            for within, pop, share in self._bands
        )
        rows += (
            f"<tr><td>beyond {q['threshold']:g} or no route</td>"
            f"<td>{self.beyond_threshold:,.0f}</td><td></td></tr>"
            f"<tr><td>no route</td><td>{self.no_route:,.0f}</td><td></td></tr>"
            f"<tr><td><b>total</b></td><td><b>{self.population:,.0f}</b></td><td></td></tr>"
        )
        level = f" ({q['level']})" if q.get("level") else ""
        return (
            f"<table class=\"parcours-coverage\"><caption>coverage <b>{html.escape(q['filiere'])}"
            f"{html.escape(level)}</b> at {html.escape(q['date'])}, {len(self.rows)} origins"  # type: ignore[arg-type]
            "</caption><thead><tr><th style=\"text-align:left\">distance</th><th>population</th>"
            f"<th>share</th></tr></thead><tbody>{rows}</tbody></table>"
        )


class Diff(Generic[F]):
    """What changes between two engines for the same cases (:func:`diff`).

    ``total`` is the number of cases compared; ``changed`` has one row per case whose target
    (or outcome) changed, in input order: ``index`` (position in the input), ``id``, ``from``
    and ``to`` (targets, null for no route), ``from_km`` and ``to_km``; ``groups`` counts them
    by (``from``, ``to``), largest first, with ``mean_delta_km`` (after minus before, over the
    cases routed both times). ``fingerprint_before`` and ``fingerprint_after`` name the two
    networks (``Engine.fingerprint()``).
    """

    fingerprint_before: Fingerprint
    fingerprint_after: Fingerprint
    total: int
    changed: F
    groups: F

    def __init__(self, total: int, changed: F, groups: F, group_values: dict[str, list[Any]]) -> None:
        self.total = total
        self.changed = changed
        self.groups = groups
        self._groups = group_values

    def __repr__(self) -> str:
        n = len(self.changed)  # type: ignore[arg-type]
        k = len(self._groups["count"])
        return (
            f"<parcours.Diff: {n} of {self.total} cases change target, "
            f"{k} group{'' if k == 1 else 's'}>"
        )

    def _repr_html_(self) -> str:
        g = self._groups

        def name(t: str | None) -> str:
            return html.escape(t) if t is not None else "<i>no route</i>"

        def km(d: float | None) -> str:
            return f"{d:+.1f}" if d is not None else ""

        rows = "".join(
            f"<tr><td>{name(f)}</td><td>{name(t)}</td><td>{c:,}</td><td>{km(d)}</td></tr>"
            for f, t, c, d in zip(g["from"], g["to"], g["count"], g["mean_delta_km"], strict=True)
        )
        return (
            f"<table class=\"parcours-diff\"><caption>{html.escape(repr(self))}</caption>"
            "<thead><tr><th>from</th><th>to</th><th>cases</th><th>mean Δ km</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )


def _names(frame: Any, flavour: str) -> list[str]:
    if flavour in ("pandas", "polars"):
        return [str(c) for c in frame.columns]
    return list(frame.schema.names)


def _small_frame(flavour: str, columns: dict[str, Any], pa: Any) -> Any:
    """A frame of the flavour from pyarrow arrays."""
    table = pa.table(columns)
    if flavour == "pandas":
        return table.to_pandas()
    if flavour == "polars":
        import polars as pl

        return pl.from_arrow(table)
    return table


def _coverage_rows(frame: Any, flavour: str, raw: dict[str, Any], n: int, pa: Any) -> Any:
    """The origins frame with the result columns appended (categorical text, as route_batch)."""
    if flavour == "pandas":
        import numpy as np
        import pandas as pd

        out = frame.copy(deep=False)
        for name in COVERAGE_COLUMNS:
            spec = raw[name]
            if name in _TEXT_RESULTS:
                codes = np.frombuffer(spec[0], dtype=np.int32)
                out[name] = pd.Categorical.from_codes(codes, categories=pd.Index(spec[1], dtype=object))
            elif name == "beyond_threshold":
                out[name] = np.frombuffer(spec, dtype=np.int8).astype(bool)
            else:
                out[name] = np.frombuffer(spec, dtype=np.float64).copy()
        return out
    pc = pa.compute
    results: dict[str, Any] = {}
    for name in COVERAGE_COLUMNS:
        spec = raw[name]
        if name in _TEXT_RESULTS:
            codes = pa.Array.from_buffers(pa.int32(), n, [None, pa.py_buffer(spec[0])])
            codes = pc.if_else(pc.less(codes, 0), None, codes)
            results[name] = pa.DictionaryArray.from_arrays(codes, pa.array(spec[1], pa.string()))
        elif name == "beyond_threshold":
            flags = pa.Array.from_buffers(pa.int8(), n, [None, pa.py_buffer(spec)])
            results[name] = pc.not_equal(flags, 0)
        else:
            values = pa.Array.from_buffers(pa.float64(), n, [None, pa.py_buffer(spec)])
            # Absent distances and times are null; the population used is never NaN.
            results[name] = pc.if_else(pc.is_nan(values), None, values)
    return _attach(frame, flavour, results, pa)


def coverage(
    engine: Engine,
    origins: F,
    *,
    filiere: str,
    date: str | datetime.date,
    level: str | None = None,
    threshold: float | None = None,
    bands: Sequence[float] | None = None,
    include_planned: bool = False,
    lang: str = "en",
) -> Coverage[F]:
    """See ``parcours.Engine.coverage``."""
    from parcours import _core

    pa = _pyarrow("Engine.coverage")
    import pyarrow.compute  # type: ignore[import-untyped]  # noqa: F401  (binds pa.compute)

    frame: Any = origins
    flavour = _flavour(frame, "Engine.coverage")
    if flavour == "stream":  # read the stream once; the rows come back as a pyarrow Table
        frame, flavour = pa.table(frame), "arrow"
    names = _names(frame, flavour)
    if "id" not in names:
        raise _frame_error("missing", lang, "id")
    if "origin" not in names and "commune" not in names and not (
        "lat" in names and "lon" in names
    ):
        raise _frame_error("missing_place", lang)
    if "origin" in names and "commune" in names:
        raise _frame_error("two_origins", lang, "origin", "commune")
    # `id` (any type) and `name` stay in the frame as they are; the rows come back in order.
    table = _to_table(frame, flavour, pa, ORIGIN_COLUMNS[1:], lang)
    cols: dict[str, tuple[Any, ...]] = {}
    arr = _column(table, "name", pa)
    if arr is not None and not (
        pa.types.is_null(arr.type) or pa.types.is_string(arr.type)
        or pa.types.is_large_string(arr.type) or pa.types.is_string_view(arr.type)
    ):
        raise _frame_error("type_text", lang, "name", str(arr.type))
    for name in ("origin", "commune"):
        arr = _column(table, name, pa)
        if arr is not None:
            cols[name] = _text(arr, name, pa, lang=lang)
    for name in ("lat", "lon", "population"):
        arr = _column(table, name, pa)
        if arr is not None:
            cols[name] = (_number(arr, name, pa, lang),)
    n = table.num_rows
    raw = _core._coverage_columns(
        engine,
        n,
        cols,
        filiere=filiere,
        date=date,
        level=level,
        threshold=threshold,
        bands=None if bands is None else list(bands),
        include_planned=include_planned,
        lang=lang,
    )
    band_values: list[tuple[float, float, float]] = raw["bands"]
    band_frame = _small_frame(
        flavour,
        {
            "within": pa.array([b[0] for b in band_values], pa.float64()),
            "population": pa.array([b[1] for b in band_values], pa.float64()),
            "share": pa.array([b[2] for b in band_values], pa.float64()),
        },
        pa,
    )
    fingerprint = engine.fingerprint()
    result = Coverage(
        _stamp(_coverage_rows(frame, flavour, raw, n, pa), flavour, fingerprint, pa),
        band_frame,
        (raw["population"], raw["beyond_threshold_population"], raw["no_route"]),
        raw["query"],
        band_values,
    )
    result.fingerprint = fingerprint
    return result


def _with_ids(flavour: str, changed: Any, ids: Any, pa: Any) -> Any:
    """``changed`` with the ``id`` column inserted second."""
    if flavour == "pandas":
        changed.insert(1, "id", ids)
        return changed
    if flavour == "polars":
        import polars as pl

        series = ids if isinstance(ids, pl.Series) else pl.Series("id", ids)
        return changed.insert_column(1, series.alias("id"))
    return changed.add_column(1, "id", ids)


def _frame_ids(frame: Any, flavour: str, index: list[int], pa: Any) -> Any:
    """The ``id`` values of the rows ``index`` of the input frame, in their own type."""
    if "id" not in _names(frame, flavour):
        return pa.nulls(len(index)) if flavour == "arrow" else [None] * len(index)
    if flavour == "pandas":
        return frame["id"].iloc[index].reset_index(drop=True)
    if flavour == "polars":
        return frame["id"].gather(index)
    return frame.column("id").take(pa.array(index, pa.int64()))


def diff(
    before: Engine,
    after: Engine,
    cases: F | Iterable[Mapping[str, Any]],
    *,
    date: str | datetime.date | None = None,
) -> Diff[Any]:
    """Routes the same cases on two engines and reports the cases whose target changed.

    ``cases`` is a frame with the columns of ``Engine.route_batch`` (pandas, polars, pyarrow or
    an Arrow stream; the result frames have the same flavour) or an iterable of case dicts (the
    result frames are pandas). ``date`` is the date of rows (or dicts) without one. A case that
    cannot be read (missing filière, bad date...) raises ``CaseError`` naming its row: it could
    not be compared. Unknown filières, levels or origins are compared like any decision.

    Typical use: ``parcours.diff(engine, engine.network.apply_changes(changes).compile(),
    cases)``. The routing runs in Rust with the GIL released.
    """
    from parcours import _core
    from parcours._core import Engine

    for name, engine in (("before", before), ("after", after)):
        if not isinstance(engine, Engine):
            raise TypeError(f"diff: `{name}` must be a parcours.Engine, not {type(engine).__name__}")
    pa = _pyarrow("parcours.diff")
    import pyarrow.compute  # noqa: F401  (binds pa.compute)

    frame: Any = cases
    try:
        flavour = _flavour(frame, "parcours.diff")
    except TypeError:
        if isinstance(frame, (str, bytes, Mapping)) or not isinstance(frame, Iterable):
            raise TypeError(
                "parcours.diff takes a pandas or polars DataFrame, a pyarrow Table, anything with "
                f"__arrow_c_stream__, or a list of case dicts, not {type(frame).__name__}"
            ) from None
        flavour = "dicts"
    if flavour == "dicts":
        dicts = [
            {**c, "date": date}
            if date is not None and isinstance(c, Mapping) and c.get("date") is None
            else c
            for c in frame
        ]
        raw = _core._diff_cases(before, after, dicts)
        flavour = "pandas"
        ids: Any = raw["changed"]["id"]
    else:
        if flavour == "stream":
            frame, flavour = pa.table(frame), "arrow"
        table = _to_table(frame, flavour, pa)
        cols = _prepare(table, date, pa)
        raw = _core._diff_columns(before, after, table.num_rows, cols, date=date)
        ids = _frame_ids(frame, flavour, raw["changed"]["index"], pa)
    c = raw["changed"]
    changed = _small_frame(
        flavour,
        {
            "index": pa.array(c["index"], pa.int64()),
            "from": pa.array(c["from"], pa.string()),
            "to": pa.array(c["to"], pa.string()),
            "from_km": pa.array(c["from_km"], pa.float64()),
            "to_km": pa.array(c["to_km"], pa.float64()),
        },
        pa,
    )
    g = raw["groups"]
    groups = _small_frame(
        flavour,
        {
            "from": pa.array(g["from"], pa.string()),
            "to": pa.array(g["to"], pa.string()),
            "count": pa.array(g["count"], pa.int64()),
            "mean_delta_km": pa.array(g["mean_delta_km"], pa.float64()),
        },
        pa,
    )
    result = Diff(raw["total"], _with_ids(flavour, changed, ids, pa), groups, g)
    result.fingerprint_before = before.fingerprint()
    result.fingerprint_after = after.fingerprint()
    return result
