"""parcours: rules library for French healthcare cooperation networks.

Load a network (GHT, GCS, alliances, conventions) from JSON or TOML, then inspect it::

    import parcours

    net = parcours.Network.from_file("examples/networks/sud-haut-marnais.json")
    net.summary()["sites"]

Loading problems raise :class:`NetworkError` (a :class:`ValueError`) whose ``errors()`` list
each problem with its code, JSON pointer, line, column and a hint. The library does no I/O
beyond ``Network.from_file`` and never logs network or case data.
"""

from __future__ import annotations

import json
from typing import Any

from parcours._core import Network, __version__
from parcours._core import network_schema as _network_schema
from parcours.errors import NetworkError, ParcoursError
from parcours.types import ErrorDetails, Summary

__all__ = [
    "ErrorDetails",
    "Network",
    "NetworkError",
    "ParcoursError",
    "Summary",
    "__version__",
    "network_schema",
]


def network_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the network format, generated from the Rust types."""
    schema: dict[str, Any] = json.loads(_network_schema())
    return schema
