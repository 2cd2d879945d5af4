"""Typed shapes of the plain data parcours returns (for type checkers; plain dicts at runtime)."""

from __future__ import annotations

from typing import Any, Literal, NotRequired, TypedDict

__all__ = [
    "EntityDiff",
    "ErrorDetails",
    "FieldChange",
    "HistoryEntry",
    "StructureDiff",
    "Summary",
    "TravelEntry",
]


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


class HistoryEntry(TypedDict):
    """One dated change of a network: what ``Network.history()`` lists, in date order.

    ``pandas.DataFrame(net.history())`` makes it a table (one column per key)."""

    date: str | None
    """``YYYY-MM-DD``; ``None`` only for a planned fact with no expected date (listed last)."""
    precision: Literal["day", "month", "year", "approximate"]
    """How precise the date is, as the fact's validity says."""
    change: Literal["starts", "ends", "planned_start", "planned_end", "event"]
    """What happens: a fact takes effect or stops, a planned one is expected to, or an event."""
    entity: str
    """Kind of entity: ``site``, ``equipment``, ``grouping``, ``membership``, ``capability``,
    ``rule``, ``shared_service``, ``tele_service`` or ``event``."""
    id: str
    """Its id; ``grouping/member/role`` for a membership, ``site/filiere`` for a capability
    without id, ``site/kind`` for equipment."""
    description: str
    """One line in words, with the entities' names."""
    status: Literal["planned", "in_progress", "active", "ended"]
    """The fact's status."""
    source: str | None
    """The source the fact cites."""
    pointer: str
    """JSON pointer to the fact in the network (``/memberships/14``)."""


class FieldChange(TypedDict):
    """A field that differs between two versions of an entity, with both values (``None`` when
    absent)."""

    field: str
    """Dot-separated path in the entity (``validity.to``); lists are compared whole."""
    before: Any
    after: Any


class EntityDiff(TypedDict):
    """An entity added, removed or changed between two versions of a network."""

    change: Literal["added", "removed", "changed"]
    entity: str
    """Kind of entity (``membership``, ``rule``, ``network`` for the network's own fields...)."""
    id: str
    """Its key: the id; ``grouping/member/role`` for a membership; ``site/filiere`` for a
    capability without id."""
    fields: NotRequired[list[FieldChange]]
    """For a changed entity: the fields that differ, sorted by path."""
    value: NotRequired[dict[str, Any]]
    """For an added or removed entity: the entity as the JSON format writes it."""
    pointer_before: NotRequired[str]
    """JSON pointer to the entity in the first network."""
    pointer_after: NotRequired[str]
    """JSON pointer to the entity in the second network."""


class StructureDiff(TypedDict):
    """What differs between two versions of a network: what ``parcours.diff_structure`` returns."""

    before: str
    """Id of the first network."""
    after: str
    """Id of the second network."""
    added: int
    removed: int
    changed: int
    entries: list[EntityDiff]
    """The network's own fields first, then section by section (sources, locations, legal
    entities, sites, filières, groupings, memberships, capabilities, rules, shared services,
    tele-services, events), in file order."""


class _FingerprintKeys(TypedDict):
    network_id: str
    """Id of the network."""
    hash: str
    """``sha256:<hex>`` of the network's canonical JSON (``Network.to_canonical_json()``): the
    same for the JSON and TOML forms of a network, different when one fact changes."""


class Fingerprint(_FingerprintKeys, total=False):
    """Which network (and reference data) a result came from: ``Network.fingerprint()``,
    ``Engine.fingerprint()``, and the ``"parcours.fingerprint"`` metadata of ``route_batch``
    results (pandas ``DataFrame.attrs``, pyarrow schema metadata as JSON bytes)."""

    travel_hash: str
    """``sha256:<hex>`` of the travel matrix the engine was compiled with, when it has one."""
    communes_hash: str
    """``sha256:<hex>`` of the commune reference used, when set."""
