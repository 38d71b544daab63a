"""Text that stays what it is on the way out: well-formed XML, and no terminal control codes.

A document may hold any character, and a query may make any string; XML 1.0 has no way to
write most C0 control characters (not even as ``&#27;``), and a terminal obeys them.
"""

from __future__ import annotations

import re

__all__ = ["for_terminal", "spreadsheet_safe", "xml_safe"]

# Characters XML 1.0 forbids, as they appear in UTF-8: C0 controls other than tab, line
# feed and carriage return (one byte each, never part of a longer sequence), U+FFFE, U+FFFF.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_REPLACEMENT = "\ufffd".encode()
# C0 and C1 controls and DEL, but tab and line feed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def xml_safe(data: bytes) -> bytes:
    """UTF-8 XML with each character XML 1.0 forbids replaced by U+FFFD.

    >>> xml_safe(b"<literal>a\\x0bb\\x1b[31m</literal>").decode()
    '<literal>a\ufffdb\ufffd[31m</literal>'
    """
    return _NOT_XML.sub(_REPLACEMENT, data)


def for_terminal(text: str) -> str:
    r"""``text`` with control characters (escape sequences, bells, form feeds) written as
    ``\xNN``, so a terminal shows them instead of obeying them.

    >>> print(for_terminal("red\x1b[31m bell\x07 line\nend"))
    red\x1b[31m bell\x07 line
    end
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


# What makes a spreadsheet read a cell as a formula (OWASP's list: = + - @, tab, CR).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text: a string that would start a formula gets
    a leading ``'``; numbers and other strings are left as they are.

    >>> spreadsheet_safe('=HYPERLINK("http://evil.example")'), spreadsheet_safe(-0.5)
    ('\\'=HYPERLINK("http://evil.example")', -0.5)
    >>> spreadsheet_safe("sertraline")
    'sertraline'
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value
