"""Extracted facts: frozen dataclasses with character spans, and their JSON record form.

These are the contract between ``loaders`` (which produce them) and ``graph`` (which
stores them). Every span's offsets refer to the source's normalised text, and
``text[span.start:span.end] == span.text`` always holds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ontology.vocab import BodyKind, DocKind, DocSystem, MeetingKind, RelationType


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the normalised text."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class DocumentFact:
    """A document as one source refers to it, resolved to its canonical id when possible.

    ``plenum`` and ``term`` are what the text says ("Nghị quyết Trung ương 4, khóa XII");
    ``issued``, ``year``, ``issuer`` and ``title`` may also come from reference facts,
    in which case ``basis`` says so.
    """

    id: str
    kind: DocKind
    system: DocSystem
    number: str | None
    symbol: str | None
    issuer: str | None = None
    issuer_name: str | None = None
    scope: str | None = None
    scope_id: str | None = None
    issued: date | None = None
    year: int | None = None
    term: str | None = None
    plenum: int | None = None
    congress: str | None = None
    title: str | None = None
    resolved: bool = True
    candidates: tuple[str, ...] = ()
    basis: str = "text"
    note: str | None = None
    mentions: tuple[Span, ...] = ()
    place: str | None = None  # the place of an official text's own header ("Hà Nội, ngày …")


@dataclass(frozen=True, slots=True)
class MeetingFact:
    """A meeting or conference reported by a source."""

    id: str
    name: str
    kind: MeetingKind
    date: date | None = None
    year: int | None = None
    location: str | None = None
    organizer: str | None = None
    chair: str | None = None
    online: bool = False
    period: str | None = None
    mentions: tuple[Span, ...] = ()
    province: str | None = None  # where it counts: its organiser's province, "Trung ương" for a national one
    co_chairs: tuple[str, ...] = ()  # persons who chaired with the chair ("đồng chủ trì"); the chair is the first


@dataclass(frozen=True, slots=True)
class BodyFact:
    """A body with its canonical name, kind and parent."""

    id: str
    name: str
    kind: BodyKind
    parent: str | None = None
    province: str | None = None
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class PostFact:
    """A post held by a person at the time of the source."""

    id: str
    title: str
    body: str | None = None
    body_name: str | None = None


@dataclass(frozen=True, slots=True)
class PersonFact:
    """A person named in a source, with the posts the source gives them."""

    id: str
    name: str
    posts: tuple[PostFact, ...] = ()
    mentions: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Evidence:
    """Where a relation is stated: the sentence, its offsets, the rule and a confidence;
    ``own_text`` when the sentence belongs to the own text of the official document the
    source reproduces (its header, preamble, articles, signature, recipients), not to news
    written around it."""

    source: str
    start: int
    end: int
    text: str
    rule: str
    confidence: float
    own_text: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "rule": self.rule,
            "confidence": self.confidence,
            "own_text": self.own_text,
        }


@dataclass(frozen=True, slots=True)
class RelationFact:
    """A typed edge between two entities, with its evidence."""

    type: RelationType
    source: str
    target: str
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """Where a source came from and what it says about itself."""

    id: str
    key: str
    path: str
    title: str | None = None
    published: date | None = None
    url: str | None = None
    sha256: str = ""
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Extraction:
    """Everything extracted from one source: the graph delta of that source."""

    source: SourceMeta
    text: str
    documents: tuple[DocumentFact, ...] = ()
    meetings: tuple[MeetingFact, ...] = ()
    bodies: tuple[BodyFact, ...] = ()
    persons: tuple[PersonFact, ...] = ()
    relations: tuple[RelationFact, ...] = ()
    warnings: tuple[str, ...] = field(default=())


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _spans(spans: tuple[Span, ...]) -> list[dict[str, Any]]:
    return [s.as_dict() for s in spans]


def to_record(x: Extraction, *, with_text: bool = False) -> dict[str, Any]:
    """The JSON record of ``vankien extract --format jsonl`` (schema in ../shared/tools/README.md)."""
    rec: dict[str, Any] = {
        "source": {
            "id": x.source.key,
            "entity": x.source.id,
            "path": x.source.path,
            "title": x.source.title,
            "published": _iso(x.source.published),
            "url": x.source.url,
            "sha256": x.source.sha256,
        },
        "documents": [
            {
                "id": d.id,
                "kind": d.kind.value,
                "system": d.system.value,
                "number": d.number,
                "symbol": d.symbol,
                "issuer": d.issuer,
                "issuer_name": d.issuer_name,
                "scope": d.scope,
                "issued": _iso(d.issued),
                "year": d.year,
                "term": d.term,
                "plenum": d.plenum,
                "congress": d.congress,
                "title": d.title,
                "place": d.place,
                "resolved": d.resolved,
                "candidates": list(d.candidates),
                "basis": d.basis,
                "note": d.note,
                "mentions": _spans(d.mentions),
            }
            for d in x.documents
        ],
        "meetings": [
            {
                "id": m.id,
                "name": m.name,
                "kind": m.kind.value,
                "date": _iso(m.date),
                "year": m.year,
                "location": m.location,
                "organizer": m.organizer,
                "chair": m.chair,
                "co_chairs": list(m.co_chairs),
                "online": m.online,
                "period": m.period,
                "province": m.province,
                "mentions": _spans(m.mentions),
            }
            for m in x.meetings
        ],
        "bodies": [
            {"id": b.id, "name": b.name, "kind": b.kind.value, "parent": b.parent, "province": b.province}
            for b in x.bodies
        ],
        "persons": [
            {
                "id": p.id,
                "name": p.name,
                "posts": [{"id": t.id, "title": t.title, "body": t.body, "body_name": t.body_name} for t in p.posts],
                "mentions": _spans(p.mentions),
            }
            for p in x.persons
        ],
        "relations": [
            {
                "type": r.type.value,
                "source": r.source,
                "target": r.target,
                "evidence": {"start": r.evidence.start, "end": r.evidence.end, "text": r.evidence.text,
                             "own_text": r.evidence.own_text},
                "rule": r.evidence.rule,
                "confidence": r.evidence.confidence,
            }
            for r in x.relations
        ],
        "warnings": list(x.warnings),
    }
    if with_text:
        rec["text"] = x.text
    return rec
