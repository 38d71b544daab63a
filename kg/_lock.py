"""The lock file of a store directory: one writer, or any number of readers."""

from __future__ import annotations

import errno
import fcntl
import os
from pathlib import Path
from typing import IO

from drugkg.kg._fork import alive, holders, not_inherited
from drugkg.kg.errors import StoreError, StoreLockedError

__all__ = ["LOCK_FILE", "StoreLock"]

LOCK_FILE = "drugkg.lock"
_LOCK_FILE = LOCK_FILE


class StoreLock:
    """An advisory lock file: exclusive for a writer, shared for readers."""

    def __init__(self, directory: Path, *, shared: bool) -> None:
        path = directory / _LOCK_FILE
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:  # not ours to write, or a read-only file system
            if error.errno == errno.EROFS and not shared:
                raise StoreError(
                    f"cannot write the store at {directory}: it is on a read-only file system"
                ) from None
            if not isinstance(error, PermissionError) and error.errno != errno.EROFS:
                raise
            fd = os.open(path, os.O_RDONLY)
        self._file: IO[str] | None = os.fdopen(fd, "r+" if os.access(path, os.W_OK) else "r")
        try:
            fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._file.read().strip()
            self._file.close()
            self._file = None
            if holder.isdigit() and not alive(int(holder)):  # a stale pid: name who holds it
                holder = ", ".join(str(p) for p in holders(str(path)) if p != os.getpid())
            who = f" (pid {holder})" if holder else ""
            raise StoreLockedError(
                f"store in use by another drugkg process{who}: {directory}"
            ) from None
        if not shared:
            self._file.seek(0)
            self._file.truncate()
            self._file.write(str(os.getpid()))
            self._file.flush()
        not_inherited(self._file)  # a forked child never holds the lock (kg/_fork.py)

    def release(self) -> None:
        if self._file is not None:
            fcntl.flock(self._file.fileno(), fcntl.LOCK_UN)
            self._file.close()
            self._file = None
