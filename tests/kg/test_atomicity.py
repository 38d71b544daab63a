"""A writer killed with SIGKILL at any moment leaves one version of a document or the other."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from drugkg.kg.store import GraphStore

# Two versions of a large document and a second document sharing facts with both:
# every switch rewrites hundreds of quads in the named graph and the default graph.
SOURCES = textwrap.dedent(
    """
    from drugkg.model import (Assertion, Document, Entity, EntityType, Evidence, Predicate,
                              Triple)

    def version(n):
        sentences = [f"Drug{i % 40} treats condition {i} (version {n})." for i in range(200)]
        doc = Document.from_text("big", " ".join(sentences))
        out, start = [], 0
        for i, s in enumerate(sentences):
            drug = Entity.make(EntityType.DRUG, f"drug{i % 40}")
            cond = Entity.make(EntityType.CONDITION, f"condition {i + 100 * n}")
            ev = Evidence("big", s, start, start + len(s), f"rule.{n}", confidence=0.5 + n / 4)
            out.append(Assertion(Triple(drug, Predicate.TREATS, cond), ev))
            start += len(s) + 1
        return doc, out

    def other():
        s = " ".join(f"Drug{i % 40} treats condition {i}." for i in range(100, 200))
        doc = Document.from_text("other", s)
        out, start = [], 0
        for i in range(100, 200):
            text = f"Drug{i % 40} treats condition {i}."
            drug = Entity.make(EntityType.DRUG, f"drug{i % 40}")
            cond = Entity.make(EntityType.CONDITION, f"condition {i}")
            ev = Evidence("other", text, start, start + len(text), "rule.o", confidence=0.6)
            out.append(Assertion(Triple(drug, Predicate.TREATS, cond), ev))
            start += len(text) + 1
        return doc, out
    """
)

WRITER = SOURCES + textwrap.dedent(
    """
    import sys
    import drugkg.kg.store as store_module
    from drugkg.kg.store import GraphStore

    build_request = store_module.update_request

    def announced(*args):
        request = build_request(*args)
        print("update", flush=True)  # the single update request is sent right after this
        return request

    store_module.update_request = announced
    store = GraphStore.open(sys.argv[1])
    store.replace_document(*other())
    versions = [version(0), version(1)]
    store.replace_document(*versions[0])
    print("ready", flush=True)
    n = 0
    while True:
        n = 1 - n
        store.replace_document(*versions[n])
    """
)


@pytest.mark.slow
def test_sigkill_mid_write_leaves_a_whole_version(tmp_path: Path) -> None:
    namespace: dict[str, object] = {}
    exec(SOURCES, namespace)  # the same document builders the writer uses
    expected = []
    for n in (0, 1):
        with GraphStore.memory() as store:
            store.replace_document(*namespace["other"]())  # type: ignore[operator]
            store.replace_document(*namespace["version"](n))  # type: ignore[operator]
            expected.append(set(store.quads()))
    assert expected[0] != expected[1]

    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    rng = random.Random(1234)
    for attempt in range(5):
        path = tmp_path / f"store-{attempt}"
        writer = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        while writer.stdout.readline().strip() != "ready":
            pass
        # Kill while an update request is being applied (it takes ~0.2 s here), after
        # a random number of version switches.
        for _ in range(rng.randint(1, 2)):
            while writer.stdout.readline().strip() != "update":
                pass
        time.sleep(rng.uniform(0.0, 0.2))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        with GraphStore.open(path, read_only=True) as store:
            quads = set(store.quads())
        assert quads in expected, f"attempt {attempt}: a partial write survived the kill"
