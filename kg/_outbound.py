"""Make this process unable to open network connections: a seccomp filter on ``socket()``.

Oxigraph runs ``SERVICE`` and ``LOAD`` with its own HTTP client, which Python cannot
switch off. A query worker calls :func:`forbid` before it opens the store: from then on
``socket(AF_INET | AF_INET6, ...)`` fails with ``EACCES`` in this process and its
children, whatever the engine tries. Local sockets (``AF_UNIX``, the worker's pipe to the
server) still work. The filter cannot be removed; it exists on Linux (x86-64, AArch64)
only, and :func:`forbid` says whether it took hold.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import platform
import socket
import struct
import sys

__all__ = ["forbid", "forbidden"]

# Linux system call numbers of socket(2) and the seccomp audit architecture, per machine.
_ARCHES = {
    "x86_64": (41, 0xC000003E),
    "aarch64": (198, 0xC00000B7),
}
_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
# BPF opcodes: load a word at an absolute offset of seccomp_data; jump if equal; return.
_LD_ABS = 0x20
_JEQ = 0x15
_RET = 0x06
# Offsets in struct seccomp_data: nr, arch, then args[0] (its low 32 bits, little-endian).
_NR, _ARCH, _ARG0 = 0, 4, 16

_state = {"forbidden": False}


def _program(socket_nr: int, arch: int) -> list[tuple[int, int, int, int]]:
    """The filter: on this architecture, ``socket(AF_INET or AF_INET6, ...)`` is refused."""
    return [
        (_LD_ABS, 0, 0, _ARCH),
        (_JEQ, 0, 5, arch),  # another architecture: allow
        (_LD_ABS, 0, 0, _NR),
        (_JEQ, 0, 3, socket_nr),  # not socket(): allow
        (_LD_ABS, 0, 0, _ARG0),
        (_JEQ, 2, 0, socket.AF_INET),
        (_JEQ, 1, 0, socket.AF_INET6),
        (_RET, 0, 0, _RET_ALLOW),
        (_RET, 0, 0, _RET_ERRNO | errno.EACCES),
    ]


def forbid() -> bool:
    """Refuse network sockets in this process from now on; False where that is not possible.

    >>> import subprocess, sys
    >>> code = "import socket; from drugkg.kg._outbound import forbid; " \\
    ...        "print(forbid()); socket.create_connection(('127.0.0.1', 9))"
    >>> done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    >>> done.stdout == "False\\n" or "PermissionError" in done.stderr
    True
    """
    if _state["forbidden"]:
        return True
    numbers = _ARCHES.get(platform.machine())
    if not sys.platform.startswith("linux") or numbers is None or sys.byteorder != "little":
        return False
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    program = _program(*numbers)
    filters = b"".join(struct.pack("=HBBI", *op) for op in program)
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class _Prog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    prog = _Prog(len(program), ctypes.cast(buffer, ctypes.c_void_p))
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                           ctypes.c_ulong]  # fmt: skip
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
        return False
    _state["forbidden"] = True
    return True


def forbidden() -> bool:
    """Whether :func:`forbid` took hold in this process."""
    return _state["forbidden"]
