"""Where extraction time goes: a pyinstrument profile and each rule's share of regex time."""

from __future__ import annotations

import time

from benchmarks.corpus import generate

__all__ = ["profile_extraction"]


def profile_extraction(docs: int = 60) -> str:
    """Profile the extractor on the first ``docs`` generated articles; return a report."""
    from pyinstrument import Profiler

    from drugkg.extract import engine
    from drugkg.model import Document

    articles = [a for a in generate(docs) if not a.name.endswith(".html")]
    documents = [Document.from_text(a.name, a.text) for a in articles]
    size = sum(len(d.text.encode("utf-8")) for d in documents)
    extractor = engine.Extractor()
    profiler = Profiler(interval=0.0005)
    c0 = time.process_time()
    profiler.start()
    for document in documents:
        extractor.extract(document)
    profiler.stop()
    cpu = time.process_time() - c0
    lines = [
        f"{len(documents)} documents, {size / 1e6:.2f} MB, {cpu:.2f} s CPU: "
        f"{size / 1e6 / cpu:.3f} MB/s",
        profiler.output_text(unicode=False, color=False),
    ]

    # each rule's regex cost, on the masked sentences the extractor really reads
    masked_texts: list[str] = []
    read_sentence = engine.Extractor._read_sentence

    def record(self: engine.Extractor, masked: engine._Masked, *args: object) -> object:
        masked_texts.append(masked.text)
        return read_sentence(self, masked, *args)

    engine.Extractor._read_sentence = record
    try:
        for document in documents:
            extractor.extract(document)
    finally:
        engine.Extractor._read_sentence = read_sentence
    rules = extractor.rules.rules
    cost: dict[str, float] = {}

    def candidates(text: str) -> list[engine.Rule]:  # the engine's own word index
        return list(extractor._candidates(set(engine._TOKENS.findall(text))))

    passed = 0
    t0 = time.perf_counter()
    for text in masked_texts:
        passed += len(candidates(text))
    prefilter = time.perf_counter() - t0
    for text in masked_texts:
        for rule in candidates(text):
            t0 = time.perf_counter()
            for _ in engine._matches(rule, text):
                pass
            cost[rule.id] = cost.get(rule.id, 0.0) + time.perf_counter() - t0
    total = sum(cost.values())
    unanchored = [r.id for r in rules if not r.required]
    lines += [
        f"{len(masked_texts)} sentences, {len(rules)} rules; "
        f"{passed / max(len(masked_texts), 1):.1f} rules pass the word prefilter per sentence",
        f"choosing the candidate rules of each sentence (word prefilter): {prefilter:.2f} s",
        f"regex matching of the rules that pass it: {total:.2f} s; the costliest rules:",
    ]
    lines += [
        f"  {v:6.3f} s {100 * v / total:5.1f}%  {k}"
        for k, v in sorted(cost.items(), key=lambda kv: -kv[1])[:15]
    ]
    lines.append(
        f"rules without a required word (tried on every sentence): {', '.join(unanchored)}"
    )
    return "\n".join(lines)
