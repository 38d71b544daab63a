"""Forked children never hold a store's lock, and build workers die with their parent.

A ``flock`` belongs to the open file, which a forked child shares: a child left alive
after its parent is killed would keep the store locked for good. :func:`not_inherited`
makes every child forked later point its copy of the lock's descriptor at ``/dev/null``
(the parent's lock is untouched), and :func:`die_with_parent`, run first in each build
worker, makes the kernel kill the worker when the process that started it dies.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
import weakref
from typing import IO

__all__ = ["alive", "die_with_parent", "holders", "not_inherited"]

_PR_SET_PDEATHSIG = 1
_HELD: weakref.WeakSet[IO[str]] = weakref.WeakSet()


def not_inherited(file: IO[str]) -> None:
    """Children forked from now on get ``/dev/null`` in place of ``file``'s descriptor.

    >>> import tempfile
    >>> with tempfile.TemporaryFile("w+") as held:
    ...     not_inherited(held)
    ...     pid = os.fork()
    ...     if pid == 0:  # the child: its descriptor is /dev/null now
    ...         os._exit(0 if os.path.samestat(os.fstat(held.fileno()),
    ...                                        os.stat(os.devnull)) else 1)
    ...     os.waitpid(pid, 0)[1]
    0
    """
    _HELD.add(file)


def _after_fork_in_child() -> None:
    held = list(_HELD)
    if not held:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    try:
        for file in held:
            with contextlib.suppress(ValueError, OSError):  # closed meanwhile
                os.dup2(null, file.fileno(), inheritable=False)
    finally:
        os.close(null)
    _HELD.clear()


os.register_at_fork(after_in_child=_after_fork_in_child)


def die_with_parent(parent: int) -> None:
    """Be killed (``SIGKILL``) when process ``parent`` dies: for a pool worker's initializer.

    On Linux the kernel does it (``PR_SET_PDEATHSIG``); elsewhere a thread checks every
    second. If ``parent`` is gone already, exit at once.
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:  # pragma: no cover - not Linux
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the kernel was told
        os._exit(1)


def _watch(parent: int) -> None:  # pragma: no cover - not Linux
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def holders(path: str) -> list[int]:
    """The processes that have ``path`` open (Linux: from ``/proc``; elsewhere none found).

    >>> import tempfile
    >>> with tempfile.NamedTemporaryFile() as held:
    ...     os.getpid() in holders(held.name)
    True
    """
    try:
        wanted = os.stat(path)
        entries = os.listdir("/proc")
    except OSError:
        return []
    found = []
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{entry}/fd")
        except OSError:
            continue
        for fd in fds:
            with contextlib.suppress(OSError):
                if os.path.samestat(os.stat(f"/proc/{entry}/fd/{fd}"), wanted):
                    found.append(int(entry))
                    break
    return sorted(found)


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (a zombie counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            return stat.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return True
