"""What one source contributes to the graph: rows of nodes, edges (with evidence) and
mentions, derived from its ``Extraction``. Both stores write exactly these rows.

A node's properties are kept per source ("claims"); the properties a reader sees are
merged from all claims by ``merge_claims``, so ingest order never matters and removing
a source removes exactly what it said.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from ontology.records import Extraction
from ontology.text import fold_key
from ontology.vocab import NodeKind, Prop, RelationType

_BASIS_RANK = {"text": 3, "subject": 2, "plenum": 2, "date": 2, "reference": 2, "term": 2, "estimate": 1,
               "unresolved": 0}
LABELS_VI = {"nghi_quyet": "Nghị quyết", "chi_thi": "Chỉ thị", "ket_luan": "Kết luận", "quy_dinh": "Quy định",
             "quyet_dinh": "Quyết định", "ke_hoach": "Kế hoạch", "huong_dan": "Hướng dẫn", "thong_bao": "Thông báo",
             "chuong_trinh": "Chương trình hành động", "de_an": "Đề án", "quy_che": "Quy chế", "thong_tri": "Thông tri",
             "bao_cao": "Báo cáo", "cong_van": "Công văn", "to_trinh": "Tờ trình", "nghi_dinh": "Nghị định",
             "thong_tu": "Thông tư", "van_ban": "Văn bản"}


@dataclass(frozen=True, slots=True)
class NodeRow:
    """A node as one source states it."""

    id: str
    kind: NodeKind
    props: dict[str, Any]


@dataclass(frozen=True, slots=True)
class EdgeRow:
    """An edge with one evidence."""

    source: str
    type: RelationType
    target: str
    evidence: dict[str, Any]


@dataclass(frozen=True, slots=True)
class MentionRow:
    """Where a node is named in the source's text."""

    node: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Packed:
    """A delta serialised as the embedded store keeps it."""

    delta: bytes  # pack_delta
    claims: tuple[str, ...]  # each node's properties as JSON, in the order of the nodes


@dataclass(frozen=True)
class SourceDelta:
    """Everything one source contributes."""

    source: dict[str, Any]
    nodes: tuple[NodeRow, ...]
    edges: tuple[EdgeRow, ...]
    mentions: tuple[MentionRow, ...]
    record: dict[str, Any] = field(default_factory=dict)
    # ``pack`` of this very delta, made where it was extracted (an ingest worker) so the writer
    # does not serialise it again; None elsewhere. Anything that changes the rows must drop it
    # (``replace(d, ..., packed=None)``).
    packed: Packed | None = field(default=None, compare=False, repr=False)

    @property
    def id(self) -> str:
        return str(self.source["id"])

    @property
    def sha256(self) -> str:
        return str(self.source.get("sha256") or "")


def document_label(p: dict[str, Any]) -> str:
    """'Chỉ thị 39-CT/TW (2014)', 'Nghị quyết Trung ương 6 khóa XII', 'Kế hoạch 126-KH/TU (Tỉnh ủy Đồng Tháp)'."""
    kind = LABELS_VI.get(str(p.get(Prop.DOC_KIND)), "Văn bản")
    if p.get(Prop.SYMBOL) and p.get(Prop.NUMBER):
        sep = "/" if p.get(Prop.SYSTEM) == "state" else "-"
        label = f"{kind} {p[Prop.NUMBER]}{sep}{p[Prop.SYMBOL]}"
        extra = [str(p[Prop.YEAR])] if p.get(Prop.YEAR) else []
        if p.get(Prop.SCOPE):
            extra.insert(0, str(p[Prop.SCOPE]))
        return f"{label} ({', '.join(extra)})" if extra else label
    if p.get(Prop.CONGRESS):
        return f"Nghị quyết Đại hội {p['congress']}"
    if p.get(Prop.PLENUM) and p.get(Prop.TERM):
        return f"{kind} Trung ương {p[Prop.PLENUM]} khóa {p[Prop.TERM]}"
    if p.get(Prop.TITLE) and str(p[Prop.TITLE]).startswith("Đại hội"):
        return f"{kind} {p[Prop.TITLE]}"  # a province's congress resolution: 'Nghị quyết Đại hội … lần thứ XX
    if p.get(Prop.NUMBER):
        return f"{kind} số {p[Prop.NUMBER]}"
    return kind


def series_key(d: dict[str, Any]) -> str | None:
    """The key shared by a reference whose term is unknown and its canonical document."""
    return _series_key(d.get("symbol"), d.get("number"), d.get("scope"))


def _series_key(symbol: str | None, number: str | None, scope: str | None) -> str | None:
    if not symbol or not number:
        return None
    return f"{symbol}|{int(number)}|{scope or ''}"


def lookup_key(p: dict[str, Any]) -> str | None:
    """The key to find documents by kind and number from free text: 'chi_thi|5'."""
    number = str(p.get(Prop.NUMBER) or "")
    if not number.isdigit() or not p.get(Prop.DOC_KIND):
        return None
    return f"{p[Prop.DOC_KIND]}|{int(number)}"


def _clean(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if v not in (None, "", [], ())}


# the properties ``delta_of`` writes, as plain names: an enum member's lookup on its class is a
# descriptor call, and a source makes about a hundred of them
(_DOC_KIND, _SYSTEM, _NUMBER, _SYMBOL, _ISSUER, _SCOPE, _ISSUED, _YEAR, _TERM, _PLENUM, _CONGRESS, _TITLE, _RESOLVED,
 _CANDIDATES, _PROVINCE, _LABEL, _NAME, _MEETING_KIND, _DATE, _LOCATION, _ONLINE, _PERIOD, _BODY_KIND, _PARENT) = (
    Prop.DOC_KIND, Prop.SYSTEM, Prop.NUMBER, Prop.SYMBOL, Prop.ISSUER, Prop.SCOPE, Prop.ISSUED, Prop.YEAR, Prop.TERM,
    Prop.PLENUM, Prop.CONGRESS, Prop.TITLE, Prop.RESOLVED, Prop.CANDIDATES, Prop.PROVINCE, Prop.LABEL, Prop.NAME,
    Prop.MEETING_KIND, Prop.DATE, Prop.LOCATION, Prop.ONLINE, Prop.PERIOD, Prop.BODY_KIND, Prop.PARENT)
_DOCUMENT, _MEETING, _BODY, _PERSON, _POST = NodeKind.DOCUMENT, NodeKind.MEETING, NodeKind.BODY, NodeKind.PERSON, NodeKind.POST


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def delta_of(x: Extraction) -> SourceDelta:
    """The rows of an extraction (read from its facts: the values of ``to_record``, without
    building the record)."""
    src = x.source.id
    nodes: list[NodeRow] = []
    mentions: list[MentionRow] = []
    for d in x.documents:
        props = _clean({
            _DOC_KIND: d.kind.value, _SYSTEM: d.system.value, _NUMBER: d.number, _SYMBOL: d.symbol,
            _ISSUER: d.issuer, _SCOPE: d.scope, _ISSUED: _iso(d.issued), _YEAR: d.year, _TERM: d.term,
            _PLENUM: d.plenum, _CONGRESS: d.congress, _TITLE: d.title, _RESOLVED: d.resolved,
            _CANDIDATES: list(d.candidates), "basis": d.basis, _PROVINCE: _province_of_scope(x, d.scope),
            "series": _series_key(d.symbol, d.number, d.scope),
        })
        props[_RESOLVED] = bool(d.resolved)
        props[_LABEL] = document_label(props)
        nodes.append(NodeRow(d.id, _DOCUMENT, props))
        mentions += [MentionRow(d.id, m.start, m.end, m.text) for m in d.mentions]
    for m in x.meetings:
        day = _iso(m.date)
        props = _clean({_NAME: m.name, _MEETING_KIND: m.kind.value, _DATE: day, _YEAR: m.year,
                        _LOCATION: m.location, _ONLINE: m.online or None, _PERIOD: m.period,
                        _PROVINCE: m.province or _province_of_body(x, m.organizer), "basis": "text"})
        props[_LABEL] = f"{m.name} ({day})" if day else m.name
        nodes.append(NodeRow(m.id, _MEETING, props))
        mentions += [MentionRow(m.id, s.start, s.end, s.text) for s in m.mentions]
    for b in x.bodies:
        props = _clean({_NAME: b.name, _BODY_KIND: b.kind.value, _PARENT: b.parent, _PROVINCE: b.province,
                        "basis": "text"})
        props[_LABEL] = b.name
        nodes.append(NodeRow(b.id, _BODY, props))
    for p in x.persons:
        nodes.append(NodeRow(p.id, _PERSON, {_NAME: p.name, _LABEL: p.name, "basis": "text"}))
        mentions += [MentionRow(p.id, s.start, s.end, s.text) for s in p.mentions]
        for t in p.posts:
            # the post's body is its POST_IN relation
            props = _clean({_TITLE: t.title, _LABEL: t.title, "basis": "text"})
            nodes.append(NodeRow(t.id, _POST, props))
    edges = []
    for r in x.relations:
        ev = r.evidence
        evidence = {"source": src, "start": ev.start, "end": ev.end, "text": ev.text, "rule": ev.rule,
                    "confidence": ev.confidence}
        if ev.own_text:
            evidence["own_text"] = True
        kind = r.type if type(r.type) is RelationType else RelationType(r.type)
        edges.append(EdgeRow(r.source, kind, r.target, evidence))
    meta = x.source
    source = {
        "id": src, "key": meta.key, "path": meta.path, "title": meta.title, "published": _iso(meta.published),
        "url": meta.url, "sha256": meta.sha256, "text": x.text, "ingested": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    uniq: dict[str, NodeRow] = {}
    for n in nodes:
        uniq.setdefault(n.id, n)
    return SourceDelta(source, tuple(uniq.values()), tuple(edges), tuple(mentions))


def _province_of_body(x: Extraction, body_id: str | None) -> str | None:
    b = next((b for b in x.bodies if b.id == body_id), None)
    return b.province if b else None


def _province_of_scope(x: Extraction, scope: str | None) -> str | None:
    if not scope:
        return None
    b = next((b for b in x.bodies if b.name == scope), None)
    return b.province if b else None


def merge_claims(claims: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The properties a reader sees: per property, the value of the highest-ranked claim
    (text over reference over estimate), then the most common value, then the smallest
    source id — deterministic whatever the ingest order."""
    return merge_weighted((props, 1, source) for source, props in claims.items())


def merge_weighted(claims: Iterable[tuple[dict[str, Any], int, str]]) -> dict[str, Any]:
    """``merge_claims`` over distinct claims, each with how many sources make it and the
    smallest of their ids: a node named by thousands of sources with the same properties
    (Bộ Chính trị, a central resolution) is merged from a handful of distinct claims."""
    ordered = sorted(claims, key=lambda c: c[2])
    if len(ordered) == 1:  # most nodes: one claim (or many alike), taken as it is
        props = ordered[0][0]
        one = {k: props[k] for k in sorted(props) if k not in ("basis", "alias")}
        if Prop.RESOLVED in props:
            one[Prop.RESOLVED] = bool(props[Prop.RESOLVED])
        return one
    keys = {k for props, _, _ in ordered for k in props}
    out: dict[str, Any] = {}
    for k in sorted(keys):
        if k in ("basis", "alias"):  # what a claim rests on, and the partial id it was renamed from:
            continue  # a source's own bookkeeping (the merge itself is in the store's aliases)
        votes: dict[str, list[Any]] = {}  # value key → [rank, votes, first position, value]
        for position, (props, count, _) in enumerate(ordered):
            if k not in props:
                continue
            v = props[k]
            key = v if isinstance(v, str) else json.dumps(v, sort_keys=True, ensure_ascii=False)
            rank = _BASIS_RANK.get(str(props.get("basis", "text")), 1)
            entry = votes.get(key)
            if entry is None:
                votes[key] = [rank, count, position, v]
            else:
                entry[0] = max(entry[0], rank)
                entry[1] += count
        out[k] = max(votes.values(), key=lambda e: (e[0], e[1], -e[2]))[3]
    if Prop.RESOLVED in keys:
        out[Prop.RESOLVED] = any(bool(props.get(Prop.RESOLVED)) for props, _, _ in ordered)
    return out


def label_key(props: dict[str, Any]) -> str:
    """The folded text a name search matches: label, name and title."""
    return fold_key(" ".join(str(props.get(k) or "") for k in ("label", "name", "title")))


#: ``json.dumps(x, ensure_ascii=False)`` without making an encoder at every call
_encode = json.JSONEncoder(ensure_ascii=False).encode


def dump_delta(d: SourceDelta) -> str:
    """A delta as JSON (without the source text), as stores keep it for re-applying merges."""
    return _dump(d, [claim_json(n.props) for n in d.nodes])


def _dump(d: SourceDelta, claims: Iterable[str]) -> str:
    """``dump_delta`` with each node's properties already as JSON: the text ``json.dumps`` gives
    the whole, put together from its parts (each part encoded once)."""
    source = _encode({k: v for k, v in d.source.items() if k != "text"})
    nodes = ", ".join(f"[{_encode(n.id)}, {_encode(n.kind.value)}, {c}]" for n, c in zip(d.nodes, claims, strict=True))
    edges = _encode([[e.source, e.type.value, e.target, e.evidence] for e in d.edges])
    mentions = _encode([[m.node, m.start, m.end, m.text] for m in d.mentions])
    return f'{{"source": {source}, "nodes": [{nodes}], "edges": {edges}, "mentions": {mentions}}}'


def pack_delta(d: SourceDelta) -> bytes:
    """``dump_delta`` compressed, as the embedded store keeps it (8× the text as JSON; a fifth
    of that compressed)."""
    return _compress(dump_delta(d))


def _compress(raw: str) -> bytes:
    return zlib.compress(raw.encode("utf-8"), 1)


def claim_json(props: dict[str, Any]) -> str:
    """A node's properties as one source claims them, as the embedded store keeps them."""
    return _encode(props)


def pack(d: SourceDelta) -> Packed:
    """What the embedded store serialises of a delta, made once (in the worker that extracted it)."""
    claims = tuple(_encode(n.props) for n in d.nodes)
    return Packed(_compress(_dump(d, claims)), claims)


@dataclass(frozen=True, slots=True)
class Rows:
    """A source's rows as the embedded store's bulk write inserts them, made where the source
    was extracted (an ingest worker): plain tuples of strings and numbers cross from a worker
    to the writer several times cheaper than the delta's objects (dataclasses, enums, dicts),
    and the writer has nothing left to build."""

    id: str
    sha256: str
    source: tuple[Any, ...]  # the ``sources`` row, the delta packed
    nodes: tuple[tuple[str, str], ...]  # (id, kind)
    claims: tuple[tuple[str, str, str], ...]  # (node, source, properties as JSON)
    evidence: tuple[tuple[Any, ...], ...]  # (src, type, tgt, source, start, end, text, rule, confidence)
    mentions: tuple[tuple[Any, ...], ...]  # (node, source, start, end, text)
    edges: tuple[tuple[str, str, str], ...]  # (src, type, tgt) of the evidence, each once


def rows_of(d: SourceDelta) -> Rows:
    """The embedded store's rows of a delta (packed here unless it was already)."""
    s = d.source
    sid = d.id
    packed = d.packed or pack(d)
    evidence = []
    for e in d.edges:
        ev = e.evidence
        evidence.append((e.source, e.type.value, e.target, sid, ev["start"], ev["end"], ev["text"], ev["rule"],
                         ev["confidence"]))
    return Rows(
        sid, d.sha256,
        (sid, s.get("key"), s.get("path"), s.get("url"), s.get("title"), s.get("published"), s.get("sha256"),
         s.get("ingested"), s.get("text"), packed.delta),
        tuple((n.id, n.kind.value) for n in d.nodes),
        tuple((n.id, sid, props) for n, props in zip(d.nodes, packed.claims, strict=True)),
        tuple(evidence),
        tuple((m.node, sid, m.start, m.end, m.text) for m in d.mentions),
        tuple(dict.fromkeys(r[:3] for r in evidence)),
    )


def load_delta(raw: str, text: str | None) -> SourceDelta:
    """The delta of ``dump_delta``, with the source text put back."""
    obj = json.loads(raw)
    source = dict(obj["source"])
    source["text"] = text
    return SourceDelta(
        source,
        tuple(NodeRow(i, NodeKind(k), p) for i, k, p in obj["nodes"]),
        tuple(EdgeRow(s, RelationType(t), g, e) for s, t, g, e in obj["edges"]),
        tuple(MentionRow(n, a, b, t) for n, a, b, t in obj["mentions"]),
    )
