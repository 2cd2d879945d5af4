"""Compiled part of parcours (Rust, PyO3). Import from ``parcours`` rather than from here."""

import datetime
from collections.abc import Callable, Mapping, Sequence
from os import PathLike
from typing import Any, ClassVar, Literal, TypedDict, TypeVar, final, overload

import pandas as pd

from parcours.analysis import Coverage
from parcours.check import CheckReport
from parcours.errors import CaseError
from parcours.queries import TestReport
from parcours.types import (
    CodeEntry,
    AlternativeDict,
    CaseDict,
    DiagnosticDict,
    Fingerprint,
    HistoryEntry,
    Labels,
    StructureDiff,
    Summary,
    TraceEntryDict,
    TravelEntry,
)

__all__ = [
    "Communes",
    "Decision",
    "Engine",
    "Network",
    "codes",
    "diff_structure",
    "labels",
    "network_schema",
    "__version__",
    "_coverage_columns",
    "_decision_from_state",
    "_decision_json",
    "_diff_cases",
    "_diff_columns",
    "_frame_error",
    "_merge_networks",
    "_panic_for_tests",
    "_read_finess",
    "_result_columns",
    "_route_columns",
    "_synthetic_cases",
    "_synthetic_network",
]

_Frame = TypeVar("_Frame")
__version__: str

@final
class Network:
    """A cooperation network, loaded and validated. Immutable."""

    @staticmethod
    def from_file(path: str | PathLike[str], *, lang: str = "en") -> Network:
        """Reads and loads a network file; ``.toml`` files are TOML, anything else JSON.

        Raises ``NetworkError`` on a bad network (``L001`` at the line and column of the first
        byte that is not UTF-8), its message and problems in ``lang`` (``"en"`` or ``"fr"``;
        another value raises ``ValueError``), ``OSError`` (``FileNotFoundError``...) when the
        file cannot be read."""
    @staticmethod
    def from_json(text: str, *, lang: str = "en") -> Network:
        """Loads a network from JSON text. Raises ``NetworkError`` in ``lang`` (``L001`` for a
        lone surrogate, which is not a character)."""
    @staticmethod
    def from_toml(text: str, *, lang: str = "en") -> Network:
        """Loads a network from TOML text. Raises ``NetworkError`` in ``lang`` (``L001`` for a
        lone surrogate, which is not a character)."""
    @staticmethod
    def from_dict(data: dict[str, Any], *, lang: str = "en") -> Network:
        """Loads a network from a dict shaped like the JSON format. Raises ``NetworkError`` in
        ``lang`` (pointers, no line or column) or ``TypeError`` for values JSON cannot hold."""
    @property
    def id(self) -> str:
        """Stable identifier of the network."""
    @property
    def name(self) -> str:
        """Human-readable name of the network."""
    def summary(self) -> Summary:
        """Counts of what the network holds, by kind."""
    def check(self, *, lang: str = "en") -> CheckReport:
        """Checks the network (compiling it first): gaps, escalation cycles, conflicts,
        expired targets, legal invariants, identifiers, data quality. Messages and help are in
        ``lang`` (``"en"`` or ``"fr"``; another value raises ``ValueError``). Raises
        ``NetworkError`` only if the network cannot be compiled."""
    def compile(
        self,
        travel: list[TravelEntry] | None = None,
        communes: Communes | None = None,
        *,
        lang: str = "en",
    ) -> Engine:
        """Compiles the network into an :class:`Engine`; ``travel`` is an optional matrix of
        ``{"from", "to", "km", "minutes"}`` dicts overriding straight-line distances;
        ``communes`` the commune reference, so that cases can come from a ``commune`` or a
        ``postal_code`` and people enter through their territory. A travel entry naming an
        unknown site raises ``NetworkError`` with its texts in ``lang`` (``"en"`` or
        ``"fr"``)."""
    def apply_changes(self, changes: Sequence[dict[str, Any]]) -> Network:
        """A new network: this one with ``changes`` applied in order (core ``apply_changes``).

        Each change is a dict shaped like the core's, e.g.
        ``{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}``; kinds:
        ``remove_member``, ``remove_grouping``, ``close_capability``, ``add_capability``,
        ``add_site``, ``add_membership``, ``move_shared_service`` (read by the core's reader, the
        one of ``parcours diff --changes`` and JS ``applyChanges``). Raises ``NetworkError``
        (file ``<changes>``): ``L002`` at the path into the list (``/0/grouping``) for a
        malformed change, ``L004`` at ``/changes/N`` for one that names nothing, and when the
        changed network does not validate."""
    def history(
        self,
        *,
        since: str | datetime.date | None = None,
        until: str | datetime.date | None = None,
        lang: str = "en",
    ) -> list[HistoryEntry]:
        """Every dated change of the network in date order (core ``parcours::history``):
        memberships, groupings, sites, equipment, capabilities, rules, shared services and
        tele-services starting and ending, planned facts at their expected dates, events.
        Equal dates keep the file's order; planned facts with no date come last, and are left
        out when ``since`` or ``until`` (inclusive) is given. Descriptions are in ``lang``
        (``"en"`` or ``"fr"``; another value raises ``ValueError``). Raises ``CaseError`` for a
        bad date. ``pandas.DataFrame(net.history())`` gives a table."""
    def run_tests(self, path: str | PathLike[str]) -> TestReport:
        """Runs a test file (cases with expected decisions, questions at a date with expected
        answers; the format of ``examples/cases/*.json``) against this network, compiled with the
        file's travel matrix. Raises ``TestFileError`` when the file does not read, ``OSError``
        when it cannot be read."""
    def to_json(self) -> str:
        """The network as pretty JSON, the canonical format."""
    def to_canonical_json(self) -> str:
        """The network's canonical JSON text (``parcours fmt``): records sorted, one layout, a
        final newline. Its SHA-256 is the ``hash`` of ``fingerprint()``."""
    def fingerprint(self) -> Fingerprint:
        """Which network this is: ``network_id`` and ``hash`` (``sha256:<hex>`` of the
        canonical form, the same for the JSON and TOML forms of a network)."""
    def to_dict(self) -> dict[str, Any]:
        """The network as a dict shaped like the JSON format."""
    def to_fhir(self) -> dict[str, Any]:
        """The network as a FHIR R4 Bundle (type ``collection``) following the French core
        profiles (FR Core): Organizations, Locations, HealthcareServices,
        OrganizationAffiliations. Rules, services, sources and notes are not carried (see
        ``docs/fhir.md``)."""
    @staticmethod
    def from_fhir(bundle: str | dict[str, Any], *, lang: str = "en") -> Network:
        """Loads a network from a FHIR R4 Bundle (JSON text or dict) as ``to_fhir`` writes it.
        Raises ``NetworkError`` whose errors' ``pointer`` points into the bundle
        (``/entry/3/resource/identifier/0/value``), its message and problems in ``lang``
        (``"en"`` or ``"fr"``; another value raises ``ValueError``), or ``TypeError`` for
        another argument."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def diff_structure(before: Network, after: Network) -> StructureDiff:
    """What differs from ``before`` to ``after``, entity by entity (core ``diff_structure``):
    entities added, removed or changed, with the changed fields' old and new values."""

def labels(lang: str = "en") -> Labels:
    """The words for steps, reasons, rejections, site kinds and roles in ``lang`` (``"en"``
    or ``"fr"``; another value raises ``ValueError``), from the core's catalogue."""

def network_schema() -> str:
    """The JSON Schema of the network format, as pretty JSON text."""

def codes() -> list[CodeEntry]:
    """Every stable code: ``L...`` load problems, then ``P...`` check diagnostics, each with
    its family, severity and what it means in English and French."""

class _CommuneRow(TypedDict):
    code: str
    name: str
    departement: str
    population: int | None
    population_year: int | None
    lat: float | None
    lon: float | None
    point: str | None

@final
class Communes:
    """The commune reference: INSEE communes (population, representative point, successor of
    merged communes) and postal codes. Pickles as its CSV texts."""

    @staticmethod
    def from_files(
        communes: str | PathLike[str], postal_codes: str | PathLike[str] | None = None, *, lang: str = "en"
    ) -> Communes:
        """Reads ``communes.csv`` and optionally ``postal_codes.csv``; problems raise
        :class:`NetworkError` naming the file and line, in ``lang`` (``"en"`` or ``"fr"``)."""
    @staticmethod
    def from_csv(communes: str, postal_codes: str | None = None, *, lang: str = "en") -> Communes:
        """Reads the reference from CSV texts; problems raise :class:`NetworkError` in
        ``lang``."""
    def __len__(self) -> int: ...
    def resolve(self, code: str) -> dict[str, Any] | None:
        """The current commune a code resolves to (with ``merged_from`` for a former code), or
        ``None``."""
    def communes(self, departements: list[str] | None = None) -> list[_CommuneRow]:
        """The current communes, optionally of some départements."""
    def __reduce__(self) -> tuple[Any, tuple[str, str | None]]: ...

@final
class Engine:
    """A compiled network: immutable, safe to share between threads. Routes cases.

    ``Engine(network, travel=None)`` is ``network.compile(travel)``. Engines pickle (as the
    network JSON and the travel matrix) for multiprocessing, Dask or Spark."""

    def __new__(
        cls,
        network: Network,
        travel: list[TravelEntry] | None = None,
        communes: Communes | None = None,
        *,
        lang: str = "en",
    ) -> Engine: ...
    @property
    def network(self) -> Network:
        """The network this engine was compiled from."""
    @property
    def communes(self) -> Communes | None:
        """The commune reference the engine was compiled with, if any."""
    @property
    def travel(self) -> list[TravelEntry]:
        """The travel matrix the engine was compiled with."""
    def fingerprint(self) -> Fingerprint:
        """Which network (and travel matrix) the engine was compiled from: ``network_id``,
        ``hash`` and, with a travel matrix, ``travel_hash``. ``route_batch`` results carry it
        as metadata."""
    @property
    def network_id(self) -> str:
        """Id of the compiled network."""
    @property
    def site_count(self) -> int:
        """Number of sites."""
    @property
    def rule_count(self) -> int:
        """Number of rules."""
    def route(
        self, case: CaseDict | Mapping[str, Any], explain: bool = False, *, lang: str = "en"
    ) -> Decision:
        """Routes one case, a dict shaped like the case format (``filiere``, ``origin``,
        ``date`` required). Raises ``CaseError`` when the dict does not fit the format.
        ``lang`` (``"en"`` or ``"fr"``) is the language of the explanation, of ``str()`` and of
        an invalid case's ``message`` and ``help``."""
    def check(self, *, lang: str = "en") -> CheckReport:
        """Checks the network this engine was compiled from, with its travel matrix; messages
        and help in ``lang`` (``"en"`` or ``"fr"``)."""
    @overload
    def ask(
        self, question: dict[str, Any], *, frame: Literal[True] = ..., lang: str = "en"
    ) -> pd.DataFrame: ...
    @overload
    def ask(
        self, question: dict[str, Any], *, frame: Literal[False], lang: str = "en"
    ) -> list[dict[str, Any]]: ...
    def members(
        self,
        grouping: str,
        *,
        date: str | datetime.date,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """Members of a grouping at ``date``: member, kind, name, role, from, to, precision,
        status, state (``in_force`` or ``planned``). Raises ``QueryError`` for an unknown id
        (``Q001``, the closest known id as ``help``) or a bad date (``Q004``), its texts in
        ``lang`` (``"en"`` or ``"fr"``), as every question method does."""
    def groupings(
        self,
        member: str,
        *,
        date: str | datetime.date,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """Groupings of a site, legal entity or grouping at ``date``: grouping, name, kind,
        role, how (``direct``, ``legal_entity``, ``nested``), via, from, to, state."""
    def capabilities(
        self,
        site: str,
        *,
        date: str | datetime.date,
        filiere: str | None = None,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """Capabilities of a site at ``date``: id, filiere, level, activity, modality,
        mentions, holder, from, to, status, state."""
    def sites_by_finess(
        self,
        finess: str,
        *,
        date: str | datetime.date | None = None,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """Sites with a FINESS number (ET, or EJ of their legal entity): site, name, kind,
        match, finess_et, legal_entity, finess_ej, insee. A bad check digit raises
        ``QueryError``."""
    def tele_services(
        self,
        origin: str | tuple[float, float] | dict[str, float],
        *,
        date: str | datetime.date,
        filiere: str | None = None,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """Tele-services an origin (site or location id, or ``(lat, lon)``) may use at
        ``date``: service, name, act, provider, channel, purpose, access, requester, filiere,
        fallback (the physical transfer), from, to, state."""
    def commune(
        self,
        commune: str,
        *,
        date: str | datetime.date,
        filiere: str | None = None,
        include_planned: bool = False,
        lang: str = "en",
    ) -> pd.DataFrame:
        """The territories covering a commune at ``date`` and the first-line site its residents
        enter by, per filière (or ``filiere``): fact (``territory`` or ``first_line``), commune
        (a former code gives its successor), name, territory, grouping, filiere, site, basis
        (``catchment``, ``territory``, ``policy``, ``none``), state. Needs a commune reference
        (``net.compile(communes=...)``); an unknown commune raises ``QueryError``."""
    def run_tests(self, path: str | PathLike[str]) -> TestReport:
        """Runs a test file against the network of this engine (see
        :meth:`Network.run_tests`)."""
    def shared_service(
        self,
        kind: str,
        site: str,
        date: str | datetime.date,
        include_planned: bool = False,
        *,
        lang: str = "en",
    ) -> list[dict[str, str]]:
        """Who provides a shared service of ``kind`` to ``site`` at ``date``. An unknown kind or
        a bad date raises ``QueryError`` (``Q004``) in ``lang``."""
    def route_batch(
        self,
        frame: _Frame,
        *,
        date: str | datetime.date | None = None,
        explain: bool = False,
        progress: bool = False,
        threads: int = 1,
        lang: str = "en",
    ) -> _Frame:
        """Routes every row of a frame and returns the same kind of frame with result columns.

        ``frame`` is a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or anything with
        ``__arrow_c_stream__`` (then a pyarrow Table comes back). Needs pyarrow.

        Input columns (others are kept, untouched):
        - ``filiere`` (text, required);
        - ``origin`` (site or location id), or ``lat`` and ``lon`` (numbers) for a place outside the network;
        - ``date`` (date32, date64, timestamp, or ``YYYY-MM-DD`` text), or ``date=`` for all rows and for
          rows whose date is null;
        - optional: ``level`` (text), ``age`` (whole number), ``ehpad_resident``, ``time_critical``,
          ``include_planned`` (booleans or 0/1, null is false), ``flags`` and ``exclude`` (lists of text or
          ``;``-separated text), ``max_distance_km`` (number), ``preferred_site`` (text), ``id``.

        The result: the input columns whose names are not result columns, then the result columns of
        ``parcours.RESULT_COLUMNS`` (the core's list, the same in JavaScript and the CLI), in order:
        ``id`` (the input's ``id`` column unchanged, null when there is none), ``outcome`` (never null:
        ``routed``, ``no_route`` or ``invalid``, also for a row that could not be read), ``target``,
        ``target_name``, ``level`` (needed, after flags; replaces an input ``level``),
        ``target_level``, ``step``, ``rule``, ``tele_service``, ``fallback_target``, ``entry``,
        ``commune`` (resolved: a merged commune gives its successor; replaces an input ``commune``),
        ``distance_km``, ``minutes``, ``reason`` and ``error`` (why a row could not be routed: a
        missing filière, a bad date...; such a row does not stop the batch); with ``explain=True`` an
        ``explanation`` text column after them. Text results are categorical (pandas, polars) or
        dictionary-encoded (pyarrow); absent values are null (NaN in pandas number columns).

        The result names the network it came from: ``engine.fingerprint()`` under the key
        ``"parcours.fingerprint"`` of pandas ``DataFrame.attrs`` (a dict) and of the pyarrow schema
        metadata (JSON bytes, kept when the table is written to Parquet). Polars DataFrames have no
        metadata slot: take ``engine.fingerprint()`` alongside.

        Raises ``CaseError`` naming the column when a required column is missing or a column has the
        wrong type. ``progress=True`` shows a tqdm bar (tqdm must be installed); ``threads`` routes each
        chunk of 65,536 rows on that many threads. Rows are routed in Rust with the GIL released; a row
        equal to an earlier one gets its results without being routed again, and each distinct case is
        routed once (``parcours::Memo``), so repeated stays cost little. ``lang`` (``"en"`` or
        ``"fr"``) is the language of the ``explanation`` column."""
    def coverage(
        self,
        origins: _Frame,
        *,
        filiere: str,
        date: str | datetime.date,
        level: str | None = None,
        threshold: float | None = None,
        bands: Sequence[float] | None = None,
        include_planned: bool = False,
        lang: str = "en",
    ) -> Coverage[_Frame]:
        """Where the patients of each origin would go and how far: a ``parcours.Coverage``.

        ``origins`` is a pandas or polars DataFrame, a pyarrow Table or RecordBatch, or anything
        with ``__arrow_c_stream__``, with columns ``id`` (any type), ``origin`` (site or location
        id) and/or ``lat`` and ``lon`` (numbers; used by rows without an ``origin``), and
        optionally ``population`` (number; 1 when null) and ``name``. ``Coverage.rows`` is the
        same kind of frame with ``target``, ``target_name``, ``entry``, ``distance_km``, ``minutes``,
        ``beyond_threshold``, ``population_used`` and ``outcome`` appended; ``Coverage.bands``
        gives the population within each distance of ``bands``. ``threshold`` (default 80) and
        ``bands`` (default 30, 45, 80) are km, or minutes with a travel matrix; ``level``
        defaults to the filière's lowest.

        A missing or mistyped column raises ``CaseError`` naming it; rows with an unknown origin
        or bad coordinates are rows with outcome ``invalid``. An unknown filière or level
        (``Q001``, with the closest known one as ``help``), a negative threshold or band or a
        bad date (``Q004``) raise ``QueryError`` in ``lang`` (``"en"`` or ``"fr"``). The core
        runs with the GIL released."""
    def _repr_html_(self) -> str: ...
    def __reduce__(
        self,
    ) -> tuple[Any, tuple[Network, list[TravelEntry] | None, Communes | None]]: ...

@final
class Decision:
    """The decision for one case: frozen, with native fields (absent values are ``None``);
    equal to a decision with the same fields; picklable; shown as a table in Jupyter."""

    @property
    def id(self) -> str | int | None:
        """The case's id, when it has one, as given (``str`` or ``int``)."""
    @property
    def outcome(self) -> str:
        """``routed``, ``no_route`` or ``invalid``."""
    @property
    def target(self) -> str | None:
        """Chosen site id."""
    @property
    def target_name(self) -> str | None:
        """Chosen site name."""
    @property
    def entry(self) -> str | None:
        """Where an origin that is not a site enters the network (its entry site)."""
    @property
    def commune(self) -> str | None:
        """The commune the person comes from (its current code), when the origin is a
        commune, a postal code, a location with an INSEE code or a point placed in its
        commune."""
    @property
    def level(self) -> str | None:
        """Level needed by the case (after flags)."""
    @property
    def target_level(self) -> str | None:
        """Level the chosen site holds."""
    @property
    def step(self) -> str | None:
        """The step that chose the target."""
    @property
    def rule(self) -> str | None:
        """The rule that chose the target."""
    @property
    def tele_service(self) -> str | None:
        """The tele-service to use first."""
    @property
    def fallback_target(self) -> str | None:
        """With a tele-service: the site for a physical transfer if still needed."""
    @property
    def distance_km(self) -> float | None:
        """Distance from the origin to the target, km."""
    @property
    def minutes(self) -> float | None:
        """Travel time from the travel matrix, minutes."""
    @property
    def reason(self) -> str | None:
        """Why there is no route or why the case is invalid."""
    @property
    def message(self) -> str | None:
        """With an invalid case: what is wrong, naming the value."""
    @property
    def help(self) -> str | None:
        """With an invalid case: what to do, often the closest known value."""
    @property
    def trace(self) -> list[TraceEntryDict] | None:
        """With ``explain=True``: what routing looked at, in order."""
    @property
    def alternatives(self) -> list[AlternativeDict] | None:
        """With ``explain=True``: the candidates not chosen, best first."""
    @property
    def via(self) -> list[str] | None:
        """With ``explain=True``: the escalation path of the target (the sites escalated
        from, in order); empty when no escalation chose it."""
    @property
    def dead_ends(self) -> list[str] | None:
        """With ``explain=True``: the sites escalated from that led to no qualifying
        target, in the order tried, none of them in ``via``."""
    def to_dict(self) -> dict[str, Any]:
        """The decision as a dict, in the order of the core's JSON; absent fields are left
        out. An explained decision adds ``via``, ``dead_ends``, ``trace`` and
        ``alternatives``. ``parcours.types.DecisionDict`` describes its keys."""
    def _repr_html_(self) -> str:
        """The decision as an HTML table: its text as the caption, then its fields."""
    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any], bool, str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def _result_columns() -> list[tuple[str, str, bool, str]]: ...
def _frame_error(key: str, lang: str, args: list[str]) -> CaseError: ...
def _route_columns(
    engine: Engine,
    n: int,
    columns: dict[str, tuple[Any, ...]],
    date: str | datetime.date | None = None,
    explain: bool = False,
    threads: int = 1,
    progress: Callable[[int], object] | None = None,
    validity: bool = False,
    lang: str = "en",
) -> dict[str, Any]: ...
def _coverage_columns(
    engine: Engine,
    n: int,
    columns: dict[str, tuple[Any, ...]],
    *,
    filiere: str,
    date: str | datetime.date,
    level: str | None = None,
    threshold: float | None = None,
    bands: Sequence[float] | None = None,
    include_planned: bool = False,
    lang: str = "en",
) -> dict[str, Any]: ...
def _diff_columns(
    before: Engine,
    after: Engine,
    n: int,
    columns: dict[str, tuple[Any, ...]],
    date: str | datetime.date | None = None,
) -> dict[str, Any]: ...
def _diff_cases(before: Engine, after: Engine, cases: Sequence[Any]) -> dict[str, Any]: ...
def _panic_for_tests() -> None: ...
def _decision_from_state(state: dict[str, Any], explained: bool, text: str) -> Decision:
    """Rebuilds a pickled ``Decision`` from its ``to_dict()``, whether it was explained, and
    its text."""
def _decision_json(engine: Engine, case: dict[str, Any], explain: bool) -> str:
    """The core's JSON text of the decision for ``case`` (read by serde's reader of a whole
    case): what ``Decision.to_dict()`` gave before decisions had native fields. For tests."""
def _synthetic_network(seed: int = 42, small: bool = False) -> Network:
    """A synthetic national-size network (invented data), for benchmarks."""
def _synthetic_cases(network: Network, count: int, seed: int = 7) -> str:
    """``count`` synthetic cases for ``network``, as a JSON array, for benchmarks."""
def _read_finess(
    structures: bytes,
    structures_name: str,
    activities: bytes | None,
    activities_name: str,
    format: str,
    departements: Sequence[str],
    categories: Sequence[str],
    include_closed: bool,
    mapping: str | None,
    mapping_name: str,
    lang: str = "en",
) -> tuple[Network, list[DiagnosticDict], dict[str, int]]:
    """Reads the FINESS register into a fragment; see ``parcours.registers.read_finess``."""
def _merge_networks(
    network: Network, fragment: Network, lang: str = "en"
) -> tuple[Network, list[dict[str, Any]], dict[str, Any]]:
    """Merges a fragment into a network, conflicts in ``lang``; see
    ``parcours.registers.merge``."""
