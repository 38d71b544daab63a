"""``python -m benchmarks``: run the benchmarks, write a scaled corpus, or profile extraction.

python -m benchmarks run                      # 2 000 documents, a few minutes
python -m benchmarks run --docs 100000        # the full run (hours on 2 cores)
python -m benchmarks corpus --docs 100000 --out /tmp/drugkg-100k
python -m benchmarks profile --docs 60        # where extraction time goes
python -m benchmarks removal                  # removal cost on a small and an 8x larger store
python -m benchmarks literature               # what the case-report reader costs
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run every benchmark and update benchmarks/README.md")
    run.add_argument("--docs", type=int, default=2000, help="corpus size [2000]")
    run.add_argument("--work", type=Path, default=None, help="work directory [a temp dir]")
    run.add_argument("--jobs", type=int, default=0, help="cores for the parallel build [all]")
    run.add_argument(
        "--speedup-docs", type=int, default=5000, help="corpus size of the 1-core build [5000]"
    )
    run.add_argument(
        "--reference-docs",
        type=int,
        default=200,
        help="corpus size for the rdflib comparison [200]",
    )
    run.add_argument(
        "--extract-docs", type=int, default=400, help="documents for extraction throughput [400]"
    )
    run.add_argument("--readme", type=Path, default=Path(__file__).parent / "README.md")
    run.add_argument("--no-readme", action="store_true", help="print only, leave the README")
    run.add_argument("--json", type=Path, default=None, help="also write the figures as JSON")

    corpus = sub.add_parser("corpus", help="write a scaled corpus")
    corpus.add_argument("--docs", type=int, required=True)
    corpus.add_argument("--out", type=Path, required=True)
    corpus.add_argument("--seed", type=int, default=0)

    profile = sub.add_parser("profile", help="profile extraction (pyinstrument, per-rule cost)")
    profile.add_argument("--docs", type=int, default=60)

    removal = sub.add_parser("removal", help="how removing documents scales with the store")
    removal.add_argument("--docs", type=int, default=200, help="the small store [200]")
    removal.add_argument("--factor", type=int, default=8, help="the large store, times [8]")
    removal.add_argument("--remove", type=int, default=40, help="documents removed [40]")
    removal.add_argument("--jobs", type=int, default=2, help="cores for the builds [2]")

    literature = sub.add_parser("literature", help="what the case-report reader costs")
    literature.add_argument("--docs", type=int, default=600, help="documents per corpus [600]")

    args = parser.parse_args(argv)
    if args.command == "literature":
        from benchmarks.literature import literature_cost
        from benchmarks.literature import report as literature_report

        print(literature_report(literature_cost(limit=args.docs)))
        return 0
    if args.command == "removal":
        from benchmarks.removal import removal_scaling, report

        sizes = {"small": args.docs, "factor": args.factor, "remove": args.remove}
        print(report(removal_scaling(**sizes, jobs=args.jobs), **sizes))
        return 0
    if args.command == "corpus":
        from benchmarks.corpus import write_corpus

        files, size = write_corpus(args.out, args.docs, seed=args.seed)
        print(f"{files} documents, {size / 1e6:.1f} MB in {args.out}")
        return 0
    if args.command == "profile":
        from benchmarks.profile import profile_extraction

        print(profile_extraction(args.docs))
        return 0
    from benchmarks.bench import run_all

    run_all(
        docs=args.docs,
        work=args.work,
        jobs=args.jobs,
        speedup_docs=args.speedup_docs,
        reference_docs=args.reference_docs,
        extract_docs=args.extract_docs,
        readme=None if args.no_readme else args.readme,
        json_path=args.json,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
