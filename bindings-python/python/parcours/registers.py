"""National registers in: the FINESS register read into a network fragment, and merged.

Read the official FINESS JSON flux (``structures``, and optionally ``activites``) or the
older semicolon extract, get a :class:`parcours.Network` fragment (legal entities and sites
with their FINESS numbers, locations in WGS84, GHTs and GCSs with their members, capabilities
derived from authorisations through a mapping table) and the warnings met on the way::

    from parcours import registers

    imp = registers.read_finess("structures.json", activities="activites.json",
                                departements=["52", "21"])
    imp.network.summary()["sites"], len(imp.warnings)
    base = parcours.Network.from_file("sud-haut-marnais.json")
    merged = registers.merge(base, imp.network)
    merged.conflicts        # same FINESS number, different facts; id clashes
    registers.merge(base, imp.network, lang="fr").conflicts   # messages in French

A file that cannot be read at all (truncated JSON, a value of the wrong type, a bad mapping
table) raises :class:`parcours.NetworkError` with ``errors()`` (codes ``R001``-``R003``, line,
column, JSON pointer). A bad record never loses the others: it becomes a warning (codes
``R010``-``R017``, same dict shape) and is left out or kept as the Rust documentation of
``parcours::registers`` says. The rules of a network are never imported.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from parcours._core import Network, _merge_networks, _read_finess
from parcours.types import DiagnosticDict

__all__ = ["Import", "Merged", "merge", "read_finess"]

Source = str | bytes | os.PathLike[str]


@dataclass(frozen=True)
class Import:
    """A register import: the fragment, its warnings and counts."""

    network: Network
    """The fragment: a network like any other (compile, check, route it)."""
    warnings: list[DiagnosticDict] = field(default_factory=list)
    """Located warnings (diagnostics with severity ``warning``, the keys of
    ``NetworkError.errors()``), codes ``R010``-``R017``."""
    stats: dict[str, int] = field(default_factory=dict)
    """Counts: ``sites_read``, ``sites_filtered``, ``sites_without_coordinates``,
    ``activities_read``, ``activities_mapped``..."""


@dataclass(frozen=True)
class Merged:
    """A merge: the merged network and what happened."""

    network: Network
    conflicts: list[dict[str, Any]]
    """``kind`` (``different_fact``, ``id_clash``, ``filiere_levels``, ``capability``),
    ``entity``, ``fragment_entity``, ``field``, ``network_value``, ``fragment_value``,
    ``message`` (in the ``lang`` of :func:`merge`; the other keys are codes and values, the same
    in every language)."""
    matched_sites: list[tuple[str, str]]
    """(network id, fragment id) of sites matched by FINESS ET."""
    matched_legal_entities: list[tuple[str, str]]
    """(network id, fragment id) of legal entities matched by FINESS EJ."""
    added: dict[str, int]
    """How many legal entities, sites, groupings, memberships and capabilities were added."""


def _read(source: Source) -> tuple[bytes, str]:
    """The bytes of a file path, or of text given directly, and a name for errors."""
    if isinstance(source, bytes):
        return source, "<bytes>"
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and "\n" not in source and not source.lstrip().startswith("{")
    ):
        path = os.fspath(source)
        with open(path, "rb") as f:
            return f.read(), path
    return source.encode("utf-8"), "<text>"


def read_finess(
    path_or_text: Source,
    activities: Source | None = None,
    *,
    departements: list[str] | None = None,
    categories: list[str] | None = None,
    include_closed: bool = True,
    mapping: str | os.PathLike[str] | None = None,
    format: str = "auto",
    lang: str = "en",
) -> Import:
    """Reads the FINESS register into a network fragment.

    ``path_or_text`` is a path, JSON or extract text, or bytes (Latin-1 extracts are read);
    ``activities`` the activities flux (JSON flux only). ``departements`` (``"52"``, ``"2A"``,
    ``"971"``) and ``categories`` (``"355"``...) keep only those sites; ``include_closed=False``
    leaves closed establishments out. ``mapping`` is a mapping table file (the format of the
    default, ``core/data/finess-mapping.csv``). ``format`` is ``"auto"``, ``"json"`` or
    ``"extract"``. The warnings' messages and hints, and those of an error, are in ``lang``
    (``"en"`` or ``"fr"``).

    Raises :class:`parcours.NetworkError` when a file cannot be read as the register at all,
    ``OSError`` when a path cannot be opened, ``ValueError`` for a bad ``format`` or
    ``lang``.
    """
    if format not in ("auto", "json", "extract"):
        raise ValueError(f"format must be 'auto', 'json' or 'extract', not {format!r}")
    structures, name = _read(path_or_text)
    acts: bytes | None = None
    acts_name = ""
    if activities is not None:
        acts, acts_name = _read(activities)
    table: str | None = None
    table_name = ""
    if mapping is not None:
        table_name = os.fspath(mapping)
        with open(table_name, encoding="utf-8") as f:
            table = f.read()
    network, warnings, stats = _read_finess(
        structures,
        name,
        acts,
        acts_name,
        format,
        list(departements or []),
        list(categories or []),
        include_closed,
        table,
        table_name,
        lang,
    )
    return Import(network=network, warnings=warnings, stats=stats)


def merge(network: Network, fragment: Network, *, lang: str = "en") -> Merged:
    """Adds ``fragment`` (an imported register) to ``network`` (hand-written).

    Legal entities and sites are matched by FINESS number (the network's ids and facts win,
    differing facts are reported), the others added with their locations; groupings and
    memberships are added, capabilities for sites and filières the network does not already
    describe. Rules, shared services and tele-services stay as they are. The conflicts'
    messages are in ``lang`` (``"en"`` or ``"fr"``). Raises :class:`parcours.NetworkError` (in
    ``lang``) if the merged network does not validate, ``ValueError`` for another ``lang``.
    """
    merged, conflicts, info = _merge_networks(network, fragment, lang)
    return Merged(
        network=merged,
        conflicts=conflicts,
        matched_sites=[tuple(x) for x in info["matched_sites"]],
        matched_legal_entities=[tuple(x) for x in info["matched_legal_entities"]],
        added=info["added"],
    )
