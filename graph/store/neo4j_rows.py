"""The parameter rows of the Neo4j store's statements, and the reading of their results:
pure functions, no driver, tested without a server.

Property values must be storable by Neo4j (a primitive, or a list of primitives of one
type, no nulls inside). ``storable`` keeps those as they are and turns anything else — a
dict, a list of dicts, a mixed list or a list with nulls — into a JSON string. Readers
never see that: a node's merged properties are also kept whole as JSON (``vk_props``),
and that is what ``Node.props`` is read from; the flat properties are for Cypher users
and for ``find_nodes(where=…)``.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.build.delta import SourceDelta, claim_json, label_key, load_delta, lookup_key, merge_claims, pack_delta
from ontology.errors import StoreError
from ontology.text import fold_key
from ontology.vocab import NodeKind, RelationType

#: property names the store itself uses on a node; a claimed property of the same name is
#: stored under ``vk_p_<name>`` (so ``where`` on it still compares the claimed value)
RESERVED = frozenset({"ns", "id", "kind"})
SOURCE_FIELDS = ("key", "path", "url", "title", "published", "sha256", "ingested", "text")
_INT64 = (-(2**63), 2**63 - 1)
_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")
#: how ``ev_text`` keeps a sentence that is its source's text at its offsets (``quote``)…
FROM_SOURCE = ""
#: …and the mark before one that is not
LITERAL = "="


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def _primitive(value: Any) -> Any:
    """A plain bool/int/float/str (enum members unwrapped), or None when not primitive."""
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value) if _INT64[0] <= value <= _INT64[1] else None
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return None


def storable(value: Any) -> Any:
    """The value as Neo4j can store it: primitives and homogeneous lists of primitives as
    they are, anything else as a JSON string (None stays None: the property is absent)."""
    if value is None:
        return None
    prim = _primitive(value)
    if prim is not None:
        return prim
    if isinstance(value, list | tuple):
        items = [_primitive(v) for v in value]
        kinds = {type(v) for v in items}
        if not items or (None not in items and len(kinds) == 1):
            return items
    return _json(value)


def prop_name(key: str) -> str:
    """The node property a claimed property is stored under."""
    key = str(key)
    return f"vk_p_{key}" if key in RESERVED or key.startswith("vk_") else key


def node_properties(ns: str, node_id: str, kind: str, merged: dict[str, Any], sources: Sequence[str]) -> dict[str, Any]:
    """Every property of a graph node (``SET n = …``): flat storable values, the merged
    properties as JSON, the search keys, the namespace, id and kind, and ``vk_sources``: the
    ids of the sources that claim it, in order (schema 3: what a source says about the node
    is in the source's claim lists, ``claims_of``, not on a relationship)."""
    out: dict[str, Any] = {}
    for k, v in merged.items():
        sv = storable(v)
        if sv is not None:
            out[prop_name(k)] = sv
    series = merged.get("series")
    out.update({
        "ns": ns, "id": node_id, "kind": str(kind),
        "vk_props": json.dumps(merged, ensure_ascii=False),
        "vk_label_folded": label_key(merged),
        "vk_lookup": lookup_key(merged),
        "vk_series": str(series) if series is not None else None,
        "vk_sources": list(sources),
    })
    return {k: v for k, v in out.items() if v is not None}


def where_params(where: dict[str, Any] | None) -> tuple[str | None, list[dict[str, Any]]]:
    """``$q`` (the folded text of ``where['q']``) and ``$where`` (``[{key, value}]``)."""
    q: str | None = None
    pairs: list[dict[str, Any]] = []
    for k, v in (where or {}).items():
        if k == "q":
            q = fold_key(str(v))
        else:
            pairs.append({"key": prop_name(k), "value": storable(v)})
    return q, pairs


# ---------------------------------------------------------------------------- writes
@dataclass
class Plan:
    """Which deltas a write applies, in order, and how each source counts."""

    apply: list[SourceDelta] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)  # sources in the store whose contribution goes first
    added: int = 0
    replaced: int = 0
    unchanged: int = 0


def plan_write(deltas: Sequence[SourceDelta], stored: dict[str, str | None], force: bool) -> Plan:
    """Decide, as the embedded store does one delta after another, which sources are
    added, replaced or unchanged; a source given twice is applied once, at its last version."""
    plan = Plan()
    current = dict(stored)
    final: dict[str, SourceDelta] = {}
    for d in deltas:
        old = current.get(d.id)
        if old is not None and old == d.sha256 and not force:
            plan.unchanged += 1
            continue
        if old is not None:
            plan.replaced += 1
        else:
            plan.added += 1
        current[d.id] = d.source.get("sha256")
        final[d.id] = d
    plan.apply = list(final.values())
    plan.replace = [sid for sid in final if stored.get(sid) is not None]
    return plan


def source_rows(deltas: Iterable[SourceDelta]) -> list[dict[str, Any]]:
    """``{id, props}`` per source: its metadata, normalised text, the delta, packed, and its
    claim lists (``claims_of``; None, no property, where it claims nothing)."""
    return [{"id": d.id, "props": source_props(d, claims_of(d)[1])} for d in deltas]


def source_props(d: SourceDelta, claims: dict[str, Any]) -> dict[str, Any]:
    """The properties of a source's ``VkSource`` but ``ns`` and ``id``: metadata, text, the
    packed delta and the claim lists ``claims``."""
    props = {f: _source_value(d.source.get(f)) for f in SOURCE_FIELDS}
    props["delta_z"] = packed_delta(d)
    props.update(claims)
    return props


def packed_delta(d: SourceDelta) -> str:
    """The delta as a source keeps it (``delta_z``): its JSON zlib-compressed as the embedded
    store packs it, in base64 — a fifth of the JSON, which was 8× the article's text and
    most of what a load sent and stored. A delta that comes packed (``d.packed``, made by the
    ingest worker that extracted it) is not serialised again."""
    return base64.b64encode(d.packed.delta if d.packed is not None else pack_delta(d)).decode("ascii")


def stored_delta(record: dict[str, Any]) -> SourceDelta | None:
    """The delta of a ``SOURCE_DELTAS`` record: ``delta_z`` (packed) or, in a namespace
    written before it, ``delta`` (plain JSON); None when the source has neither."""
    if record.get("delta_z"):
        raw = zlib.decompress(base64.b64decode(record["delta_z"])).decode("utf-8")
    elif record.get("delta"):
        raw = record["delta"]
    else:
        return None
    return load_delta(raw, record.get("text"))


def _source_value(value: Any) -> Any:
    """A source field as stored: a primitive as it is, anything else (a date…) as text."""
    return None if value is None else (p if (p := _primitive(value)) is not None else str(value))


#: the claim lists of a ``VkSource`` (``claims_of``)
CLAIM_LISTS = ("c_node", "c_props", "m_claim", "m_start", "m_end", "m_text")


def claims_of(d: SourceDelta) -> tuple[dict[str, NodeKind], dict[str, Any]]:
    """What one source says about its nodes (schema 3: kept on its ``VkSource``, not as a
    relationship per node): the nodes it claims (id → the kind it gives, in the delta's
    order) and its claim lists — ``c_node`` (node ids) and ``c_props`` (each claim's JSON,
    ``claim_json``'s, taken from ``d.packed`` when the delta comes packed; a node repeated in
    the delta: its last claim), then its mentions as ``m_claim`` (the index of the node in
    ``c_node``), ``m_start``, ``m_end`` and ``m_text`` (``quote``'s; None when every mention is
    the source's text at its offsets, as nearly all are), by node, then offsets. A list is
    None (no property) when empty."""
    kinds: dict[str, NodeKind] = {}
    claims: dict[str, str] = {}
    packed = d.packed.claims if d.packed is not None else [claim_json(n.props) for n in d.nodes]
    for n, props in zip(d.nodes, packed, strict=True):
        kinds.setdefault(n.id, n.kind)
        claims[n.id] = props
    spans: dict[str, dict[tuple[int, int], str]] = {}
    own = source_text(d)
    for m in d.mentions:
        if m.node not in claims:
            raise StoreError(f"{d.id}: a mention of {m.node!r} ({m.text!r}) names no node of the delta")
        a, b = int(m.start), int(m.end)
        spans.setdefault(m.node, {}).setdefault((a, b), quote(own, a, b, str(m.text or "")))
    m_claim: list[int] = []
    m_start: list[int] = []
    m_end: list[int] = []
    m_text: list[str] = []
    for k, nid in enumerate(claims):
        for (a, b), t in sorted(spans.get(nid, {}).items()):
            m_claim.append(k)
            m_start.append(a)
            m_end.append(b)
            m_text.append(t)
    lists: dict[str, Any] = {"c_node": list(claims), "c_props": list(claims.values()),
                             "m_claim": m_claim, "m_start": m_start, "m_end": m_end,
                             "m_text": m_text if any(m_text) else None}
    return kinds, {k: v or None for k, v in lists.items()}


def claim_rows(deltas: Sequence[SourceDelta]) -> dict[NodeKind, list[dict[str, Any]]]:
    """``{id, sources}`` per node the deltas claim, grouped by the node's kind (the kind the
    first delta gives a node wins): the nodes a write creates if missing, and the sources it
    adds to their ``vk_sources`` — one row per node, so a hub named by every source of a
    batch has its list rewritten once, not once a source."""
    kinds: dict[str, NodeKind] = {}
    sources: dict[str, list[str]] = {}
    for d in deltas:
        for nid, kind in claims_of(d)[0].items():
            kinds.setdefault(nid, kind)
            sources.setdefault(nid, []).append(d.id)
    out: dict[NodeKind, list[dict[str, Any]]] = {}
    for nid, ids in sources.items():
        out.setdefault(kinds[nid], []).append({"id": nid, "sources": ids})
    return out


def edge_rows(deltas: Sequence[SourceDelta]) -> dict[RelationType, list[dict[str, Any]]]:
    """One row per edge (never two for one edge: a statement must not see an edge twice)
    with the evidences the written sources give it, deduplicated per (source, start, rule)
    — the last one wins, as in the embedded store. ``ev_text`` holds each sentence as
    ``quote`` keeps it: "" for the (usual) sentence that is its source's text at its offsets."""
    edges: dict[tuple[str, RelationType, str], dict[tuple[str, int, str], dict[str, Any]]] = {}
    for d in deltas:
        own = source_text(d)
        for e in d.edges:
            ev = e.evidence
            start, end, rule = int(ev["start"]), int(ev["end"]), str(ev.get("rule") or "")
            item = {
                "source": d.id, "start": start, "end": end, "text": quote(own, start, end, str(ev.get("text") or "")),
                "rule": rule, "confidence": float(ev.get("confidence") or 0.0),
            }
            edges.setdefault((e.source, RelationType(e.type), e.target), {})[(d.id, start, rule)] = item
    out: dict[RelationType, list[dict[str, Any]]] = {}
    for (src, rtype, tgt), evs in edges.items():
        items = list(evs.values())
        row: dict[str, Any] = {"src": src, "tgt": tgt, "sources": sorted({i["source"] for i in items})}
        for f in ("source", "start", "end", "text", "rule", "confidence"):
            row[f"ev_{f}"] = [i[f] for i in items]
        out.setdefault(rtype, []).append(row)
    return out


def source_text(d: SourceDelta) -> str | None:
    """The text a delta's evidence offsets point into, when a reader can take the sentences
    back from it by Cypher's ``substring`` (None when the delta has no text, or the text has
    a character outside the Basic Multilingual Plane: there Python's offsets, in code points,
    and Java's, in UTF-16 units, part)."""
    text = d.source.get("text")
    return text if isinstance(text, str) and not _ASTRAL.search(text) else None


def quote(own: str | None, start: int, end: int, text: str) -> str:
    """An evidence's sentence as an edge keeps it (``ev_text``): "" when it is the source's
    text ``own`` at [start, end) — the reader takes it back from the ``VkSource`` (``fill_texts``),
    so an edge does not carry a copy of its sentences, the bulk of what a load wrote — else
    ``LITERAL`` + the sentence."""
    return FROM_SOURCE if own is not None and own[start:end] == text else LITERAL + text


def foreign_endpoints(deltas: Sequence[SourceDelta]) -> list[str]:
    """Edge endpoints that are no node of the delta naming them (they must already exist)."""
    out: set[str] = set()
    for d in deltas:
        own = {n.id for n in d.nodes}
        out |= {x for e in d.edges for x in (e.source, e.target) if x not in own}
    return sorted(out)


def edge_keys(deltas: Iterable[SourceDelta]) -> set[tuple[str, str, str]]:
    """The (source, type, target) of every edge of the deltas."""
    return {(e.source, RelationType(e.type).value, e.target) for d in deltas for e in d.edges}


def key_rows(keys: Iterable[tuple[str, str, str]]) -> list[dict[str, Any]]:
    """``{src, type, tgt}`` per edge key, deduplicated, in order."""
    return [{"src": s, "type": str(t), "tgt": g} for s, t, g in dict.fromkeys(keys)]


def removal_rows(old: dict[str, SourceDelta]) -> list[dict[str, Any]]:
    """``{src, type, tgt, sources}``: the edges whose evidence from these sources goes."""
    by_key: dict[tuple[str, str, str], set[str]] = {}
    for sid, d in old.items():
        for key in edge_keys([d]):
            by_key.setdefault(key, set()).add(sid)
    return [{"src": s, "type": t, "tgt": g, "sources": sorted(ids)} for (s, t, g), ids in sorted(by_key.items())]


def merged_nodes(ns: str, records: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """From ``NODE_CLAIMS`` records: the ``SET_NODES`` rows of nodes that keep a claim, and
    the ids of nodes that have none left."""
    updates: list[dict[str, Any]] = []
    gone: list[str] = []
    for r in records:
        claims = {sid: json.loads(p) for sid, p in (r["claims"] or []) if sid is not None and p is not None}
        if not claims:
            gone.append(r["id"])
            continue
        merged = merge_claims(claims)
        updates.append({"id": r["id"], "props": node_properties(ns, r["id"], r["kind"], merged, sorted(claims))})
    return updates, gone


def evidences(record: dict[str, Any], limit: int | None = None) -> list[dict[str, Any]]:
    """The evidences of an edge record (``ev_*`` parallel lists), best first; the ``text`` of
    each as the edge keeps it (``quote``: "" until ``fill_texts`` puts the sentence back)."""
    cols = [record.get(f"ev_{f}") or [] for f in ("source", "start", "end", "rule", "confidence")]
    texts = record.get("ev_text") or []
    items = [{"source": s, "start": a, "end": b, "text": texts[i] if i < len(texts) else "", "rule": r, "confidence": c}
             for i, (s, a, b, r, c) in enumerate(zip(*cols, strict=False))]
    items.sort(key=lambda e: (-(e["confidence"] or 0.0), e["source"], e["start"]))
    return items if limit is None else items[:limit]


def slice_rows(items: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``{i, source, start, end}`` (``SOURCE_SLICES``) for each evidence whose sentence is
    to be taken from its source's text; a literal one loses its mark in place."""
    out = []
    for i, ev in enumerate(items):
        if ev["text"]:
            ev["text"] = ev["text"][len(LITERAL):]
        else:
            out.append({"i": i, "source": ev["source"], "start": int(ev["start"]), "end": int(ev["end"])})
    return out


class Rows(list[Any]):
    """A statement's parameter rows: a list the driver sends as it is, but shows as its
    length. The driver (neo4j 5.x, ``Bolt5x5.run``) formats ``repr`` of every parameter for
    a debug log line even when debug logging is off — of 5,000 rows with their evidence
    sentences, half the client's CPU of a bulk load's statements."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def chunks(rows: Sequence[Any], size: int) -> Iterable[Sequence[Any]]:
    """Consecutive slices of at most ``size`` rows."""
    for i in range(0, len(rows), size):
        yield rows[i:i + size]
