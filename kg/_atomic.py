"""Write a file whole or not at all, through a temporary file no one can predict or plant.

The temporary file is created exclusively (``O_EXCL``, a random name) in the target's
folder, so a planted file or symbolic link of a guessable name is never written through,
and it is removed when anything fails (a full disk, a bad target, an interrupt).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

__all__ = ["write_atomically"]


def write_atomically(
    path: str | os.PathLike[str], write: bytes | Callable[[BinaryIO], None]
) -> Path:
    """Write ``write`` (bytes, or a function given the open file) to ``path``, atomically.

    A file that exists keeps its permission bits; a new one gets 0644.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> write_atomically(folder / "a.txt", b"hello").read_bytes(), os.listdir(folder)
    (b'hello', ['a.txt'])
    >>> write_atomically(folder, b"x")
    Traceback (most recent call last):
    ...
    IsADirectoryError: ... is a folder, not a file
    """
    target = Path(path)
    if target.is_dir():
        raise IsADirectoryError(f"{target} is a folder, not a file")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as stream:
            if isinstance(write, bytes):
                stream.write(write)
            else:
                write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        try:
            mode = target.stat().st_mode & 0o777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
