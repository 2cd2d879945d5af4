"""Exceptions of parcours: everything raised on purpose derives from :class:`ParcoursError`.

They are defined in Python, not in the compiled module, so that :class:`NetworkError` can
subclass both :class:`ParcoursError` and :class:`ValueError`.
"""

from __future__ import annotations

from typing import Any

from parcours.types import DiagnosticDict

__all__ = ["CaseError", "CodedError", "NetworkError", "ParcoursError", "TravelMatrixError"]


class ParcoursError(Exception):
    """Root of the exceptions parcours raises."""


class NetworkError(ParcoursError, ValueError):
    """A network could not be loaded: the text is malformed, does not match the format, or
    references what it does not define.

    ``str(err)`` is the full report, one problem per line with its location and its help;
    :meth:`errors` gives the same problems as dicts.
    """

    file: str
    """Name of the file or input (``<json>``, ``<dict>``...) the network came from."""

    def __init__(self, message: str, errors: list[DiagnosticDict], file: str) -> None:
        super().__init__(message)
        self._errors = errors
        self.file = file

    def errors(self) -> list[DiagnosticDict]:
        """The problems, never empty, each a :class:`parcours.types.DiagnosticDict`: ``code``,
        ``severity``, ``message``, ``file``, ``pointer`` (a JSON pointer), ``line``, ``column``,
        ``entities``, ``help`` and ``counterexample`` (``None`` or ``[]`` when unknown): the keys
        of the core's serialisation, of a check diagnostic's dict and of JS
        ``ParcoursError.details``."""
        return [DiagnosticDict(**e) for e in self._errors]

    @property
    def code(self) -> str:
        """Stable code of the first problem (``L001``...)."""
        return self._errors[0]["code"] if self._errors else "L002"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self._errors, self.file))


class CodedError(ParcoursError, ValueError):
    """An error with a stable code (``parcours.codes()``), raised in the language asked for
    (``lang=``): :class:`CaseError` (``C…``), :class:`parcours.QueryError` (``Q…``) and
    :class:`TravelMatrixError` (``L…``).

    ``str(err)`` is the message, then the help on the next line; ``message``, ``help`` and
    ``pointer`` give them apart, and :meth:`errors` the one diagnostic as a dict, with the keys
    of ``NetworkError.errors()`` and JS ``ParcoursError.details``.
    """

    code: str
    """Stable code (``C001``, ``Q001``...): see ``parcours.codes()``."""
    message: str
    """What is wrong, naming the value, in the language asked for."""
    help: str | None
    """What to do about it (often the closest known id), or ``None``."""
    pointer: str
    """JSON pointer of the value at fault (``/date``), empty when unknown."""

    _DEFAULT_CODE = ""

    def __init__(
        self,
        text: str,
        code: str | None = None,
        message: str | None = None,
        help: str | None = None,  # noqa: A002 - the field's name on every surface
        pointer: str = "",
    ) -> None:
        super().__init__(text)
        self.code = code or self._DEFAULT_CODE
        self.message = text if message is None else message
        self.help = help
        self.pointer = pointer

    @property
    def hint(self) -> str | None:
        """Deprecated: the former name of :attr:`help`, kept so that existing code works."""
        return self.help

    def errors(self) -> list[DiagnosticDict]:
        """The error as a one-item list of diagnostics, as ``NetworkError.errors()`` gives
        them (every case and question code is an error; no file, position or entity)."""
        return [
            DiagnosticDict(
                code=self.code,
                severity="error",
                message=self.message,
                file=None,
                pointer=self.pointer,
                line=None,
                column=None,
                entities=[],
                help=self.help,
                counterexample=None,
            )
        ]

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.message, self.help, self.pointer))


class CaseError(CodedError):
    """A case (or a batch of cases) does not have the shape of the case format: a missing
    ``filiere``, a malformed date, an unknown field, a missing or mistyped column. ``code`` is
    ``C001`` (the case does not fit the format), ``C002`` (its date is not a date) or ``C003``
    (its origin is missing, given twice or of no known shape).

    Unknown filières, levels or origins are not errors: they give a decision whose ``outcome``
    is ``"invalid"`` with a ``reason``.
    """

    _DEFAULT_CODE = "C001"


class TravelMatrixError(CodedError):
    """A travel matrix (``Engine(..., travel=...)``, ``network.compile(travel=...)``) does not
    have the shape of the format: a list of ``{from, to, km, minutes}`` dicts. ``code`` is
    ``L002``, as for a network that does not match its format."""

    _DEFAULT_CODE = "L002"
