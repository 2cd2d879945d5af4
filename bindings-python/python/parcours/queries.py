"""Questions at a date and test files: what ``Engine.members``, ``Engine.ask``… and
``Network.run_tests`` return.

The core (Rust, ``parcours::query`` and ``parcours::expect``) answers and compares; this module
only shapes the result. Questions return **pandas DataFrames** with one row per answer row and
the same columns whatever the number of rows (dates as ``YYYY-MM-DD`` text, ``None`` when
absent). pandas is needed for frames: without it, a question raises :class:`ImportError` saying
so; ``engine.ask(question, frame=False)`` gives the rows as a list of dicts and needs nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from parcours.errors import CodedError, ParcoursError

__all__ = ["QueryError", "TestFileError", "TestReport"]


class QueryError(CodedError):
    """A question or an argument cannot be answered, in the language asked for (``lang=``):
    ``Q001`` an unknown grouping, site, filière, level or origin (the message names it, the
    ``help`` suggests the closest known id), ``Q002`` a FINESS number or INSEE code that is
    malformed or fails its check digit, ``Q003`` coordinates out of range, ``Q004`` a parameter
    that cannot take its value (a negative threshold, a bad date, an unknown kind), ``Q005`` a
    question dict that does not fit the format, ``Q006`` a question that needs a commune
    reference the engine lacks."""

    _DEFAULT_CODE = "Q004"


class TestFileError(ParcoursError, ValueError):
    """A test file does not read: ``str(err)`` names the file, the JSON pointer, line and column,
    and gives a help text; ``pointer`` is the JSON pointer alone."""

    __test__ = False  # not a pytest test class

    pointer: str

    def __init__(self, message: str, pointer: str = "") -> None:
        super().__init__(message)
        self.pointer = pointer

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.pointer))


def _answer(columns: list[str], rows_json: str, frame: bool) -> Any:
    rows: list[dict[str, Any]] = json.loads(rows_json)
    if not frame:
        return rows
    try:
        import pandas as pd
    except ImportError as e:  # pragma: no cover - pandas is a dev requirement
        raise ImportError(
            "parcours questions return pandas DataFrames: install pandas (pip install pandas), "
            "or use engine.ask(question, frame=False) for a list of dicts"
        ) from e
    return pd.DataFrame(rows, columns=columns)


@dataclass(frozen=True)
class TestReport:
    """What running a test file gives: ``passed``, ``failed``, ``ok``, every test's result
    (``results``: dicts with ``kind``, ``name``, ``passed``, ``mismatches`` and, on failure,
    ``explanation``), and ``str(report)``: the failures with the decision's explanation, then a
    summary line, as ``parcours test`` prints them."""

    __test__ = False  # not a pytest test class

    file: str
    passed: int
    failed: int
    results: list[dict[str, Any]] = field(repr=False)
    text: str = field(repr=False)

    @property
    def ok(self) -> bool:
        """Whether every test passed."""
        return self.failed == 0

    @property
    def failures(self) -> list[dict[str, Any]]:
        """The failed tests."""
        return [r for r in self.results if not r["passed"]]

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return self.ok

    @classmethod
    def _from_core(cls, file: str, report_json: str, text: str) -> TestReport:
        data = json.loads(report_json)
        return cls(file, data["passed"], data["failed"], data["results"], text)
