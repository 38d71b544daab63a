"""The errors of drugkg stores (embedded or on a SPARQL endpoint)."""

from __future__ import annotations

__all__ = ["QueryError", "StoreError", "StoreLockedError"]


class StoreError(Exception):
    """A problem with a drugkg store."""


class StoreLockedError(StoreError):
    """Another drugkg process holds the store."""


class QueryError(StoreError, ValueError):
    """A SPARQL query that cannot run: malformed, or with bad bindings."""
