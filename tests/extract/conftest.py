"""Shared fixtures: one extractor per test session (building the gazetteer takes seconds)."""

from __future__ import annotations

import pytest

from drugkg.extract.engine import Extractor
from drugkg.extract.lexicon import default_gazetteer
from drugkg.extract.rules import load_rules


@pytest.fixture(scope="session")
def rules():
    return load_rules()


@pytest.fixture(scope="session")
def gazetteer():
    return default_gazetteer()


@pytest.fixture(scope="session")
def extractor(rules, gazetteer):
    return Extractor(rules, gazetteer)
