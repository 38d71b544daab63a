"""A scaled corpus: N drug articles recombined from the sample corpus' paragraphs.

Each generated article is about one target drug (two for comparison pieces): its
paragraphs are drawn from the sample articles, mostly in order from one of them and
some from the others, with the sample article's drug and brand names swapped for the
target's. Files are ``.md``, ``.txt`` and (a share of) ``.html`` pages wrapped in site
boilerplate, written in folders of 1000 with unique names, so document ids are unique.
The output is a pure function of ``(n, seed)``: document ``i`` is the same whatever
``n`` is, so a 2 000-document corpus is the first 2 000 files of the 100 000 one.

    python -m benchmarks corpus --docs 100000 --out /tmp/drugkg-100k   # ~560 MB
"""

from __future__ import annotations

import html
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from drugkg.readers import read_document

__all__ = ["SAMPLE", "Article", "generate", "write_corpus"]

#: The bundled sample corpus the paragraphs come from.
SAMPLE = Path(__file__).resolve().parent.parent / "corpus" / "sample"

# The drug (generic, brand) each sample article is about, in the order it names them.
_SOURCE_DRUGS: dict[str, tuple[tuple[str, str], ...]] = {
    "ambien-zolpidem-sleep-blog": (("zolpidem", "Ambien"),),
    "ativan-lorazepam-rehab": (("lorazepam", "Ativan"),),
    "gabapentin-off-label-blog": (("gabapentin", "Neurontin"),),
    "lamictal-rash-blog": (("lamotrigine", "Lamictal"),),
    "metformin-glucophage-guide": (("metformin", "Glucophage"),),
    "oxycodone-patient-leaflet": (("oxycodone", "OxyContin"),),
    "sertraline-zoloft": (("sertraline", "Zoloft"),),
    "trazodone-vs-mirtazapine-sleep": (("trazodone", "Desyrel"), ("mirtazapine", "Remeron")),
}

# Drugs the generated articles are about (all in the gazetteer), with a brand name.
_TARGETS: tuple[tuple[str, str], ...] = (
    ("sertraline", "Zoloft"), ("fluoxetine", "Prozac"), ("paroxetine", "Paxil"),
    ("citalopram", "Celexa"), ("escitalopram", "Lexapro"), ("venlafaxine", "Effexor"),
    ("duloxetine", "Cymbalta"), ("bupropion", "Wellbutrin"), ("mirtazapine", "Remeron"),
    ("trazodone", "Desyrel"), ("amitriptyline", "Elavil"), ("lorazepam", "Ativan"),
    ("alprazolam", "Xanax"), ("clonazepam", "Klonopin"), ("diazepam", "Valium"),
    ("zolpidem", "Ambien"), ("eszopiclone", "Lunesta"), ("quetiapine", "Seroquel"),
    ("aripiprazole", "Abilify"), ("olanzapine", "Zyprexa"), ("lamotrigine", "Lamictal"),
    ("gabapentin", "Neurontin"), ("pregabalin", "Lyrica"), ("topiramate", "Topamax"),
    ("levetiracetam", "Keppra"), ("lithium", "Lithobid"), ("metformin", "Glucophage"),
    ("sitagliptin", "Januvia"), ("atorvastatin", "Lipitor"), ("lisinopril", "Zestril"),
    ("amlodipine", "Norvasc"), ("metoprolol", "Lopressor"), ("propranolol", "Inderal"),
    ("oxycodone", "OxyContin"), ("hydrocodone", "Hysingla"), ("tramadol", "Ultram"),
    ("methadone", "Dolophine"), ("buprenorphine", "Subutex"), ("ibuprofen", "Advil"),
    ("naproxen", "Aleve"), ("prednisone", "Deltasone"), ("montelukast", "Singulair"),
    ("omeprazole", "Prilosec"), ("levothyroxine", "Synthroid"), ("warfarin", "Coumadin"),
    ("methylphenidate", "Ritalin"),
)  # fmt: skip

_HTML_HEAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Example Health</title>
<meta name="keywords" content="{keywords}"></head>
<body>
<div class="cookie-banner"><p>We use cookies to improve your experience. Accept all.</p></div>
<header><nav><a href="/">Home</a> | <a href="/drugs">Drugs A-Z</a> |
<a href="/conditions">Conditions</a> | <a href="/shop">Pharmacy shop</a></nav></header>
<main><article>
<h1>{title}</h1>
"""
_HTML_TAIL = """</article></main>
<aside class="ad">Sponsored: compare prices on {keywords} today.</aside>
<footer><p>Copyright 2024 Example Health Ltd. Privacy policy. Terms of use.</p></footer>
</body></html>
"""


@dataclass(frozen=True, slots=True)
class _Paragraph:
    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Article:
    """One generated article: its file name (relative to the corpus root) and contents."""

    name: str
    text: str


@cache
def _paragraphs() -> dict[str, tuple[_Paragraph, ...]]:
    """The paragraphs of each sample article (HTML reduced to its main text)."""
    out: dict[str, tuple[_Paragraph, ...]] = {}
    for path in sorted(SAMPLE.iterdir()):
        if path.stem not in _SOURCE_DRUGS:
            continue
        text = read_document(path).text
        paras = [p.strip() for p in re.split(r"\n\s*\n", text)]
        if len(paras) < 5:  # trafilatura's markdown keeps paragraphs on single lines
            paras = [p.strip() for p in text.splitlines()]
        out[path.stem] = tuple(_Paragraph(p, path.stem) for p in paras if len(p) >= 3)
    return out


@cache
def _swapper(source: str) -> re.Pattern[str]:
    names = [name for pair in _SOURCE_DRUGS[source] for name in pair]
    return re.compile(r"\b(" + "|".join(map(re.escape, names)) + r")\b", re.IGNORECASE)


def _swap(paragraph: _Paragraph, targets: tuple[tuple[str, str], ...]) -> str:
    """The paragraph with its source article's drug names replaced by the targets'."""
    sources = _SOURCE_DRUGS[paragraph.source]
    mapping: dict[str, str] = {}
    for (generic, brand), (new_generic, new_brand) in zip(sources, targets, strict=False):
        mapping[generic.lower()] = new_generic
        mapping[brand.lower()] = new_brand

    def replace(match: re.Match[str]) -> str:
        word = match.group(0)
        new = mapping.get(word.lower(), word)
        if word.isupper() and len(word) > 1:
            return new.upper()
        return new[:1].upper() + new[1:] if word[:1].isupper() else new

    return _swapper(paragraph.source).sub(replace, paragraph.text)


def _article_text(i: int, seed: int) -> tuple[str, str]:
    """The text of article ``i`` and its file suffix (deterministic in ``(i, seed)``)."""
    rng = random.Random(f"{seed}:{i}")
    paragraphs = _paragraphs()
    sources = sorted(paragraphs)
    main = rng.choice(sources)
    targets = tuple(rng.sample(_TARGETS, 2))
    own = paragraphs[main]
    # a run of the main article, in order, with a few paragraphs borrowed from others
    length = rng.randint(min(20, len(own)), len(own))
    start = rng.randint(0, len(own) - length)
    picked = [_swap(p, targets) for p in own[start : start + length]]
    for _ in range(rng.randint(2, 8)):
        donor = rng.choice(sources)
        para = rng.choice(paragraphs[donor])
        picked.insert(rng.randint(1, len(picked)), _swap(para, targets))
    title = f"{targets[0][0].capitalize()} ({targets[0][1]}): what readers ask, #{i}"
    roll = rng.random()
    suffix = ".html" if roll < 0.1 else ".md" if roll < 0.55 else ".txt"
    if suffix == ".md":
        return f"# {title}\n\n" + "\n\n".join(picked) + "\n", suffix
    if suffix == ".txt":
        return f"{title}\n\n" + "\n\n".join(picked) + "\n", suffix
    keywords = html.escape(f"{targets[0][0]}, buy {targets[0][1]} online, cheap {targets[0][0]}")
    body = [_HTML_HEAD.format(title=html.escape(title), keywords=keywords)]
    for text in picked:
        lines = text.splitlines()
        if text.startswith("#"):
            body.append(f"<h2>{html.escape(text.lstrip('#').strip())}</h2>\n")
        elif all(line.lstrip().startswith(("- ", "* ")) for line in lines):
            items = "".join(f"<li>{html.escape(line.lstrip()[2:].strip())}</li>" for line in lines)
            if body[-1].startswith("<ul>"):  # one list for consecutive bullets
                body[-1] = body[-1].removesuffix("</ul>\n") + items + "</ul>\n"
            else:
                body.append(f"<ul>{items}</ul>\n")
        else:
            body.append(f"<p>{html.escape(' '.join(lines))}</p>\n")
    body.append(_HTML_TAIL.format(keywords=keywords))
    return "".join(body), suffix


def generate(n: int, *, seed: int = 0, start: int = 0) -> Iterator[Article]:
    """Articles ``start`` to ``n - 1``, one at a time (nothing is held in memory).

    >>> [a.name for a in generate(2)]
    ['0000/doc-0000000.md', '0000/doc-0000001.txt']
    """
    for i in range(start, n):
        text, suffix = _article_text(i, seed)
        yield Article(f"{i // 1000:04d}/doc-{i:07d}{suffix}", text)


def write_corpus(directory: Path | str, n: int, *, seed: int = 0) -> tuple[int, int]:
    """Write ``n`` articles under ``directory``; return (files, bytes).

    Files already there with the right size are kept, so growing a corpus only writes
    the new ones.
    """
    root = Path(directory)
    files = size = 0
    for article in generate(n, seed=seed):
        path = root / article.name
        data = article.text.encode("utf-8")
        if not (path.exists() and path.stat().st_size == len(data)):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        files += 1
        size += len(data)
    return files, size
