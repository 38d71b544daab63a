"""A damaged store is named as such, with the way to recover; it is never made anew.

RocksDB reports a truncated or missing ``MANIFEST`` or table file as ``Corruption``
(or as a missing file); drugkg leaves such a store as it is and says to build into a
new one, since the facts it held cannot be trusted.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["damaged", "is_damage"]


def is_damage(error: BaseException) -> bool:
    """Whether ``error`` from the engine means the store's files are damaged.

    >>> is_damage(RuntimeError("Corruption: truncated block read"))
    True
    >>> is_damage(OSError("IO error: No such file or directory: While opening a file for "
    ...                   "sequentially reading: s/oxigraph/MANIFEST-000005"))
    True
    >>> is_damage(RuntimeError("Invalid argument: Column family not found: gspo"))
    False
    """
    text = str(error)
    return "Corruption" in text or ("IO error: No such file or directory" in text)


def damaged(directory: Path | str, reason: str) -> Exception:
    """The one-line error for the damaged store in ``directory``."""
    from drugkg.kg.errors import StoreError

    reason = reason if len(reason) <= 300 else reason[:299] + "…"
    where = f" at {directory}" if str(directory) else ""
    return StoreError(
        f"the store{where} is damaged ({reason}); it was left as it is: build into a "
        f"new store ('drugkg build ARTICLES --store NEW'), then remove this one"
    )
