"""Typed shapes of the plain data parcours returns (for type checkers; plain dicts at runtime)."""

from __future__ import annotations

import datetime
from typing import Any, Literal, NotRequired, Required, TypedDict

__all__ = [
    "AlternativeDict",
    "CaseDict",
    "DecisionDict",
    "DiagnosticDict",
    "EntityDiff",
    "ErrorDetails",
    "FieldChange",
    "HistoryEntry",
    "Labels",
    "Outcome",
    "ReasonCode",
    "Rejection",
    "Severity",
    "Step",
    "StructureDiff",
    "Summary",
    "TraceEntryDict",
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


class CodeEntry(TypedDict):
    """One stable code, as ``parcours.codes()`` lists it (the core's table)."""

    code: str
    """The code: ``L001``... (load), ``P001``... (check), ``C001``... (case), ``Q001``...
    (question or argument) or ``R001``... (register)."""
    family: Literal["load", "check", "case", "query", "register"]
    """Where it comes from: a network that does not load, a diagnostic of the checks, a case
    that does not read, a question or argument that cannot be answered, or a national
    register's record."""
    severity: Literal["error", "warning", "info"]
    """How serious it is; every load, case and question code is an error."""
    summary_en: str
    """What it means, in English."""
    summary_fr: str
    """What it means, in French."""


_TravelKeys = TypedDict("_TravelKeys", {"from": str, "to": str})


class TravelEntry(_TravelKeys, total=False):
    """A travel-matrix entry: road distance (km) and/or time (minutes) from an origin (site or
    location id, key ``from``) to a site (key ``to``), overriding the straight-line distance."""

    km: float
    minutes: float


class Labels(TypedDict):
    """The words for the codes of results and networks, in one language: what
    ``parcours.labels(lang)`` returns. Each dict goes from a code (``recourse``, ``too_far``,
    ``chu``…) to its words."""

    step: dict[str, str]
    """Steps of a decision."""
    reason: dict[str, str]
    """Why a case has no route or is invalid."""
    rejection: dict[str, str]
    """Why an alternative lost."""
    site_kind: dict[str, str]
    """Kinds of sites."""
    role: dict[str, str]
    """Roles of members in groupings."""


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


# Cases, decisions and diagnostics: these mirror the JSON Schemas the core generates from its
# Rust types (core/schema/case.schema.json, decision.schema.json, check-report.schema.json);
# bindings-python/tests/test_types_schema.py fails when they drift apart.

Outcome = Literal["routed", "no_route", "invalid"]
"""Routed, no route, or invalid case."""

Step = Literal[
    "local",
    "partner",
    "preferred_pathway",
    "recourse",
    "tele_service",
    "patient_choice",
    "fallback",
    "first_line",
]
"""The step of a pathway that chose the target."""

ReasonCode = Literal[
    "no_applicable_rule",
    "no_qualifying_target",
    "unknown_filiere",
    "unknown_level",
    "unknown_origin",
    "invalid_coordinates",
    "invalid_distance",
    "outside_territory",
    "unknown_commune",
    "unknown_postal_code",
    "no_commune_reference",
    "unknown_finess",
    "invalid_finess",
    "ambiguous_finess",
    "unknown_flag",
]
"""Why a case got no route, or why it is invalid."""

Rejection = Literal[
    "less_preferred",
    "level_too_low",
    "not_authorised",
    "too_far",
    "membership_not_in_force",
    "site_not_in_force",
    "excluded",
]
"""Why a candidate site was not chosen."""

Severity = Literal["error", "warning", "info"]
"""How serious a diagnostic is, from the most serious."""


class CaseDict(TypedDict, total=False):
    """A case to route, as ``Engine.route`` and ``route_batch`` read it: ``filiere`` and
    ``date`` are required, and an origin (``origin``, or ``lat`` and ``lon``)."""

    id: str | int | None
    """Record id, echoed in the decision."""
    filiere: Required[str]
    """Filière id of the network."""
    level: str | None
    """Level needed; the filière's first level when absent."""
    origin: str | dict[str, Any] | None
    """A site or location id, a commune (``{"commune": "52269"}``), a postal code, a FINESS
    number, or coordinates (``{"lat": …, "lon": …}``)."""
    lat: float | None
    """Latitude of the origin (WGS84), with ``lon``, instead of ``origin``."""
    lon: float | None
    """Longitude of the origin (WGS84), with ``lat``."""
    date: Required[str | datetime.date]
    """Date of the case (``YYYY-MM-DD``)."""
    flags: list[str] | str
    """Patient facts (``most_acute``…), as a list or ``;``-separated text."""
    age: int | None
    """Age in years."""
    ehpad_resident: bool
    """The person lives in an EHPAD."""
    time_critical: bool
    """Time-critical case: the nearest qualifying site wins."""
    preferred_site: str | None
    """The patient's choice of site, honoured where a rule allows it."""
    exclude: list[str] | str
    """Sites not to choose, as a list or ``;``-separated text."""
    max_distance_km: float | None
    """Sites farther than this are not chosen."""
    include_planned: bool
    """Count planned memberships as in force."""


class AlternativeDict(TypedDict):
    """A candidate site that was not chosen, with the reason (``explain=True``)."""

    site: str
    """Site id."""
    name: str
    """Site name."""
    rejection: Rejection
    """Why it lost."""
    why: str
    """Why it lost, in words, in the language of the explanation (``lang``)."""
    rule: NotRequired[str]
    """The rule (or step) that proposed it."""
    level: NotRequired[str]
    """Level it holds at the date."""
    distance_km: float
    """Distance from the origin, km."""


class TraceEntryDict(TypedDict):
    """One entry of the explanation trace (``explain=True``)."""

    kind: str
    """What was looked at: ``case``, ``rule``, ``local``, ``patient_choice``, ``escalation``,
    ``tele_service``."""
    rule: NotRequired[str]
    """Rule id, when about a rule."""
    detail: str
    """What happened, in words."""
    source: NotRequired[str]
    """Source document of the rule."""


class DecisionDict(TypedDict):
    """A decision as ``Decision.to_dict()`` gives it: absent values are left out; with
    ``explain=True`` the explanation's ``trace``, ``alternatives``, ``via`` and ``dead_ends``."""

    id: NotRequired[str | int]
    outcome: Outcome
    target: NotRequired[str]
    target_name: NotRequired[str]
    level: NotRequired[str]
    target_level: NotRequired[str]
    step: NotRequired[Step]
    rule: NotRequired[str]
    tele_service: NotRequired[str]
    fallback_target: NotRequired[str]
    distance_km: NotRequired[float]
    minutes: NotRequired[float]
    reason: NotRequired[ReasonCode]
    message: NotRequired[str]
    help: NotRequired[str]
    commune: NotRequired[str]
    entry: NotRequired[str]
    trace: NotRequired[list[TraceEntryDict]]
    alternatives: NotRequired[list[AlternativeDict]]
    via: NotRequired[list[str]]
    dead_ends: NotRequired[list[str]]


class DiagnosticDict(TypedDict):
    """One diagnostic: a problem of a network that failed to load (what
    ``NetworkError.errors()`` lists, and ``CodedError.errors()``), a register warning, or a
    diagnostic of a check report (``CheckReport.to_dicts()``). One shape everywhere, the core's
    (core/schema/diagnostic.schema.json): every key is always present."""

    code: str
    """Stable code: ``L…`` load, ``P…`` check, ``C…`` case, ``Q…`` question or argument,
    ``R…`` register; ``parcours.codes()`` lists them."""
    severity: Severity
    """``error`` for every load problem; a check or register code has its own."""
    message: str
    """What is wrong, in one lowercase line."""
    file: str | None
    """The file (or input: ``<json>``, ``<dict>``) the problem is in, when known."""
    pointer: str
    """JSON pointer to the value at fault (``/sites/3/legal_entity``); empty for the whole
    input; ``line N`` in a text read line by line."""
    line: int | None
    """1-based line in the text, when known."""
    column: int | None
    """1-based column in the text, when known."""
    entities: list[str]
    """Ids of the entities involved (the entity the problem is in first), most relevant first."""
    help: str | None
    """What to do about it."""
    counterexample: CaseDict | None
    """A case, with its date, that shows the problem (some checks)."""


ErrorDetails = DiagnosticDict
"""The former name of :class:`DiagnosticDict` for load problems (its keys ``entity`` and
``hint`` are now ``entities`` and ``help``)."""