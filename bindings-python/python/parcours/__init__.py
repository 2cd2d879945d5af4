"""parcours: rules library for French healthcare cooperation networks.

Load a network (GHT, GCS, alliances, conventions) from JSON or TOML, compile it, route cases::

    import parcours

    net = parcours.Network.from_file("examples/networks/sud-haut-marnais.json")
    engine = net.compile()
    d = engine.route({"filiere": "chirurgie", "origin": "ch-langres", "date": "2017-10-02"})
    d.target, d.step, d.rule
    engine.route_batch(df)          # pandas / polars / pyarrow, parcours.RESULT_COLUMNS appended
    engine.coverage(communes, filiere="chirurgie", date="2018-01-01").bands
    changed = net.apply_changes([{"change": "remove_grouping", "grouping": "gcs-chirurgie-shm"}])
    parcours.diff(engine, changed.compile(), df).groups
    net.history(since="2018-01-01", lang="fr")  # dated changes, in date order, in French
    parcours.labels("fr")["step"]["recourse"]  # words for the codes: "recours"
    parcours.diff_structure(net, changed)["entries"]  # entities added, removed, changed
    engine.members("gcs-chirurgie-shm", date="2018-01-01")   # questions at a date: DataFrames
    net.run_tests("examples/cases/sud-haut-marnais.json")    # expectation files: a TestReport

Loading problems raise :class:`NetworkError` and malformed cases :class:`CaseError`, both
:class:`ValueError` and :class:`ParcoursError`. Unknown filières, levels or origins are not
errors: they give a decision with ``outcome == "invalid"`` and a ``reason``. The library does no
I/O beyond ``Network.from_file`` and never logs network or case data.
"""

from __future__ import annotations

import json
from typing import Any

from parcours._core import (Communes, Decision, Engine, Network, __version__, codes,
                            diff_structure, labels)
from parcours._core import network_schema as _network_schema
from parcours import registers
from parcours._batch import FINGERPRINT_KEY, RESULT_COLUMNS, ResultColumn
from parcours.analysis import Coverage, Diff, diff
from parcours.check import CheckReport, Diagnostic
from parcours.errors import CaseError, CodedError, NetworkError, ParcoursError, TravelMatrixError
from parcours.queries import QueryError, TestFileError, TestReport
from parcours.types import (CodeEntry, ErrorDetails, Fingerprint, HistoryEntry, Labels,
                            StructureDiff, Summary)

__all__ = [
    "CaseError",
    "CheckReport",
    "CodeEntry",
    "CodedError",
    "Communes",
    "Coverage",
    "Decision",
    "Diagnostic",
    "Diff",
    "Engine",
    "ErrorDetails",
    "FINGERPRINT_KEY",
    "Fingerprint",
    "HistoryEntry",
    "Labels",
    "Network",
    "NetworkError",
    "ParcoursError",
    "QueryError",
    "RESULT_COLUMNS",
    "ResultColumn",
    "StructureDiff",
    "Summary",
    "TestFileError",
    "TestReport",
    "TravelMatrixError",
    "__version__",
    "codes",
    "diff",
    "diff_structure",
    "labels",
    "network_schema",
    "registers",
]


def network_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the network format, generated from the Rust types."""
    schema: dict[str, Any] = json.loads(_network_schema())
    return schema
