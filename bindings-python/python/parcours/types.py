"""Typed shapes of the plain data parcours returns (for type checkers; plain dicts at runtime)."""

from __future__ import annotations

from typing import TypedDict

__all__ = ["ErrorDetails", "Summary", "TravelEntry"]


class Summary(TypedDict):
    """How many entities of each kind a network holds: what ``Network.summary()`` returns."""

    id: str
    name: str
    legal_entities: int
    sites: int
    locations: int
    filieres: int
    groupings: int
    groupings_by_kind: dict[str, int]
    """Groupings by kind (``ght``, ``gcs_moyens``...), sorted by kind."""
    memberships: int
    capabilities: int
    rules: int
    shared_services: int
    tele_services: int
    sources: int


class ErrorDetails(TypedDict):
    """One problem of a network that failed to load: what ``NetworkError.errors()`` lists."""

    code: str
    """Stable code: ``L001`` syntax, ``L002`` format, ``L003`` duplicate id, ``L004`` unknown
    reference, ``L005`` wrong kind, ``L006`` invalid value, ``L007`` version, ``L008`` limit."""
    message: str
    """What is wrong, in one lowercase line."""
    path: str
    """JSON pointer to the offending value (``/sites/3/legal_entity``); empty for the whole file."""
    line: int | None
    """1-based line in the text, when known."""
    column: int | None
    """1-based column in the text, when known."""
    entity: str | None
    """Id of the entity the problem is in, when it has one."""
    hint: str | None
    """What to do about it."""


_TravelKeys = TypedDict("_TravelKeys", {"from": str, "to": str})


class TravelEntry(_TravelKeys, total=False):
    """A travel-matrix entry: road distance (km) and/or time (minutes) from an origin (site or
    location id, key ``from``) to a site (key ``to``), overriding the straight-line distance."""

    km: float
    minutes: float
