"""The tools see one package tree: kg/, extract/ and ontology/ are drugkg's subpackages.

The docstring examples themselves run in pytest's own collection (``--doctest-modules``
over ``testpaths``, which holds ``drugkg``); these tests guard the layout that makes
pytest, mypy and ruff find them.
"""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("name", ["kg", "extract", "ontology"])
def test_top_level_folder_is_the_subpackage(name: str) -> None:
    assert (ROOT / "drugkg" / name).resolve() == (ROOT / name).resolve()
    module = importlib.import_module(f"drugkg.{name}")
    assert module.__file__ is not None
    assert Path(module.__file__).resolve().parent == (ROOT / name).resolve()


def test_pytest_collects_every_docstring_example() -> None:
    options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    ini = options["ini_options"]
    assert "drugkg" in ini["testpaths"]
    assert "--doctest-modules" in ini["addopts"]
