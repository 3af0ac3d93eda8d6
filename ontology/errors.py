"""The one root exception of vankien and its specific subclasses.

Code raises these and never swallows them; only ``api/`` maps them to HTTP status
codes and only the CLI maps them to exit codes.
"""

from __future__ import annotations


class VankienError(Exception):
    """Root of every error vankien raises on purpose."""


class SourceError(VankienError):
    """A source file cannot be read: empty, binary, undecodable, malformed, too large."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class NormalizationError(VankienError):
    """An unknown normalisation step was asked for."""


class NotFoundError(VankienError):
    """An entity id or reference is not in the store."""

    def __init__(self, what: str, suggestions: list[dict[str, object]] | None = None) -> None:
        self.what = what
        self.suggestions = suggestions or []
        super().__init__(f"not found: {what}")


class InvalidRequestError(VankienError):
    """A query or parameter is malformed or out of bounds."""


class StoreError(VankienError):
    """A store cannot be opened, read or written."""


class StoreUnavailableError(StoreError):
    """A store's server cannot be reached (not running, wrong address, connection lost)."""


class ConfigurationError(VankienError):
    """A setting (environment variable or flag) is malformed or no longer read."""


class StoreLockedError(StoreError):
    """Another process is writing to the embedded store."""


class QueryLimitError(VankienError):
    """A query went past its time or size limit."""


class ExportError(VankienError):
    """An export or import of RDF failed."""
