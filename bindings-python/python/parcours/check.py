"""Diagnostics of :meth:`parcours.Network.check` and :meth:`parcours.Engine.check`.

The checks run in the Rust core; this module only gives their result a Python shape: a
:class:`CheckReport` is a list of :class:`Diagnostic`, prints like the Rust report (rustc
style) and renders as a table in Jupyter.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any, cast

from .types import CaseDict, DiagnosticDict, Severity


@dataclass(frozen=True)
class Diagnostic:
    """One problem found by the checks: the fields of the core's diagnostic, the same as a load
    problem's (``NetworkError.errors()``).

    ``code`` is stable (``P001``...), ``severity`` is ``"error"``, ``"warning"`` or ``"info"``,
    ``pointer`` is a JSON pointer into the network file, ``entities`` the ids involved, and
    ``counterexample`` (when given) a case dict that can be passed to :meth:`Engine.route`.
    """

    code: str
    severity: str
    message: str
    pointer: str
    help: str | None
    entities: tuple[str, ...] = ()
    file: str | None = None
    line: int | None = None
    column: int | None = None
    counterexample: dict[str, Any] | None = field(default=None, hash=False, compare=False)

    @classmethod
    def _from_dict(cls, d: dict[str, Any]) -> Diagnostic:
        return cls(
            code=d["code"],
            severity=d["severity"],
            message=d["message"],
            pointer=d["pointer"],
            help=d["help"],
            entities=tuple(d["entities"]),
            file=d["file"],
            line=d["line"],
            column=d["column"],
            counterexample=d["counterexample"],
        )

    def to_dict(self) -> DiagnosticDict:
        """The diagnostic as a dict, as the core serialises it (every key present)."""
        return {
            "code": self.code,
            "severity": cast(Severity, self.severity),
            "message": self.message,
            "file": self.file,
            "pointer": self.pointer,
            "line": self.line,
            "column": self.column,
            "entities": list(self.entities),
            "help": self.help,
            "counterexample": cast(CaseDict | None, self.counterexample),
        }


class CheckReport(list[Diagnostic]):
    """The diagnostics of a network, errors first, then by code and pointer."""

    network: str
    counts: dict[str, int]
    _text: str

    @classmethod
    def _from_core(cls, report_json: str, text: str) -> CheckReport:
        data = json.loads(report_json)
        report = cls(Diagnostic._from_dict(d) for d in data["diagnostics"])
        report.network = data["network"]
        report.counts = dict(data["counts"])
        report._text = text
        return report

    def has_errors(self) -> bool:
        """Whether any diagnostic is an error."""
        return any(d.severity == "error" for d in self)

    def codes(self) -> list[str]:
        """The distinct codes, in report order."""
        seen: list[str] = []
        for d in self:
            if d.code not in seen:
                seen.append(d.code)
        return seen

    def to_dicts(self) -> list[DiagnosticDict]:
        """The diagnostics as dicts (e.g. ``pandas.DataFrame(report.to_dicts())``)."""
        return [d.to_dict() for d in self]

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        c = self.counts
        return (
            f"<CheckReport {self.network!r}: {c.get('errors', 0)} errors, "
            f"{c.get('warnings', 0)} warnings, {c.get('infos', 0)} infos>"
        )

    def _repr_html_(self) -> str:
        rows = "".join(
            "<tr><td>{}</td><td><code>{}</code></td><td>{}</td><td><code>{}</code></td><td>{}</td></tr>".format(
                html.escape(d.severity),
                html.escape(d.code),
                html.escape(d.message),
                html.escape(d.pointer),
                html.escape(d.help or ""),
            )
            for d in self
        )
        return (
            f"<p><b>{html.escape(repr(self))}</b></p>"
            "<table><thead><tr><th>severity</th><th>code</th><th>message</th>"
            f"<th>where</th><th>help</th></tr></thead><tbody>{rows}</tbody></table>"
        )
