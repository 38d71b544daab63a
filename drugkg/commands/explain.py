"""``drugkg explain``: the evidence sentences behind one fact."""

from __future__ import annotations

from typing import Annotated

import typer

from drugkg.commands._common import (
    StoreOpt,
    clean,
    errors,
    fail,
    known_name,
    open_store,
    out,
)

__all__ = ["explain"]


@errors
def explain(
    subject: Annotated[str, typer.Argument(help="Subject label, e.g. clonazepam.")],
    predicate: Annotated[str, typer.Argument(help="Predicate, e.g. treats.")],
    obj: Annotated[str, typer.Argument(metavar="OBJECT", help="Object label.")],
    store: StoreOpt = None,
) -> None:
    """Show the evidence sentences behind one fact."""
    with open_store(store, read_only=True) as graph:
        known_name(graph, subject)
        known_name(graph, obj)
        rows = graph.explain(subject, predicate, obj)
    if not rows:
        fail(f"no fact '{subject} {predicate} {obj}' in the store")
    for r in rows:
        flags = ", ".join(f for f, on in (("hedged", r.hedged),) if on)
        out.print(
            f"{r.doc_id} [{r.start}:{r.end}] rule={r.rule} confidence={r.confidence:.2f}"
            + (f" ({flags})" if flags else ""),
            highlight=False,
            markup=False,
        )
        out.print(f"  {r.path}", highlight=False, markup=False)
        out.print(f"  “{clean(r.sentence)}”", highlight=False, markup=False)
