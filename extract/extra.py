"""The user's own rule and lexicon files, beside the bundled ones: ``$DRUGKG_RULES``.

The directory holds ``rules/*.yaml`` (rule files, as in ``extract/rules``) and
``lexicon/*.yaml`` (lexicon files, as in ``extract/lexicon``); either may be missing, not
both. Their files are loaded with the bundled ones and checked as strictly (an error
names the file and the rule). ``drugkg build|extract|eval --rules DIR`` sets the variable,
so that worker processes read the same files.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from drugkg.extract.rules import RuleError

__all__ = ["RULES_ENV", "extra_files"]

#: The environment variable naming the directory of extra files.
RULES_ENV = "DRUGKG_RULES"

Kind = Literal["rules", "lexicon"]


def extra_files(kind: Kind) -> list[tuple[str, str]]:
    """``(path, text)`` of each extra ``kind`` file, sorted by name; none without the variable.

    >>> extra_files("rules") if RULES_ENV not in os.environ else []
    []
    """
    root = os.environ.get(RULES_ENV, "").strip()
    if not root:
        return []
    base = Path(root).expanduser()
    if not base.is_dir():
        raise RuleError(f"${RULES_ENV} (or --rules): {root} is not a directory")
    if not (base / "rules").is_dir() and not (base / "lexicon").is_dir():
        raise RuleError(
            f"${RULES_ENV} (or --rules): {root} holds neither rules/ nor lexicon/ "
            "(extra rule files go in rules/*.yaml, lexicon files in lexicon/*.yaml)"
        )
    folder = base / kind
    if not folder.is_dir():
        return []
    files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [(str(p), p.read_text(encoding="utf-8")) for p in files]
