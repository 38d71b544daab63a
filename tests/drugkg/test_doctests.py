"""The examples in the docstrings of the drugkg package run and give what they show."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["drugkg.model", "drugkg.readers", "drugkg.pipeline", "drugkg.evaluate"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    for test in finder.find(module):
        runner.run(test, out=report.append)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0, f"{name} shows no examples"
    assert results.failed == 0, "".join(report)
