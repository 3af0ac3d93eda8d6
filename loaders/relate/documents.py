"""Relations of documents: to each other (the cues the text states, kept only where the
documents' levels and dates allow them), to their issuers, and the parents of their bodies.

A central document does not implement, guide or replace a local one (``_downward``); a
document does not carry out, amend or replace one issued after it (``_earlier``).
"""

from __future__ import annotations

from loaders.find.documents import DocMention
from loaders.lexicon import central_body, committee_of, relation_cues
from loaders.relate.collect import Collector
from loaders.relate.stated import find_doc_relations
from loaders.text.context import Context
from ontology import ids, reference
from ontology.records import BodyFact, DocumentFact
from ontology.vocab import BodyKind, DocKind, DocSystem, RelationType, Rule


def add_parents(facts: Collector) -> None:
    """Add the parents of known bodies, so no PART_OF points to a body the source does not
    hold: central ones come with their specs, a local body's Party committee with its
    province (Tỉnh ủy Trà Vinh above Huyện ủy Cầu Ngang, named only through "Ban Thường vụ
    Huyện ủy Cầu Ngang")."""
    for bid, parent in _central_parents():
        if bid in facts.bodies and parent.id not in facts.bodies:
            facts.bodies[parent.id] = parent
    for body in list(facts.bodies.values()):
        if not body.parent or body.parent in facts.bodies or not body.province:
            continue
        province = reference.province_by_name(body.province)
        if province is None:
            continue
        for day in (facts.ctx.reference_date, None):
            committee = committee_of(province, day)
            if committee.id == body.parent:
                facts.bodies[committee.id] = committee
                break


# the central bodies' (id, parent) pairs and the specs they were read from
_CENTRAL_PARENTS: tuple[tuple[reference.BodySpec, ...] | None, tuple[tuple[str, BodyFact], ...]] = (None, ())


def _central_parents() -> tuple[tuple[str, BodyFact], ...]:
    """Each central body's id with its parent body, in the specs' order: the same pairs for
    every source, built once per table (not 35 ids and a parent per call)."""
    global _CENTRAL_PARENTS
    specs = reference.central_bodies()
    if _CENTRAL_PARENTS[0] is not specs:
        pairs = []
        for spec in specs:
            parent = central_body(spec.parent) if spec.parent else None
            if parent is not None:
                pairs.append((ids.body_id(spec.name), parent))
        _CENTRAL_PARENTS = (specs, tuple(pairs))
    return _CENTRAL_PARENTS[1]


def document_relations(facts: Collector, ctx: Context, mentions: list[DocMention], by_mention: list[str],
                        docs: dict[str, DocumentFact], self_doc: str | None) -> set[int]:
    """Relations between documents and to their issuers; returns the mentions that are
    targets of a cue in their own sentence."""
    self_kind = docs[self_doc].kind if self_doc else None
    cued: set[int] = set()
    topic = _topics(ctx, mentions, by_mention, self_doc)
    for r in find_doc_relations(ctx, mentions, by_mention, self_kind, self_doc is not None, topic):
        source = self_doc if r.source < 0 else by_mention[r.source]
        if source is None or _downward(docs[source], docs[by_mention[r.target]]) \
                or _earlier(docs[source], docs[by_mention[r.target]]):
            continue
        facts.relate(r.type, source, by_mention[r.target], r.sentence[0], r.rule, r.confidence)
        if ctx.sentences.at(mentions[r.target].start)[0] == r.sentence[0]:
            # (a cue in a later sentence, "Để triển khai các nghị quyết trên, …", leaves what the
            # target's own sentence says of it: "Hội nghị quán triệt <B>" still carries B out)
            cued.add(r.target)
    first_mention: dict[str, DocMention] = {}
    for x, doc_id in zip(mentions, by_mention, strict=True):
        first_mention.setdefault(doc_id, x)
        d = docs[doc_id]
        if d.issuer is None:
            continue
        if x.issuer_body is not None and x.issuer_body.id == d.issuer:
            facts.body(x.issuer_body, x.start)
            facts.relate(RelationType.ISSUED_BY, doc_id, d.issuer, x.start, Rule.ISSUER_PHRASE, 0.9)
    for doc_id, x in first_mention.items():
        d = docs[doc_id]
        if d.issuer and (RelationType.ISSUED_BY.value, doc_id, d.issuer) not in facts.relations:
            body = central_body(d.issuer_name or "") or BodyFact(d.issuer, d.issuer_name or "", _kind_of(d))
            facts.body(body, x.start)
            rule = Rule.REFERENCE if d.basis in ("reference", "subject", "date", "plenum") else Rule.ISSUER_SYMBOL
            facts.relate(RelationType.ISSUED_BY, doc_id, d.issuer, x.start, rule, 0.75)
    return cued


def _topics(ctx: Context, mentions: list[DocMention], by_mention: list[str], self_doc: str | None
            ) -> dict[DocKind, int]:
    """Per type, the document the text is about (what "Quy định này" stands for): the text's
    own document, else the first one the text says is issued ("… ban hành Quy định số …")."""
    topic: dict[DocKind, int] = {}
    for i, x in enumerate(mentions):
        if self_doc is not None and by_mention[i] == self_doc:
            topic[x.kind] = i
    issues = relation_cues().issues  # "… (đã) ban hành <X>", "… ký <X>", "… xây dựng <X>"
    for i, x in enumerate(mentions):
        if x.kind not in topic and issues.search(ctx.folded, max(0, x.start - 60), x.start):
            topic[x.kind] = i
    return topic


def _central(d: DocumentFact) -> bool:
    if d.system is not DocSystem.PARTY or not d.symbol or "/" not in d.symbol:
        return d.congress is not None or (d.plenum is not None and d.scope is None)
    issuer = reference.issuer_for_code(d.symbol.split("/", 1)[1])
    return bool(issuer and issuer.central)


def _downward(source: DocumentFact, target: DocumentFact) -> bool:
    """A central document does not implement, guide or replace a local one."""
    return _central(source) and not _central(target) and target.scope is not None


def _earlier(source: DocumentFact, target: DocumentFact) -> bool:
    """A document does not carry out, guide, review, amend or replace one issued after it:
    "A; B thực hiện C và D; E" read across the list would make an older plan carry out a
    newer one. Compared on the dates when both are known, else on the years; not for a
    reference whose resolution is in doubt (its date may be another document's) nor on a year
    estimated from a series' numbering ("Hướng dẫn số 152-HD/BTGTW về tuyên truyền <a 2024
    directive>": the series' pace put 152 in 2020)."""
    if not source.resolved or not target.resolved or source.candidates or target.candidates:
        return False
    if "estimate" in (source.basis, target.basis):
        return False
    if source.issued is not None and target.issued is not None:
        return source.issued < target.issued
    if source.year is not None and target.year is not None:
        return source.year < target.year
    return False


def _kind_of(d: DocumentFact) -> BodyKind:
    return BodyKind.PROVINCIAL_COMMITTEE if d.scope else BodyKind.OTHER
