"""Which sources are the project's own examples (``examples/``), not real articles.

A source is an example when its file lies in the project's ``examples/`` folder (a
relative path is read from the project's root, where ``make demo`` ingests), or when its
address is on a domain reserved for examples (RFC 2606: example.org, .com, .net), where no
real article lives. Decided from what every store keeps of a source (its path and URL),
so stores written before this rule need no migration.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from graph.store.protocol import Store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
RESERVED_HOSTS = ("example.org", "example.com", "example.net")


def is_example(path: str | None, url: str | None) -> bool:
    """Whether a source of this path and URL is one of the project's examples."""
    if url:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
        if any(host == h or host.endswith("." + h) for h in RESERVED_HOSTS):
            return True
    if path:
        p = Path(path)
        if not p.is_absolute():
            p = ROOT / p
        try:
            return p.resolve().is_relative_to(EXAMPLES.resolve())
        except (OSError, ValueError):
            return False
    return False


def source_is_example(src: dict[str, Any] | None) -> bool:
    """Whether a stored source record is an example."""
    return bool(src) and is_example(src.get("path"), src.get("url"))  # type: ignore[union-attr]


def examples_among(store: Store, source_ids: Iterable[str]) -> set[str]:
    """The ids, of those given, of sources that are examples."""
    return {sid for sid in dict.fromkeys(source_ids) if source_is_example(store.get_source(sid))}


def mark_examples(store: Store, hops: Iterable[dict[str, Any]]) -> None:
    """Set ``example`` on every evidence of these hops (answers of ``graph.query.lineage``)."""
    hops = list(hops)
    found = examples_among(store, (ev["source"] for h in hops for ev in h.get("evidence") or ()))
    for h in hops:
        h["evidence"] = [{**ev, "example": ev["source"] in found} for ev in h.get("evidence") or ()]
