"""Response and request schemas of the API: the published contract, separate from the store's models.

Every model carries an example (shown in the OpenAPI document and at ``/docs``); the
examples are real facts of the development corpus.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

CT39 = {"id": "doc:ct-tw-39-xi", "kind": "Document", "label": "Chỉ thị 39-CT/TW (2014)", "date": "2014-08-18",
         "year": 2014, "province": None, "central": True, "resolved": True}
KH126 = {"id": "doc:kh-tu-dong-thap-126-2015-2020", "kind": "Document", "label": "Kế hoạch 126-KH/TU (Tỉnh ủy Đồng Tháp)",
          "date": None, "year": None, "province": "Đồng Tháp", "central": False, "resolved": True}
EVIDENCE = {"source": "src:002-f9a59b69b065816b", "start": 3718, "end": 3891, "rule": "cue", "confidence": 0.9,
             "text": "Triển khai đồng bộ Kế hoạch số 126-KH/TU của Ban Thường vụ Tỉnh ủy về thực hiện Chỉ thị số "
                     "39-CT/TW của Bộ Chính trị về tăng cường công tác bảo vệ chính trị nội bộ hiện nay."}
QD69 = {"id": "doc:qd-tw-69-xiii", "label": "Quy định 69-QĐ/TW (2022)", "relation": "REPLACES", "since": "2022-07-06",
        "confidence": 0.9}
HOP = {"source": KH126["id"], "type": "IMPLEMENTS", "target": CT39["id"], "confidence": 0.9, "evidence": [EVIDENCE]}


ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day(value: object) -> object:
    """Only 'YYYY-MM-DD' (pydantic alone would also read 0 or '0' as 1970-01-01)."""
    if value is None or isinstance(value, date):
        return value
    if isinstance(value, str) and ISO_DAY.match(value):
        return value
    raise ValueError("a date must be written YYYY-MM-DD")


#: a calendar day, written YYYY-MM-DD and nothing else
IsoDay = Annotated[date, BeforeValidator(_iso_day)]


def example_config(example: dict[str, Any]) -> ConfigDict:
    """A model config whose JSON schema carries the example."""
    return ConfigDict(json_schema_extra={"examples": [example]})


def example_of(model: type[BaseModel]) -> Any:
    """The example of a model."""
    return model.model_config["json_schema_extra"]["examples"][0]  # type: ignore[index]


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

    model_config = example_config({"type": "urn:vankien:problem:not-found", "title": "Not found", "status": 404,
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
class SupersededBy(Schema):
    """A document that ends another's force (REPLACES, REPEALS), and since when: its date."""

    model_config = example_config(QD69)
    id: str
    label: str
    relation: str
    since: str | None = None
    confidence: float


class NodeSummary(Schema):
    """What a lineage answer shows of a node. ``in_force`` is False, with ``superseded_by``,
    for a document a recorded document replaces or repeals; None otherwise (the graph never
    asserts that a document is in force)."""

    model_config = example_config(CT39)
    id: str
    kind: str
    label: str
    date: str | None = None
    year: int | None = None
    province: str | None = None
    central: bool = False
    resolved: bool = True
    in_force: bool | None = None
    superseded_by: list[SupersededBy] = []


class InForce(Schema):
    """Whether a document is still in force, as far as the recorded documents say."""

    model_config = example_config({"in_force": False, "since": "2022-07-06", "superseded_by": [QD69]})
    in_force: bool | None = None
    since: str | None = None
    superseded_by: list[SupersededBy] = []


class Mark(Schema):
    """A mention of one end of a relation inside its evidence sentence (offsets into the source's text)."""

    node: str
    role: str = Field(description="'source' or 'target': which end of the relation it names.")
    start: int
    end: int
    text: str


class Evidence(Schema):
    """The sentence that states a relation, with its offsets in the source's normalised text."""

    model_config = example_config(EVIDENCE)
    source: str
    start: int
    end: int
    text: str | None = None
    rule: str | None = None
    confidence: float | None = None
    example: bool | None = Field(default=None, description="The source is one of the project's own examples "
                                                          "(lineage graph only).")
    marks: list[Mark] | None = Field(default=None, description="Where the sentence names the relation's two ends "
                                                                "(lineage graph only).")
    own_text: bool | None = Field(default=None, description="The sentence is the text of the relation's source "
                                                            "document itself, not news about it (lineage graph only).")


class Hop(Schema):
    """One edge of a lineage, with its evidence."""

    model_config = example_config(HOP)
    source: str
    type: str
    target: str
    confidence: float
    evidence: list[Evidence] = []
    sources: int | None = Field(default=None, description="How many sources state the edge, counted up to 200 "
                                                     "(lineage graph only).")


class Implementation(Schema):
    """A meeting or document that carries the document out, and the hop that reaches it."""

    node: NodeSummary
    depth: int
    via: Hop


class Implementations(Schema):
    """What carries a document out, direct and transitive, grouped by province and year."""

    model_config = example_config({"document": CT39, "depth": 3, "count": 1, "truncated": False,
                        "items": [{"node": KH126, "depth": 1, "via": HOP}],
                        "by_province": {"Đồng Tháp": {"(không rõ)": [KH126["id"]]}}})
    document: NodeSummary
    depth: int
    count: int
    items: list[Implementation]
    by_province: dict[str, dict[str, list[str]]]
    superseded: list[str] = Field(default=[], description="Documents of the answer no longer in force.")
    truncated: bool


class Trace(Schema):
    """Every path from a plan or meeting up to the documents it rests on."""

    model_config = example_config({"start": KH126, "paths": [[HOP]], "nodes": {KH126["id"]: KH126, CT39["id"]: CT39},
                        "central": [CT39["id"]], "truncated": False})
    start: NodeSummary
    paths: list[list[Hop]]
    nodes: dict[str, NodeSummary]
    central: list[str]
    superseded: list[str] = Field(default=[], description="Documents on the paths that are no longer in force.")
    truncated: bool


class Coverage(Schema):
    """Provinces with and without a recorded implementation, in the list of units in force."""

    model_config = example_config({"document": CT39, "as_of": "2014-08-18", "units": 63,
                        "covered": {"Đồng Tháp": [KH126["id"]]}, "missing": ["Hà Nội", "Hải Phòng"], "truncated": False})
    document: NodeSummary
    as_of: str | None
    units: int
    covered: dict[str, list[str]]
    missing: list[str]
    truncated: bool


class ProvinceUnit(Schema):
    """A province-level unit, and (after the merger) the units of before that it took in."""

    name: str
    former: list[str] = []


class Provinces(Schema):
    """The province-level units in force on a day."""

    model_config = example_config({"as_of": "2025-08-01", "count": 34, "units": [
        {"name": "Đồng Tháp", "former": ["Đồng Tháp", "Tiền Giang"]}]})
    as_of: str | None
    count: int
    units: list[ProvinceUnit]


class TimelineEvent(Schema):
    """One dated event in a document's life."""

    node: NodeSummary
    relation: str
    via: Hop | None = None


class Timeline(Schema):
    """A document and what happened to it, by date."""

    model_config = example_config({"document": CT39, "truncated": False, "events": [
        {"node": CT39, "relation": "ISSUED", "via": None}, {"node": KH126, "relation": "IMPLEMENTS", "via": HOP}]})
    document: NodeSummary
    events: list[TimelineEvent]
    superseded: list[str] = Field(default=[], description="Documents of the answer no longer in force.")
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

    model_config = example_config({"document": CT39, "nodes": [{**CT39, "layer": 0}, {**KH126, "layer": 1}], "edges": [HOP],
                        "matrix": {"rows": ["Đồng Tháp"], "columns": ["(không rõ)"],
                                   "cells": {"Đồng Tháp": {"(không rõ)": [KH126["id"]]}}}, "truncated": False})
    document: NodeSummary
    nodes: list[LineageNode]
    edges: list[Hop]
    matrix: Matrix
    truncated: bool


# ---------------------------------------------------------------- lookup, stats, writes
class Resolved(NodeSummary):
    """A candidate document for a typed reference."""

    score: float
    match: str


class ResolveResult(Schema):
    """Ranked documents for what was typed."""

    model_config = example_config({"q": "chi thi 39", "items": [{**CT39, "score": 1.0, "match": "exact"}]})
    q: str
    items: list[Resolved]


class SearchResult(Schema):
    """Nodes whose names contain the words typed."""

    model_config = example_config({"q": "dong thap", "items": [KH126]})
    q: str
    items: list[NodeSummary]


class Stats(Schema):
    """Counts of the store."""

    model_config = example_config({"store": "embedded", "sources": 35, "nodes": 222, "edges": 252, "evidence": 320,
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

    model_config = example_config({"status": "ok", "generation": 1})
    status: str
    generation: int


class SourceIn(BaseModel):
    """An article to ingest: the same fields as a line of a JSONL corpus."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{
        "id": "api-0001", "title": "Tỉnh ủy Đồng Tháp quán triệt Chỉ thị 39-CT/TW",
        "text": "Ngày 10/3/2015, Ban Thường vụ Tỉnh ủy Đồng Tháp ban hành Kế hoạch số 126-KH/TU về thực hiện "
                "Chỉ thị số 39-CT/TW của Bộ Chính trị.", "url": "https://example.org/a", "published": "2015-03-10"}]})
    id: str = Field(max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._~-]*$",
                    description="The article's id in its collection (the source id is derived from it).")
    text: str = Field(min_length=1, max_length=1_000_000)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    published: IsoDay | None = None

    @field_validator("text", "title", "url")
    @classmethod
    def _encodable(cls, v: str | None) -> str | None:
        if v is not None:
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                raise ValueError("not valid Unicode text (a lone surrogate)") from None
        return v


class IngestOut(Schema):
    """What a write did."""

    model_config = example_config({"source": "src:api-0001", "status": "added", "nodes_added": 3, "nodes_updated": 1,
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
