"""The query page's vendored front-end files (``kg/server_static/vendor/``) are the ones
``frontend/package-lock.json`` pins, unchanged, with their licence, and ship in the package.

``frontend/vendor.py`` reproduces them from npm and writes each folder's ``VENDORED.json``.
When ``frontend/node_modules`` is there (after that script), the files are also compared
byte for byte with what npm installed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import tomllib
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FRONTEND = ROOT / "frontend"
VENDOR = ROOT / "kg" / "server_static" / "vendor"
FOLDERS = sorted(p.parent.name for p in VENDOR.glob("*/VENDORED.json"))


def _record(folder: str) -> dict[str, Any]:
    return dict(json.loads((VENDOR / folder / "VENDORED.json").read_text(encoding="utf-8")))


def test_every_pinned_package_is_vendored() -> None:
    declared = json.loads((FRONTEND / "package.json").read_text(encoding="utf-8"))
    pinned = declared["dependencies"]
    assert {_record(f)["package"] for f in FOLDERS} == set(pinned)
    for package, version in pinned.items():  # exact versions, no ranges
        assert version[0].isdigit(), f"{package}: pin an exact version, not {version}"


@pytest.mark.parametrize("folder", FOLDERS)
def test_vendored_files_match_the_lock(folder: str) -> None:
    record = _record(folder)
    lock = json.loads((FRONTEND / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"][f"node_modules/{record['package']}"]
    assert (record["version"], record["integrity"]) == (entry["version"], entry["integrity"])
    present = {p.name for p in (VENDOR / folder).iterdir()} - {"VENDORED.json"}
    assert present == set(record["files"]) == set(record["from"])
    assert any(name.startswith("LICENSE") for name in present)
    for name, digest in record["files"].items():
        data = (VENDOR / folder / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{folder}/{name} was changed"
    installed = FRONTEND / "node_modules" / record["package"]
    if installed.is_dir():  # after 'python3 frontend/vendor.py': the same bytes as npm's
        version = json.loads((installed / "package.json").read_text(encoding="utf-8"))["version"]
        assert version == record["version"]
        for name, origin in record["from"].items():
            assert (installed / origin).read_bytes() == (VENDOR / folder / name).read_bytes()


def test_the_vendored_files_ship_in_the_package() -> None:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "server_static/vendor/*/*" in data["package-data"]["drugkg.kg"]
    shipped = files("drugkg.kg") / "server_static" / "vendor"
    for folder in FOLDERS:
        for name in _record(folder)["files"]:
            assert (shipped / folder / name).is_file()


def test_the_page_policy_allows_the_one_style_yasgui_adds() -> None:
    """The column resizer inserts one constant <style>: its hash is the one the CSP names."""
    from drugkg.kg.server import RESIZER_STYLE

    script = (VENDOR / "yasgui" / "yasgui.min.js").read_text(encoding="utf-8")
    [literal] = re.findall(r'createStyle\(i,("(?:[^"\\]|\\.)*")\)', script)
    digest = hashlib.sha256(json.loads(literal).encode("utf-8")).digest()
    assert "sha256-" + base64.b64encode(digest).decode() == RESIZER_STYLE
