"""Exceptions of parcours: everything raised on purpose derives from :class:`ParcoursError`.

They are defined in Python, not in the compiled module, so that :class:`NetworkError` can
subclass both :class:`ParcoursError` and :class:`ValueError`.
"""

from __future__ import annotations

from typing import Any

from parcours.types import ErrorDetails

__all__ = ["CaseError", "NetworkError", "ParcoursError"]


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


class CaseError(ParcoursError, ValueError):
    """A case (or a batch of cases) does not have the shape of the case format: a missing
    ``filiere``, a malformed date, an unknown field, a missing or mistyped column.

    Unknown filières, levels or origins are not errors: they give a decision whose ``outcome``
    is ``"invalid"`` with a ``reason``.
    """
