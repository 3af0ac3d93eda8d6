"""Response and request schemas of the API: the published contract, separate from the store's models.

Every model carries an example (shown in the OpenAPI document and at ``/docs``); the
examples are real facts of the development corpus.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

_CT39 = {"id": "doc:ct-tw-39-xi", "kind": "Document", "label": "Chỉ thị 39-CT/TW (2014)", "date": "2014-08-18",
         "year": 2014, "province": None, "central": True, "resolved": True}
_KH126 = {"id": "doc:kh-tu-dong-thap-126-2015-2020", "kind": "Document", "label": "Kế hoạch 126-KH/TU (Tỉnh ủy Đồng Tháp)",
          "date": None, "year": None, "province": "Đồng Tháp", "central": False, "resolved": True}
_EVIDENCE = {"source": "src:002-f9a59b69b065816b", "start": 3718, "end": 3891, "rule": "cue", "confidence": 0.9,
             "text": "Triển khai đồng bộ Kế hoạch số 126-KH/TU của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số "
                     "39-CT/TW của Bộ Chính trị về tăng cường công tác bảo vệ chính trị nội bộ hiện nay."}
_HOP = {"source": _KH126["id"], "type": "IMPLEMENTS", "target": _CT39["id"], "confidence": 0.9, "evidence": [_EVIDENCE]}


def _ex(example: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [example]})


class Schema(BaseModel):
    """Base of the response models."""

    model_config = ConfigDict(extra="ignore")


# ---------------------------------------------------------------- errors
class Suggestion(Schema):
    """An entity the caller probably meant."""

    id: str
    kind: str
    label: str


class FieldError(Schema):
    """One invalid parameter."""

    location: str
    message: str
    type: str


class Problem(Schema):
    """RFC 9457 problem details."""

    model_config = _ex({"type": "urn:vankien:problem:not-found", "title": "Not found", "status": 404,
                        "detail": "nothing is recorded under 'doc:ct-tw-39-xii'", "instance": "/documents/doc:ct-tw-39-xii",
                        "suggestions": [{"id": "doc:ct-tw-39-xi", "kind": "Document", "label": "Chỉ thị 39-CT/TW (2014)"}]})
    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None
    suggestions: list[Suggestion] | None = None
    errors: list[FieldError] | None = None


# ---------------------------------------------------------------- lineage building blocks
class NodeSummary(Schema):
    """What a lineage answer shows of a node."""

    model_config = _ex(_CT39)
    id: str
    kind: str
    label: str
    date: str | None = None
    year: int | None = None
    province: str | None = None
    central: bool = False
    resolved: bool = True


class Evidence(Schema):
    """The sentence that states a relation, with its offsets in the source's normalised text."""

    model_config = _ex(_EVIDENCE)
    source: str
    start: int
    end: int
    text: str | None = None
    rule: str | None = None
    confidence: float | None = None


class Hop(Schema):
    """One edge of a lineage, with its evidence."""

    model_config = _ex(_HOP)
    source: str
    type: str
    target: str
    confidence: float
    evidence: list[Evidence] = []


class Implementation(Schema):
    """A meeting or document that carries the document out, and the hop that reaches it."""

    node: NodeSummary
    depth: int
    via: Hop


class Implementations(Schema):
    """What carries a document out, direct and transitive, grouped by province and year."""

    model_config = _ex({"document": _CT39, "depth": 3, "count": 1, "truncated": False,
                        "items": [{"node": _KH126, "depth": 1, "via": _HOP}],
                        "by_province": {"Đồng Tháp": {"(không rõ)": [_KH126["id"]]}}})
    document: NodeSummary
    depth: int
    count: int
    items: list[Implementation]
    by_province: dict[str, dict[str, list[str]]]
    truncated: bool


class Trace(Schema):
    """Every path from a plan or meeting up to the documents it rests on."""

    model_config = _ex({"start": _KH126, "paths": [[_HOP]], "nodes": {_KH126["id"]: _KH126, _CT39["id"]: _CT39},
                        "central": [_CT39["id"]], "truncated": False})
    start: NodeSummary
    paths: list[list[Hop]]
    nodes: dict[str, NodeSummary]
    central: list[str]
    truncated: bool


class Coverage(Schema):
    """Provinces with and without a recorded implementation, in the list of units in force."""

    model_config = _ex({"document": _CT39, "as_of": "2014-08-18", "units": 63,
                        "covered": {"Đồng Tháp": [_KH126["id"]]}, "missing": ["Hà Nội", "Hải Phòng"], "truncated": False})
    document: NodeSummary
    as_of: str | None
    units: int
    covered: dict[str, list[str]]
    missing: list[str]
    truncated: bool


class TimelineEvent(Schema):
    """One dated event in a document's life."""

    node: NodeSummary
    relation: str
    via: Hop | None = None


class Timeline(Schema):
    """A document and what happened to it, by date."""

    model_config = _ex({"document": _CT39, "truncated": False, "events": [
        {"node": _CT39, "relation": "ISSUED", "via": None}, {"node": _KH126, "relation": "IMPLEMENTS", "via": _HOP}]})
    document: NodeSummary
    events: list[TimelineEvent]
    truncated: bool


class LineageNode(NodeSummary):
    """A node of the lineage graph and its layer: negative above (what it rests on), positive below."""

    layer: int


class Matrix(Schema):
    """Implementations by province (rows) and year (columns); each cell lists node ids."""

    rows: list[str]
    columns: list[str]
    cells: dict[str, dict[str, list[str]]]


class Lineage(Schema):
    """The lineage graph the page draws: ancestors above the document, implementations below."""

    model_config = _ex({"document": _CT39, "nodes": [{**_CT39, "layer": 0}, {**_KH126, "layer": 1}], "edges": [_HOP],
                        "matrix": {"rows": ["Đồng Tháp"], "columns": ["(không rõ)"],
                                   "cells": {"Đồng Tháp": {"(không rõ)": [_KH126["id"]]}}}, "truncated": False})
    document: NodeSummary
    nodes: list[LineageNode]
    edges: list[Hop]
    matrix: Matrix
    truncated: bool


# ---------------------------------------------------------------- entities
class Entity(Schema):
    """Fields every entity has."""

    id: str
    kind: str
    label: str


class DocumentOut(Entity):
    """A document (văn kiện, văn bản)."""

    model_config = _ex({"id": "doc:ct-tw-39-xi", "kind": "Document", "label": "Chỉ thị 39-CT/TW (2014)",
                        "doc_kind": "chi_thi", "system": "party", "number": "39", "symbol": "CT/TW",
                        "issuer": "body:bo-chinh-tri", "issued": "2014-08-18", "year": 2014, "term": "XI",
                        "title": "tăng cường công tác bảo vệ chính trị nội bộ hiện nay", "resolved": True})
    doc_kind: str | None = None
    system: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    scope: str | None = None
    issued: str | None = None
    year: int | None = None
    term: str | None = None
    plenum: int | None = None
    congress: str | None = None
    title: str | None = None
    province: str | None = None
    resolved: bool = True
    candidates: list[str] = []


class MeetingOut(Entity):
    """A meeting (hội nghị, buổi làm việc, đại hội)."""

    model_config = _ex({"id": "mtg:2016-12-23-ban-to-chuc-tinh-uy-dong-thap-tong-ket", "kind": "Meeting",
                        "label": "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2016 (2016-12-23)",
                        "name": "Hội nghị tổng kết công tác tổ chức xây dựng đảng năm 2016", "meeting_kind": "tong_ket",
                        "date": "2016-12-23", "year": 2016, "province": "Đồng Tháp"})
    name: str | None = None
    meeting_kind: str | None = None
    date: str | None = None
    year: int | None = None
    location: str | None = None
    online: bool | None = None
    period: str | None = None
    province: str | None = None


class BodyOut(Entity):
    """A body (cơ quan, tổ chức đảng)."""

    model_config = _ex({"id": "body:tinh-uy-dong-thap", "kind": "Body", "label": "Tỉnh ủy Đồng Tháp",
                        "name": "Tỉnh ủy Đồng Tháp", "body_kind": "provincial_committee", "province": "Đồng Tháp"})
    name: str | None = None
    body_kind: str | None = None
    parent: str | None = None
    province: str | None = None


class PersonOut(Entity):
    """A person named in the sources."""

    model_config = _ex({"id": "person:bui-van-cuong", "kind": "Person", "label": "Bùi Văn Cường", "name": "Bùi Văn Cường"})
    name: str | None = None


class Relation(Schema):
    """An edge at an entity: its type, direction, the node at the other end and the evidence."""

    type: str
    direction: str = Field(description="'out' (this entity is the subject) or 'in'")
    node: NodeSummary
    confidence: float
    evidence: list[Evidence] = []


class Mention(Schema):
    """Where an entity is named, with a snippet of the source text around it."""

    source: str
    start: int
    end: int
    text: str
    before: str = ""
    after: str = ""


class DocumentDetail(Schema):
    """A document with its aliases, mentions and relations."""

    model_config = _ex({"document": DocumentOut.model_config["json_schema_extra"]["examples"][0],  # type: ignore[index]
                        "aliases": [], "relations": [{"type": "IMPLEMENTS", "direction": "in", "node": _KH126,
                                                      "confidence": 0.9, "evidence": [_EVIDENCE]}],
                        "mentions": [{"source": "src:002-f9a59b69b065816b", "start": 3798, "end": 3817,
                                      "text": "Chỉ thị số 39-CT/TW", "before": "…về thực hiện ",
                                      "after": " của Bộ Chính trị…"}]})
    document: DocumentOut
    aliases: list[str]
    relations: list[Relation]
    mentions: list[Mention]


class MeetingDetail(Schema):
    """A meeting with its relations and mentions."""

    meeting: MeetingOut
    relations: list[Relation]
    mentions: list[Mention]


class BodyDetail(Schema):
    """A body with its relations."""

    body: BodyOut
    relations: list[Relation]


class PersonDetail(Schema):
    """A person with posts, meetings and mentions."""

    person: PersonOut
    relations: list[Relation]
    mentions: list[Mention]


class Page(Schema):
    """A page of a list: ``next_offset`` is null on the last page."""

    total: int | None = None
    limit: int
    offset: int
    next_offset: int | None = None


class DocumentPage(Page):
    """A page of documents."""

    model_config = _ex({"items": [DocumentOut.model_config["json_schema_extra"]["examples"][0]],  # type: ignore[index]
                        "total": 1, "limit": 50, "offset": 0, "next_offset": None})
    items: list[DocumentOut]


class MeetingPage(Page):
    """A page of meetings."""

    items: list[MeetingOut]


class BodyPage(Page):
    """A page of bodies."""

    items: list[BodyOut]


class PersonPage(Page):
    """A page of persons."""

    items: list[PersonOut]


# ---------------------------------------------------------------- sources, lookup, stats, writes
class SourceOut(Schema):
    """A source's metadata."""

    id: str
    key: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    sha256: str | None = None
    ingested: str | None = None


class SourcePage(Page):
    """A page of sources."""

    items: list[SourceOut]


class Span(Schema):
    """A marked span of a source's text: an evidence sentence or a mention."""

    kind: str = Field(description="'evidence' or 'mention'")
    start: int
    end: int
    text: str
    node: str | None = None
    type: str | None = None
    target: str | None = None
    rule: str | None = None


class SourceDetail(SourceOut):
    """A source's normalised text, with its evidence and mention spans."""

    model_config = _ex({"id": "src:002-f9a59b69b065816b", "title": "…", "text": "…", "spans": [
        {"kind": "evidence", "start": 3718, "end": 3891, "text": _EVIDENCE["text"], "node": _KH126["id"],
         "type": "IMPLEMENTS", "target": _CT39["id"], "rule": "cue"}]})
    text: str
    spans: list[Span]


class Resolved(NodeSummary):
    """A candidate document for a typed reference."""

    score: float
    match: str


class ResolveResult(Schema):
    """Ranked documents for what was typed."""

    model_config = _ex({"q": "chi thi 39", "items": [{**_CT39, "score": 1.0, "match": "exact"}]})
    q: str
    items: list[Resolved]


class SearchResult(Schema):
    """Nodes whose names contain the words typed."""

    model_config = _ex({"q": "dong thap", "items": [_KH126]})
    q: str
    items: list[NodeSummary]


class Stats(Schema):
    """Counts of the store."""

    model_config = _ex({"store": "embedded", "sources": 35, "nodes": 222, "edges": 252, "evidence": 320,
                        "nodes_by_kind": {"Document": 69}, "edges_by_type": {"IMPLEMENTS": 21},
                        "unresolved_documents": 5, "generation": 1})
    store: str
    sources: int
    nodes: int
    edges: int
    evidence: int | None = None
    nodes_by_kind: dict[str, int]
    edges_by_type: dict[str, int]
    unresolved_documents: int | None = None
    generation: int | None = None


class Health(Schema):
    """The server is up and reads its store."""

    model_config = _ex({"status": "ok", "generation": 1})
    status: str
    generation: int


class SourceIn(BaseModel):
    """An article to ingest: the same fields as a line of a JSONL corpus."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "id": "api-0001", "title": "Tỉnh ủy Đồng Tháp quán triệt Chỉ thị 39-CT/TW",
        "text": "Ngày 10/3/2015, Ban Thường vụ Tỉnh ủy Đồng Tháp ban hành Kế hoạch số 126-KH/TU về thực hiện "
                "Chỉ thị số 39-CT/TW của Bộ Chính trị.", "url": "https://example.org/a", "published": "2015-03-10"}]})
    id: str = Field(min_length=1, max_length=200, pattern=r"^[^\s/]+$")
    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: str | None = Field(default=None, pattern=r"^\d{4}-\d{2}-\d{2}$")


class IngestOut(Schema):
    """What a write did."""

    model_config = _ex({"source": "src:api-0001", "status": "added", "nodes_added": 3, "nodes_updated": 1,
                        "edges_added": 2, "edges_updated": 0, "merged": {}})
    source: str
    status: str = Field(description="'added', 'replaced', 'unchanged' or 'removed'")
    nodes_added: int = 0
    nodes_updated: int = 0
    nodes_removed: int = 0
    edges_added: int = 0
    edges_updated: int = 0
    edges_removed: int = 0
    merged: dict[str, str] = {}
