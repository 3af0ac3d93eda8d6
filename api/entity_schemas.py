"""Response schemas of the entities: documents, meetings, bodies, persons and sources, one at a time and by page."""

from __future__ import annotations

from pydantic import Field

from api.schemas import CT39, EVIDENCE, KH126, Evidence, InForce, NodeSummary, Schema, example_config, example_of


class Entity(Schema):
    """Fields every entity has."""

    id: str
    kind: str
    label: str


class DocumentOut(Entity):
    """A document (văn kiện, văn bản)."""

    model_config = example_config({"id": "doc:ct-tw-39-xi", "kind": "Document", "label": "Chỉ thị 39-CT/TW (2014)",
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

    model_config = example_config({"id": "mtg:2016-12-23-ban-to-chuc-tinh-uy-dong-thap-tong-ket", "kind": "Meeting",
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

    model_config = example_config({"id": "body:tinh-uy-dong-thap", "kind": "Body", "label": "Tỉnh ủy Đồng Tháp",
                        "name": "Tỉnh ủy Đồng Tháp", "body_kind": "provincial_committee", "province": "Đồng Tháp"})
    name: str | None = None
    body_kind: str | None = None
    parent: str | None = None
    province: str | None = None


class PersonOut(Entity):
    """A person named in the sources."""

    model_config = example_config({"id": "person:bui-van-cuong", "kind": "Person", "label": "Bùi Văn Cường", "name": "Bùi Văn Cường"})
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

    model_config = example_config({"document": example_of(DocumentOut),
                        "aliases": [], "relations": [{"type": "IMPLEMENTS", "direction": "in", "node": KH126,
                                                      "confidence": 0.9, "evidence": [EVIDENCE]}],
                        "mentions": [{"source": "src:002-f9a59b69b065816b", "start": 3798, "end": 3817,
                                      "text": "Chỉ thị số 39-CT/TW", "before": "…về thực hiện ",
                                      "after": " của Bộ Chính trị…"}]})
    document: DocumentOut
    in_force: InForce = InForce()
    aliases: list[str]
    relations: list[Relation]
    mentions: list[Mention]
    sources: list[SourceOut] = Field(default=[], description="The first sources that name the document, by id.")
    source_count: int = Field(default=0, description="How many sources name the document.")
    kind_label: str | None = Field(default=None, description="The document's type in words ('Chỉ thị').")
    issuer_label: str | None = Field(default=None, description="The issuing body's name.")


class MeetingDetail(Schema):
    """A meeting with its relations and mentions."""

    model_config = example_config({"meeting": example_of(MeetingOut), "mentions": [], "relations": [
        {"type": "DISCUSSES", "direction": "out", "node": CT39, "confidence": 0.5, "evidence": [EVIDENCE]}]})

    meeting: MeetingOut
    relations: list[Relation]
    mentions: list[Mention]


class BodyDetail(Schema):
    """A body with its relations."""

    model_config = example_config({"body": example_of(BodyOut), "relations": []})

    body: BodyOut
    relations: list[Relation]


class PersonDetail(Schema):
    """A person with posts, meetings and mentions."""

    model_config = example_config({"person": example_of(PersonOut), "relations": [], "mentions": []})

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

    model_config = example_config({"items": [example_of(DocumentOut)],
                        "total": 1, "limit": 50, "offset": 0, "next_offset": None})
    items: list[DocumentOut]


class MeetingPage(Page):
    """A page of meetings."""

    model_config = example_config({"items": [example_of(MeetingOut)], "total": 1, "limit": 50, "offset": 0, "next_offset": None})

    items: list[MeetingOut]


class BodyPage(Page):
    """A page of bodies."""

    model_config = example_config({"items": [example_of(BodyOut)], "total": 1, "limit": 50, "offset": 0, "next_offset": None})

    items: list[BodyOut]


class PersonPage(Page):
    """A page of persons."""

    model_config = example_config({"items": [example_of(PersonOut)], "total": 1, "limit": 50, "offset": 0, "next_offset": None})

    items: list[PersonOut]


# ---------------------------------------------------------------- sources
class SourceOut(Schema):
    """A source's metadata."""

    id: str
    key: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None
    sha256: str | None = None
    ingested: str | None = None
    example: bool = Field(default=False, description="One of the project's own examples (examples/), not a real article.")


class SourcePage(Page):
    """A page of sources."""

    model_config = example_config({"items": [{"id": "src:002-f9a59b69b065816b", "key": "002_f9a59b69b065816b.txt", "url": None,
                                   "title": "Ban Tổ chức Tỉnh ủy Đồng Tháp tổng kết công tác tổ chức xây dựng đảng năm 2016",
                                   "published": "2016-12-23", "sha256": "a81f25ac…", "ingested": "2026-01-01T00:00:00+00:00"}],
                        "total": None, "limit": 50, "offset": 0, "next_offset": None})

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

    model_config = example_config({"id": "src:002-f9a59b69b065816b", "title": "…", "text": "…", "spans": [
        {"kind": "evidence", "start": 3718, "end": 3891, "text": EVIDENCE["text"], "node": KH126["id"],
         "type": "IMPLEMENTS", "target": CT39["id"], "rule": "cue"}]})
    text: str
    spans: list[Span]


