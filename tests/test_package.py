"""The tools see one package tree: kg/, extract/ and ontology/ are drugkg's subpackages.

The docstring examples themselves run in pytest's own collection (``--doctest-modules``
over ``testpaths``, which holds ``drugkg``); these tests guard the layout that makes
pytest, mypy and ruff find them.
"""

from __future__ import annotations

import ast
import importlib
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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


def _modules() -> dict[str, Path]:
    """Every module of the drugkg package (the symlinked subpackages included) by name."""
    found = {}
    for path in sorted((ROOT / "drugkg").rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules ``name`` imports when it is imported (not inside functions,
    nor under ``if TYPE_CHECKING``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known}
    return found - {name}


def test_no_import_circle() -> None:
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        if name in trail:
            cycle = [*trail[trail.index(name) :], name]
            pytest.fail("import circle: " + " -> ".join(cycle))
        if name in done:
            return
        for target in sorted(graph[name]):
            visit(target, [*trail, name])
        done.add(name)

    for name in sorted(graph):
        visit(name, [])


def test_commands_do_not_import_the_cli() -> None:
    modules = _modules()
    for name, path in modules.items():
        if not name.startswith("drugkg.commands"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                assert node.module != "drugkg.cli", name
            if isinstance(node, ast.Import):
                assert all(a.name != "drugkg.cli" for a in node.names), name


def test_the_pipeline_only_orchestrates() -> None:
    source = (ROOT / "drugkg" / "pipeline.py").read_text(encoding="utf-8")
    assert "pyoxigraph" not in source


@pytest.mark.parametrize("folder", ["drugkg", "kg"])
def test_no_module_is_too_long(folder: str) -> None:
    long = {
        path.name: n
        for path in (ROOT / folder).glob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 520
    }
    assert not long, f"modules over 520 lines: {long}"
