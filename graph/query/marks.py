"""Where, inside an evidence sentence, the two ends of its relation are named.

The stores keep an edge's evidence as the sentence and its offsets; which words of it name
the two documents is in the source's own rows (its delta: the edges as extracted, with the
ids the text gave, and the mentions of those ids). Marking a few hops reads one delta per
source, so it is for answers a reader looks at (a trace, a page of implementations), not
for bulk exports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from graph.build.delta import SourceDelta
from graph.store.protocol import Store


def _marks(delta: SourceDelta, ev: dict[str, Any], rel: str) -> tuple[list[dict[str, Any]], bool] | None:
    """The mentions of the two ends of the extracted edge behind ``ev``, and whether its
    sentence belongs to the source's own document text; None if the delta has no such edge."""
    a, b = ev["start"], ev["end"]
    for e in delta.edges:
        x = e.evidence
        if e.type.value != rel or x.get("start") != a or x.get("end") != b or x.get("rule") != ev.get("rule"):
            continue
        marks = [{"node": m.node, "role": "source" if m.node == e.source else "target", "start": m.start,
                  "end": m.end, "text": m.text}
                 for m in delta.mentions if m.node in (e.source, e.target) and a <= m.start and m.end <= b]
        marks.sort(key=lambda m: (m["start"], m["end"]))
        return marks, bool(x.get("own_text"))
    return None


def mark_hops(store: Store, hops: Iterable[dict[str, Any]]) -> None:
    """Add to every evidence of every hop ``marks`` (the spans, in the source's text, that
    name the hop's source and target inside the sentence) and ``own_text`` (the sentence is
    the text of the document that is the hop's source, not news about it)."""
    wanted: dict[str, list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for hop in hops:
        for ev in hop.get("evidence") or []:
            wanted[ev["source"]].append((ev, hop["type"]))
    for source in sorted(wanted):
        delta = store.load_delta(source)
        for ev, rel in wanted[source]:
            found = _marks(delta, ev, rel) if delta is not None else None
            ev["marks"], ev["own_text"] = found if found is not None else ([], False)
