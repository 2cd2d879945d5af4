"""Compiled part of parcours (Rust, PyO3). Import from ``parcours`` rather than from here."""

from os import PathLike
from typing import Any, ClassVar, final

from parcours.types import Summary

__all__ = ["Network", "network_schema", "__version__"]
__version__: str

@final
class Network:
    """A cooperation network, loaded and validated. Immutable."""

    @staticmethod
    def from_file(path: str | PathLike[str]) -> Network:
        """Reads and loads a network file; ``.toml`` files are TOML, anything else JSON.

        Raises ``NetworkError`` on a bad network, ``OSError`` (``FileNotFoundError``...) when
        the file cannot be read, ``UnicodeDecodeError`` when it is not UTF-8."""
    @staticmethod
    def from_json(text: str) -> Network:
        """Loads a network from JSON text. Raises ``NetworkError``."""
    @staticmethod
    def from_toml(text: str) -> Network:
        """Loads a network from TOML text. Raises ``NetworkError``."""
    @staticmethod
    def from_dict(data: dict[str, Any]) -> Network:
        """Loads a network from a dict shaped like the JSON format. Raises ``NetworkError``
        (pointers, no line or column) or ``TypeError`` for values JSON cannot hold."""
    @property
    def id(self) -> str:
        """Stable identifier of the network."""
    @property
    def name(self) -> str:
        """Human-readable name of the network."""
    def summary(self) -> Summary:
        """Counts of what the network holds, by kind."""
    def to_json(self) -> str:
        """The network as pretty JSON, the canonical format."""
    def to_dict(self) -> dict[str, Any]:
        """The network as a dict shaped like the JSON format."""
    def _repr_html_(self) -> str: ...
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __eq__(self, value: object, /) -> bool: ...
    __hash__: ClassVar[None]  # type: ignore[assignment]

def network_schema() -> str:
    """The JSON Schema of the network format, as pretty JSON text."""
