"""The benchmarks: extraction throughput, builds, query latency, load and export.

Each measure is printed as it is taken, with its goal, and the whole table is written
into ``benchmarks/README.md`` between markers for the corpus size, with the machine
and the command. Throughput per core is measured in CPU seconds of the process that
does the work, so other load on the machine does not count against it; builds are
timed by the wall clock, the only fair measure of a parallel speed-up.
"""

from __future__ import annotations

import io
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.corpus import write_corpus

__all__ = ["Figure", "run_all"]

MB = 1e6


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure, with its goal and whether it is met."""

    section: str
    measure: str
    value: str
    goal: str = ""
    met: bool | None = None  # None: no goal

    @property
    def status(self) -> str:
        return "" if self.met is None else ("met" if self.met else "short")


class _Table:
    def __init__(self) -> None:
        self.figures: list[Figure] = []

    def add(
        self, section: str, measure: str, value: str, goal: str = "", met: bool | None = None
    ) -> None:
        figure = Figure(section, measure, value, goal, met)
        self.figures.append(figure)
        tail = f"   goal {goal}: {figure.status}" if goal else ""
        print(f"  {measure:<52} {value:>24}{tail}", flush=True)


# ----------------------------------------------------------------------------- machine


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import psutil
    import pyoxigraph
    import rdflib

    cpu = platform.processor() or "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}"
    try:
        import spacy

        versions += f", spaCy {spacy.__version__}"
    except ImportError:
        pass
    return {
        "drugkg": _commit(),
        "cpu": cpu,
        "cores": str(_cores()),
        "memory": f"{psutil.virtual_memory().total / 2**30:.0f} GiB",
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "libraries": versions,
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def _commit() -> str:
    """The commit of drugkg being measured (and "+ changes" for a dirty work tree)."""
    root = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown commit"
    return f"commit {head}" + (" + changes" if dirty else "")


def _cores() -> int:
    from drugkg.pipeline import default_jobs

    return default_jobs()


# -------------------------------------------------------------------------- extraction


def extraction(corpus: Path, docs: int, table: _Table) -> None:
    """Extraction MB/s per core, beside spaCy's blank English tokenizer and sentencizer."""
    from drugkg.readers import find_files, read_document

    files = [p for p in find_files([corpus]) if isinstance(p, Path)][:docs]
    size = sum(p.stat().st_size for p in files)
    c0 = time.process_time()
    documents = [read_document(p) for p in files]
    read_cpu = time.process_time() - c0
    texts = [d.text for d in documents]
    text_bytes = sum(len(t.encode("utf-8")) for t in texts)
    section = f"Extraction ({len(files)} documents, {text_bytes / MB:.1f} MB of text, one core)"
    print(section, flush=True)
    table.add(section, "reading files (decode, HTML main text)", f"{size / MB / read_cpu:.2f} MB/s")

    c0, w0 = time.process_time(), time.perf_counter()
    from drugkg.extract.engine import Extractor

    extractor = Extractor()
    init_cpu, init_wall = time.process_time() - c0, time.perf_counter() - w0
    table.add(
        section,
        "extractor start-up (rules, gazetteer)",
        f"{init_cpu:.1f} s CPU ({init_wall:.1f} s wall)",
    )

    c0 = time.process_time()
    facts = 0
    for document in documents:
        facts += len(extractor.extract(document).assertions)
    cpu = time.process_time() - c0
    ours = text_bytes / MB / cpu
    table.add(
        section, "drugkg extraction, every rule on", f"{ours:.3f} MB/s", "≥ 2 MB/s", ours >= 2
    )
    table.add(section, "  documents/s, assertions/s", f"{len(texts) / cpu:.1f}, {facts / cpu:.0f}")

    # the same documents with every candidate rule tried, as before the RE2 prefilter
    plain = Extractor(prefilter=False)
    c0 = time.process_time()
    plain_facts = sum(len(plain.extract(document).assertions) for document in documents)
    plain_cpu = time.process_time() - c0
    plain_rate = text_bytes / MB / plain_cpu
    table.add(section, "  without the RE2 rule prefilter", f"{plain_rate:.3f} MB/s")
    table.add(
        section,
        "  prefilter speed-up (same readings)",
        f"{plain_cpu / cpu:.2f}x",
        "same count",
        plain_facts == facts,
    )

    try:
        import spacy
    except ImportError:
        table.add(section, "spaCy reference", "not installed (pip install -e '.[bench]')")
        return
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    list(nlp.pipe(texts[:8]))  # warm-up: spaCy sets itself up lazily
    c0 = time.process_time()
    sentences = 0
    for doc in nlp.pipe(texts, batch_size=64):
        sentences += sum(1 for _ in doc.sents)
    spacy_cpu = time.process_time() - c0
    reference = text_bytes / MB / spacy_cpu
    table.add(section, "spaCy blank('en') tokenizer + sentencizer", f"{reference:.2f} MB/s")
    ratio = ours / reference
    table.add(section, "ratio drugkg / spaCy", f"{ratio:.3f}", "≥ 1.0", ratio >= 1.0)


# ------------------------------------------------------------------------------ builds


@dataclass(frozen=True, slots=True)
class BuildRun:
    docs: int
    jobs: int
    wall: float
    cpu: float
    max_rss: int  # bytes, the largest single process
    tree_rss: int  # bytes, the whole process tree at its peak
    summary: str
    store_bytes: int


def _drugkg() -> list[str]:
    script = Path(sys.executable).parent / "drugkg"
    return [str(script)] if script.exists() else [sys.executable, "-m", "drugkg.cli"]


@contextmanager
def _tree_rss(pid: int) -> Iterator[list[int]]:
    """Sample the summed RSS of ``pid`` and its descendants; yields ``[peak]``."""
    import psutil

    peak = [0]
    stop = threading.Event()

    def sample() -> None:
        try:
            root = psutil.Process(pid)
        except psutil.Error:
            return
        while not stop.is_set():
            total = 0
            try:
                for proc in [root, *root.children(recursive=True)]:
                    with suppress(psutil.Error):
                        total += proc.memory_info().rss
            except psutil.Error:
                break
            peak[0] = max(peak[0], total)
            stop.wait(0.2)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def build_once(corpus: Path, store: Path, *, jobs: int, docs: int) -> BuildRun:
    """``drugkg build`` in a subprocess: wall time, CPU, peak memory."""
    shutil.rmtree(store, ignore_errors=True)
    env = {**os.environ, "COLUMNS": "200"}
    command = [
        *_drugkg(),
        "build",
        str(corpus),
        "--store",
        str(store),
        "--no-turtle",
        "-j",
        str(jobs),
    ]
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        with _tree_rss(proc.pid) as peak:
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({proc.returncode}):\n{text}")
    summary = next((line for line in text.splitlines() if line.startswith("store:")), "")
    return BuildRun(
        docs=docs,
        jobs=jobs,
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss=usage.ru_maxrss * 1024,
        tree_rss=peak[0],
        summary=re.sub(r"^store: \S+\s+", "", summary),
        store_bytes=_dir_size(store),
    )


def builds(
    corpora: dict[int, Path], work: Path, *, docs: int, speedup_docs: int, jobs: int, table: _Table
) -> Path:
    """Serial and parallel builds; returns the store of the largest parallel build."""
    small = max(docs // 10, 1)
    speed = min(docs, speedup_docs)
    section = f"drugkg build (wall clock, {jobs} cores; --no-turtle; best of 2 for the speed-up)"
    print(section, flush=True)
    runs: dict[tuple[int, int], BuildRun] = {}
    # the serial and the parallel build twice, in turn, keeping the faster of each: on a
    # shared machine another job can take a core away from one of them
    pair = [(speed, 1), (speed, jobs)]
    plan = pair * 2 + [
        key for key in dict.fromkeys([(small, jobs), (docs, jobs)]) if key not in pair
    ]
    for n, j in plan:
        run = build_once(corpora[n], work / f"store-{n}-j{j}", jobs=j, docs=n)
        if (n, j) in runs and runs[n, j].wall <= run.wall:
            continue
        runs[n, j] = run
    for (n, j), run in runs.items():
        size = _dir_size(corpora[n])
        table.add(section, f"{n} documents, --jobs {j}: wall time", f"{run.wall:.1f} s")
        table.add(
            section,
            "  documents/s, MB/s of files",
            f"{n / run.wall:.1f}, {size / MB / run.wall:.3f}",
        )
        table.add(
            section,
            "  peak memory: largest process, whole tree",
            f"{run.max_rss / 2**20:.0f} MiB, {run.tree_rss / 2**20:.0f} MiB",
        )
        table.add(section, "  graph", run.summary.replace("  ", ", "))
    serial, parallel = runs[speed, 1], runs[speed, jobs]
    speedup = serial.wall / parallel.wall
    goal = f"≥ {0.9 * jobs:.1f}×" if jobs > 1 else ""
    table.add(
        section,
        f"parallel speed-up on {speed} documents, --jobs {jobs} vs 1",
        f"{speedup:.2f}×",
        goal,
        speedup >= 0.9 * jobs if jobs > 1 else None,
    )
    first, last = runs[min(small, docs), jobs], runs[docs, jobs]
    if last.docs > first.docs:
        growth = last.tree_rss / max(first.tree_rss, 1)
        table.add(
            section,
            f"memory growth, {first.docs} → {last.docs} documents (whole tree)",
            f"{growth:.2f}×",
            "roughly flat (≤ 1.5×)",
            growth <= 1.5,
        )
    return work / f"store-{docs}-j{jobs}"


# ----------------------------------------------------------------------------- queries


def _params(store: Any) -> dict[str, str]:
    """Parameter values that exist in the graph: the most described drug and conditions."""

    def top(predicate: str, slot: str, cls: str, fallback: str) -> str:
        rows = store.query(
            f"SELECT ?l (COUNT(*) AS ?n) WHERE {{ ?f a dkg:Fact ; rdf:predicate dkg:{predicate} ;"
            f" rdf:{slot} ?x . ?x a dkg:{cls} ; rdfs:label ?l }}"
            " GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"
        ).rows()
        return rows[0][0] if rows else fallback

    return {
        "drug": top("has_side_effect", "subject", "Drug", "sertraline"),
        "condition": top("treats", "object", "Condition", "depression"),
        "contra": top("contraindicated_in", "object", "Condition", "asthma"),
    }


def _bindings(query: Any, params: dict[str, str]) -> dict[str, Any]:
    values = {}
    for p in query.params:
        values[p.name] = params["contra"] if query.name == "contraindicated_in" else params[p.name]
    return query.bindings(values)


def _timed(fn: Callable[..., int], reps: int, budget: float) -> tuple[list[float], int]:
    rows = fn()  # warm-up
    times: list[float] = []
    spent = 0.0
    while len(times) < reps and (spent < budget or len(times) < 1):
        t0 = time.perf_counter()
        rows = fn()
        times.append(time.perf_counter() - t0)
        spent += times[-1]
    return times, rows


def _p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]


class _Timeout(Exception):
    pass


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Raise :class:`_Timeout` in this (main) thread after ``seconds`` (rdflib is pure Python)."""
    import signal

    def expire(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def queries(
    store_path: Path, reference_path: Path | None, table: _Table, *, timeout: int = 60
) -> None:
    """Latency of the named queries on Oxigraph, and on rdflib's in-memory store for scale.

    rdflib gets ``timeout`` seconds a query (a run that takes longer counts as
    ``timeout``, so the ratio is then a lower bound).
    """
    import pyoxigraph as ox
    import rdflib

    from drugkg.kg.queries import _default_queries
    from drugkg.kg.results import QUERY_PREFIXES
    from drugkg.kg.store import GraphStore

    named = _default_queries()
    with GraphStore.open(store_path, read_only=True) as store:
        quads = len(store)
        params = _params(store)
        section = f"Named queries on Oxigraph ({quads / 1e6:.2f} M quads; up to 20 runs)"
        print(section, flush=True)
        for name, q in named.items():
            b = _bindings(q, params)
            times, rows = _timed(
                lambda q=q, b=b: len(store.query(q.text, bindings=b).rows()), 20, 30
            )
            median = statistics.median(times)
            table.add(
                section,
                f"{name} ({rows} rows): median, p95",
                f"{median * 1e3:.1f} ms, {_p95(times) * 1e3:.1f} ms",
            )
    if reference_path is None:
        return
    with GraphStore.open(reference_path, read_only=True) as store:
        data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
        quads = len(store)
        params = _params(store)
        section = (
            f"Named queries, Oxigraph vs rdflib in memory, same data ({quads / 1e6:.2f} M quads)"
        )
        print(section, flush=True)
        t0 = time.perf_counter()
        dataset = rdflib.Dataset()
        dataset.parse(data=data, format="nquads")
        parse = time.perf_counter() - t0
        table.add(section, "rdflib: parse N-Quads into memory", f"{quads / parse:,.0f} quads/s")
        ratios = []
        bounded = False
        for name, q in named.items():
            b = _bindings(q, params)
            ox_times, ox_rows = _timed(
                lambda q=q, b=b: len(store.query(q.text, bindings=b).rows()), 20, 30
            )
            init = {k: rdflib.Literal(v) for k, v in b.items()}
            ns = dict(QUERY_PREFIXES)
            try:
                with _deadline(timeout):
                    rdf_times, rdf_rows = _timed(
                        lambda q=q, init=init, ns=ns: len(
                            list(dataset.query(q.text, initNs=ns, initBindings=init))
                        ),
                        3,
                        timeout / 2,
                    )
                rdf = statistics.median(rdf_times)
                shown = f"{rdf * 1e3:.0f} ms"
                if rdf_rows != ox_rows:
                    shown += f" (rows differ: {ox_rows} vs {rdf_rows})"
            except _Timeout:
                rdf, shown, bounded = float(timeout), f"> {timeout} s (stopped)", True
            ox_median = statistics.median(ox_times)
            ratios.append(rdf / ox_median)
            table.add(
                section, f"{name}: Oxigraph / rdflib median", f"{ox_median * 1e3:.1f} ms / {shown}"
            )
        geo = statistics.geometric_mean(ratios)
        value = f"{'≥ ' if bounded else ''}{geo:.0f}× faster"
        table.add(section, "Oxigraph vs rdflib latency (geometric mean)", value, "≥ 1×", geo >= 1)


# ------------------------------------------------------------------------ load, export


def load_export(store_path: Path, work: Path, table: _Table) -> None:
    """N-Quads dump, bulk load into a fresh store, Turtle export: triples per second."""
    import pyoxigraph as ox

    from drugkg.kg.export import export
    from drugkg.kg.store import GraphStore

    with GraphStore.open(store_path, read_only=True) as store:
        quads = len(store)
        section = f"Store load and export ({quads / 1e6:.2f} M quads)"
        print(section, flush=True)
        t0 = time.perf_counter()
        data = store.oxigraph.dump(format=ox.RdfFormat.N_QUADS)
        dump = time.perf_counter() - t0
        table.add(section, "N-Quads dump", f"{quads / dump:,.0f} quads/s")
        t0 = time.perf_counter()
        buffer = io.BytesIO()
        export(store, "turtle", buffer)
        turtle = time.perf_counter() - t0
        triples = sum(1 for _ in ox.parse(buffer.getvalue(), format=ox.RdfFormat.TURTLE))
        table.add(
            section,
            f"Turtle export ({triples / 1e6:.2f} M triples, sorted)",
            f"{triples / turtle:,.0f} triples/s",
        )
    target = work / "store-load"
    shutil.rmtree(target, ignore_errors=True)
    with GraphStore.open(target) as fresh:
        t0 = time.perf_counter()
        fresh.bulk_load(data)
        fresh.close()
        load = time.perf_counter() - t0
    table.add(section, "bulk load into an empty on-disk store", f"{quads / load:,.0f} quads/s")
    shutil.rmtree(target, ignore_errors=True)


# ------------------------------------------------------------------------------ README


_START = "<!-- results docs={docs} -->"
_END = "<!-- end results docs={docs} -->"


def _markdown(
    docs: int, command: str, info: dict[str, str], figures: list[Figure], elapsed: float
) -> str:
    lines = [
        _START.format(docs=docs),
        f"### {docs:,} documents",
        "",
        f"Command: `{command}` ({elapsed / 60:.0f} min, {time.strftime('%Y-%m-%d')}).",
        "",
        "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()) + ".",
        "",
    ]
    section = None
    for f in figures:
        if f.section != section:
            section = f.section
            lines += ["", f"**{section}**", "", "| measure | value | goal | |", "|---|---|---|---|"]
        lines.append(f"| {f.measure.strip()} | {f.value} | {f.goal} | {f.status} |")
    lines.append(_END.format(docs=docs))
    return "\n".join(lines) + "\n"


def _update_readme(path: Path, docs: int, block: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n## Results\n\n"
    start, end = _START.format(docs=docs), _END.format(docs=docs)
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = head + block.rstrip("\n") + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block
    path.write_text(text, encoding="utf-8")


# --------------------------------------------------------------------------------- run


def run_all(
    *,
    docs: int,
    work: Path | None,
    jobs: int,
    speedup_docs: int,
    reference_docs: int,
    extract_docs: int,
    readme: Path | None,
    json_path: Path | None,
) -> list[Figure]:
    """Every benchmark on a corpus of ``docs`` documents; returns (and records) the figures."""
    started = time.perf_counter()
    jobs = jobs or _cores()
    info = machine()
    print("Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    temp = None
    if work is None:
        temp = tempfile.TemporaryDirectory(prefix="drugkg-bench-")
        work = Path(temp.name)
    work.mkdir(parents=True, exist_ok=True)
    table = _Table()
    try:
        reference = min(docs, reference_docs)
        speed = min(docs, speedup_docs)
        sizes = sorted({max(docs // 10, 1), speed, reference, docs})
        corpora = {}
        for n in sizes:
            corpora[n] = work / f"corpus-{n}"
            files, size = write_corpus(corpora[n], n)
        print(f"Corpus: {files} documents, {size / MB:.1f} MB under {work}", flush=True)
        extraction(corpora[speed], min(extract_docs, speed), table)
        biggest = builds(
            corpora, work, docs=docs, speedup_docs=speedup_docs, jobs=jobs, table=table
        )
        ref_store = work / f"store-{reference}-j{jobs}"
        if not ref_store.exists():
            build_once(corpora[reference], ref_store, jobs=jobs, docs=reference)
        queries(biggest, ref_store, table)
        load_export(ref_store, work, table)
    finally:
        if temp is not None:
            temp.cleanup()
    info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    elapsed = time.perf_counter() - started
    command = "python -m benchmarks run" + ("" if docs == 2000 else f" --docs {docs}")
    if readme is not None:
        _update_readme(readme, docs, _markdown(docs, command, info, table.figures, elapsed))
        print(f"Results written to {readme}", flush=True)
    if json_path is not None:
        json_path.write_text(
            json.dumps(
                {"docs": docs, "machine": info, "figures": [asdict(f) for f in table.figures]},
                indent=1,
            ),
            encoding="utf-8",
        )
    return table.figures
