"""Exceptions of parcours: everything raised on purpose derives from :class:`ParcoursError`.

They are defined in Python, not in the compiled module, so that :class:`NetworkError` can
subclass both :class:`ParcoursError` and :class:`ValueError`.
"""

from __future__ import annotations

from typing import Any

from parcours.types import ErrorDetails

__all__ = ["CaseError", "CodedError", "NetworkError", "ParcoursError", "TravelMatrixError"]


class ParcoursError(Exception):
    """Root of the exceptions parcours raises."""


class NetworkError(ParcoursError, ValueError):
    """A network could not be loaded: the text is malformed, does not match the format, or
    references what it does not define.

    ``str(err)`` is the full report, one problem per line with its location and a hint;
    :meth:`errors` gives the same problems as dicts.
    """

    file: str
    """Name of the file or input (``<json>``, ``<dict>``...) the network came from."""

    def __init__(self, message: str, errors: list[ErrorDetails], file: str) -> None:
        super().__init__(message)
        self._errors = errors
        self.file = file

    def errors(self) -> list[ErrorDetails]:
        """The problems, never empty, each a dict with ``code``, ``message``, ``pointer`` (a JSON
        pointer), ``line``, ``column``, ``entity`` and ``hint`` (``None`` when unknown): the keys
        of the Rust serialisation and of JS ``ParcoursError.details``."""
        return [ErrorDetails(**e) for e in self._errors]

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

    ``str(err)`` is the message, then the help on the next line; ``message``, ``hint`` and
    ``pointer`` give them apart, as JS ``ParcoursError.details`` does.
    """

    code: str
    """Stable code (``C001``, ``Q001``...): see ``parcours.codes()``."""
    message: str
    """What is wrong, naming the value, in the language asked for."""
    hint: str | None
    """What to do about it (often the closest known id), or ``None``."""
    pointer: str
    """JSON pointer of the value at fault (``/date``), empty when unknown."""

    _DEFAULT_CODE = ""

    def __init__(
        self,
        text: str,
        code: str | None = None,
        message: str | None = None,
        hint: str | None = None,
        pointer: str = "",
    ) -> None:
        super().__init__(text)
        self.code = code or self._DEFAULT_CODE
        self.message = text if message is None else message
        self.hint = hint
        self.pointer = pointer

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (str(self), self.code, self.message, self.hint, self.pointer))


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
