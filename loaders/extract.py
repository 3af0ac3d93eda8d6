"""From one source to its facts: the pipeline, stage by stage.

prepare (normalise, sentences, dates, bodies) → documents (find, modifiers) → resolve →
persons → meetings → relations → ``Extraction`` (the source's graph delta).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace

from loaders import meeting_links
from loaders.find import find
from loaders.find.documents import DocMention
from loaders.find.meetings import MeetingMention, meeting_kind
from loaders.find.official import OfficialText
from loaders.find.patterns import ordinal
from loaders.find.persons import PersonMention, PostMention, post_fact
from loaders.lexicon import central_body, committee_of, province_at, relation_cues
from loaders.read.sources import Failure, Source, iter_sources
from loaders.relations import find_doc_relations
from loaders.resolve.documents import resolve
from loaders.text.context import Context, prepare
from ontology import ids, reference
from ontology.records import (
    BodyFact,
    DocumentFact,
    Evidence,
    Extraction,
    MeetingFact,
    PersonFact,
    PostFact,
    RelationFact,
    SourceMeta,
    Span,
)
from ontology.text import fold
from ontology.vocab import BodyKind, DocKind, DocSystem, MeetingKind, RelationType, Rule


class _Facts:
    """Collects facts and relations of one source, without duplicates."""

    def __init__(self, ctx: Context, own: OfficialText | None = None) -> None:
        self.ctx = ctx
        self.own = own
        self.bodies: dict[str, BodyFact] = {}
        self.meetings: dict[str, MeetingFact] = {}
        self.relations: dict[tuple[str, str, str], RelationFact] = {}

    def evidence(self, pos: int, rule: Rule, confidence: float) -> Evidence:
        a, b, text = self.ctx.sentence_text(pos)
        own = self.own is not None and self.own.owns(pos)
        return Evidence(self.ctx.source.id, a, b, text, rule.value, round(confidence, 3), own)

    def relate(self, t: RelationType, source: str, target: str, pos: int, rule: Rule, confidence: float) -> None:
        if not source or not target or source == target:
            return
        key = (t.value, source, target)
        old = self.relations.get(key)
        if old is None or old.evidence.confidence < confidence:
            self.relations[key] = RelationFact(t, source, target, self.evidence(pos, rule, confidence))

    def body(self, b: BodyFact, pos: int | None = None) -> None:
        if b.id not in self.bodies:
            self.bodies[b.id] = b
        if b.parent and pos is not None:
            self.relate(RelationType.PART_OF, b.id, b.parent, pos, Rule.HIERARCHY, 0.95)


def extract_source(source: Source) -> Extraction:
    """Extract everything from one source."""
    ctx = prepare(source)
    found = find(ctx)
    own, mentions, persons, meetings = found.official, found.documents, found.persons, found.meetings
    resolved = resolve(ctx, mentions)
    resolved.documents = [own.document(d) if d.id == resolved.self_document else d for d in resolved.documents]
    facts = _Facts(ctx, own)
    for bm in ctx.bodies:
        facts.body(bm.body, bm.start)
        if bm.parent is not None:
            facts.body(bm.parent, bm.start)
    _parents(facts)
    docs = {d.id: d for d in resolved.documents}
    cued = _document_relations(facts, ctx, mentions, resolved.by_mention, docs, resolved.self_document)
    person_facts = _official_facts(facts, own, resolved.self_document, _persons(facts, persons))
    _meetings(facts, ctx, meetings, mentions, resolved.by_mention, cued)
    _adoptions(facts, ctx, mentions, resolved.by_mention, docs)
    meta = SourceMeta(source.id, source.key, source.path, ctx.title, source.published, source.url, source.sha256,
                      source.line)
    return Extraction(
        source=meta,
        text=ctx.text,
        documents=tuple(resolved.documents),
        meetings=tuple(facts.meetings.values()),
        bodies=tuple(facts.bodies.values()),
        persons=tuple(person_facts),
        relations=tuple(facts.relations.values()),
        warnings=tuple(resolved.warnings),
    )


def _parents(facts: _Facts) -> None:
    """Add the parents of known bodies (central ones come with their specs)."""
    for spec in reference.central_bodies():
        bid = ids.body_id(spec.name)
        if bid in facts.bodies and spec.parent:
            parent = central_body(spec.parent)
            if parent is not None and parent.id not in facts.bodies:
                facts.bodies[parent.id] = parent


def _document_relations(facts: _Facts, ctx: Context, mentions: list[DocMention], by_mention: list[str],
                        docs: dict[str, DocumentFact], self_doc: str | None) -> set[int]:
    """Relations between documents and to their issuers; returns the mentions that are
    targets of a cue."""
    self_kind = docs[self_doc].kind if self_doc else None
    cued: set[int] = set()
    topic = _topics(ctx, mentions, by_mention, self_doc)
    for r in find_doc_relations(ctx, mentions, by_mention, self_kind, self_doc is not None, topic):
        source = self_doc if r.source < 0 else by_mention[r.source]
        if source is None or _downward(docs[source], docs[by_mention[r.target]]) \
                or _earlier(docs[source], docs[by_mention[r.target]]):
            continue
        facts.relate(r.type, source, by_mention[r.target], r.sentence[0], r.rule, r.confidence)
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
    reference whose resolution is in doubt (its date may be another document's)."""
    if not source.resolved or not target.resolved or source.candidates or target.candidates:
        return False
    if source.issued is not None and target.issued is not None:
        return source.issued < target.issued
    if source.year is not None and target.year is not None:
        return source.year < target.year
    return False


def _kind_of(d: DocumentFact) -> BodyKind:
    return BodyKind.PROVINCIAL_COMMITTEE if d.scope else BodyKind.OTHER


def _persons(facts: _Facts, persons: list[PersonMention]) -> list[PersonFact]:
    merged: dict[str, tuple[str, list[PostFact], list[Span]]] = {}
    for p in persons:
        pid = ids.person_id(p.name)
        name, posts, spans = merged.setdefault(pid, (p.name, [], []))
        spans.append(Span(p.start, p.end, p.name))
        for q in p.posts:
            pf = post_fact(q)
            if pf.id not in {x.id for x in posts}:
                posts.append(pf)
            if q.body is not None:
                facts.body(q.body, q.start)
            facts.relate(RelationType.HOLDS_POST, pid, pf.id, p.start, Rule.POST_APPOSITION, 0.85)
            if pf.body:
                facts.relate(RelationType.POST_IN, pf.id, pf.body, q.start, Rule.POST_APPOSITION, 0.85)
    return [PersonFact(pid, name, tuple(posts), tuple(spans)) for pid, (name, posts, spans) in merged.items()]


_CENTRAL_KINDS = frozenset({BodyKind.CENTRAL_COMMITTEE, BodyKind.POLITBURO, BodyKind.SECRETARIAT,
                            BodyKind.CENTRAL_AGENCY})
CENTRAL_PLACE = "Trung ương"
# a meeting national by its name: "Hội nghị toàn quốc …", "Phiên họp (của) Bộ Chính trị …"
_NATIONAL_MEETING = re.compile(r"\btoan quoc\b|^(?:hoi nghi|phien hop|cuoc hop)\s+(?:cua\s+)?"
                               r"(?:bo chinh tri|ban bi thu|ban chap hanh trung uong)\b")


def _held_at(org: BodyFact) -> BodyFact:
    """A meeting of a central body is held at the centre: its organiser's place is "Trung ương"
    (not unknown), so a national meeting is counted there, not under "(không rõ)"."""
    if org.province is None and (org.kind in _CENTRAL_KINDS or "trung uong" in fold(org.name)):
        return replace(org, province=CENTRAL_PLACE)
    return org


def _held_in(ctx: Context, mt: MeetingMention, plenum: tuple[str, int] | None) -> str | None:
    """Where a meeting without a located organiser counts: "Trung ương" for a national one
    ("Hội nghị toàn quốc …", a Central plenum, a Politburo session); else the province its
    name gives ("Hội nghị Đảng bộ Công an tỉnh Thanh Hóa …"), else the article's; a merged
    province's new unit from 1-7-2025."""
    folded = fold(mt.name)
    if plenum or _NATIONAL_MEETING.search(folded):
        return CENTRAL_PLACE
    named = next((found[0] for i in range(len(folded)) if (i == 0 or not folded[i - 1].isalnum())
                  and (found := province_at(folded, i))), None)
    province = named or ctx.province
    return committee_of(province, mt.date).province if province else None


def _meetings(facts: _Facts, ctx: Context, meetings: list[MeetingMention], mentions: list[DocMention],
              by_mention: list[str], cued: set[int]) -> None:
    for mt in meetings:
        mt.organizers = tuple(_held_at(o) for o in mt.organizers)
        for org in mt.organizers:
            if org.province == CENTRAL_PLACE and org.id in facts.bodies:
                facts.bodies[org.id] = replace(facts.bodies[org.id], province=CENTRAL_PLACE)
        organizer = mt.organizers[0].id if mt.organizers else None
        plenum = _plenum_of(mt.name) if mt.kind is MeetingKind.PLENUM else None
        mid = ids.plenum_meeting_id(*plenum) if plenum else ids.meeting_id(
            mt.date.isoformat() if mt.date else None, organizer, mt.kind.value, mt.name, ctx.source.id)
        if mid in facts.meetings and facts.meetings[mid].name != mt.name and not plenum:
            # two meetings of one body on one day ("Hội nghị cán bộ chủ chốt; Hội nghị Ban Chấp hành …")
            mid = ids.meeting_id(mt.date.isoformat() if mt.date else None, None, None, mt.name, ctx.source.id)
        chair = ids.person_id(mt.chair.name) if mt.chair else None
        spans = (Span(mt.start, mt.end, ctx.text[mt.start:mt.end]),) if mt.end > mt.start else ()
        province = next((o.province for o in mt.organizers if o.province), None) or _held_in(ctx, mt, plenum)
        facts.meetings[mid] = MeetingFact(mid, mt.name, mt.kind, mt.date, mt.year, mt.location, organizer, chair,
                                          mt.online, mt.period, spans, province)
        pos = mt.start if mt.end > mt.start else mt.anchor
        for org in mt.organizers:
            facts.body(org, pos)
            facts.relate(RelationType.ORGANIZED_BY, mid, org.id, pos, Rule.ORGANIZER, 0.85)
        for person in mt.participants:
            facts.relate(RelationType.ATTENDED_BY, mid, ids.person_id(person.name), person.start, Rule.PARTICIPANT, 0.7)
        for bm in mt.participant_bodies:
            facts.body(bm.body, bm.start)
            facts.relate(RelationType.ATTENDED_BY, mid, bm.body.id, bm.start, Rule.PARTICIPANT, 0.6)
        if mt.chair is not None:
            rule = Rule.CHAIR if mt.chair_rule == "chair" else Rule.CONCLUDING_SPEAKER
            facts.relate(RelationType.CHAIRED_BY, mid, chair or "", mt.chair.start, rule, 0.9 if rule is Rule.CHAIR else 0.7)
        best: dict[str, tuple[RelationType, int, Rule, float]] = {}
        for link in meeting_links.links(ctx, mt, mentions, cued):
            doc_id = by_mention[link[1]]
            if doc_id not in best or best[doc_id][3] < link[3]:
                best[doc_id] = link
        for doc_id, (t, i, rule, conf) in best.items():
            facts.relate(t, mid, doc_id, mentions[i].start, rule, conf)


# also "Hội nghị Ban Chấp hành Trung ương Đảng lần thứ 13, khoá XIII"
_PLENUM_NAME = re.compile(r"^hoi nghi\s+(?:lan thu\s+(?P<a>[\w ]+?)\s+(?:ban chap hanh\s+)?trung uong|"
                          r"(?:ban chap hanh\s+)?trung uong\s+(?:dang\s+)?(?:lan thu\s+)?(?P<b>\w+))\b.*?\bkhoa\s+(?P<t>[ivxl]+|\d+)\b")


def _plenum_of(name: str) -> tuple[str, int] | None:
    """(term, number) of a Central Committee plenum named "Hội nghị lần thứ 10 Ban Chấp hành
    Trung ương Đảng khóa XIII" or "Hội nghị Trung ương 4 khóa XII"."""
    m = _PLENUM_NAME.match(fold(name))
    if not m:
        return None
    n = ordinal(m["a"] or m["b"] or "")
    term = reference.term_by_name(m["t"])
    return (term.term, n) if n and term else None


def _adoptions(facts: _Facts, ctx: Context, mentions: list[DocMention], by_mention: list[str],
               docs: dict[str, DocumentFact]) -> None:
    """Documents adopted at a plenum or a named conference (ADOPTED_AT)."""
    for x, doc_id in zip(mentions, by_mention, strict=True):
        d = docs[doc_id]
        if d.plenum and d.term and x.plenum:
            mid = ids.plenum_meeting_id(d.term, d.plenum)
            if mid not in facts.meetings:
                month = reference.plenum_months().get((d.term, d.plenum))
                facts.meetings[mid] = MeetingFact(mid, f"Hội nghị Trung ương {d.plenum} khóa {d.term}", MeetingKind.PLENUM,
                                                  None, int(month[:4]) if month else None,
                                                  organizer=ids.body_id("Ban Chấp hành Trung ương"),
                                                  province=CENTRAL_PLACE)
            facts.relate(RelationType.ADOPTED_AT, doc_id, mid, x.start, Rule.PLENUM_ADOPTION, 0.9)
        elif x.adopted_at is not None:
            a, b = x.adopted_at
            raw = ctx.text[a:b].rstrip(" ,")
            if len(raw.split()) < 3:
                continue
            name = raw[:1].upper() + raw[1:]
            mid = ids.meeting_id(None, None, None, name, ctx.source.id)
            if mid not in facts.meetings:
                national = CENTRAL_PLACE if _NATIONAL_MEETING.search(fold(name)) else None
                facts.meetings[mid] = MeetingFact(mid, name, meeting_kind(fold(name)), None,
                                                  d.year, mentions=(Span(a, a + len(raw), raw),), province=national)
            facts.relate(RelationType.ADOPTED_AT, doc_id, mid, x.start, Rule.PLENUM_ADOPTION, 0.75)


def _official_facts(facts: _Facts, own: OfficialText, self_doc: str | None,
                    persons: list[PersonFact]) -> list[PersonFact]:
    """What an official text says of itself: its signers (SIGNED_BY, with the post they sign
    in) and its recipients (SENT_TO)."""
    if self_doc is None:
        return persons
    by_id = {p.id: p for p in persons}
    for s in own.signatures:
        pid = ids.person_id(s.name)
        span = Span(s.name_start, s.name_end, facts.ctx.text[s.name_start:s.name_end])
        facts.relate(RelationType.SIGNED_BY, self_doc, pid, s.name_start, Rule.SELF_DOCUMENT, 0.9)
        old = by_id.get(pid) or PersonFact(pid, s.name)
        posts = list(old.posts)
        if s.post:
            pf = post_fact(PostMention(s.start, s.end, s.post_title or s.post, s.post, s.post_body))
            for q in [q for q in posts if q.body is None and fold(q.title) == fold(s.post) and q.id != pf.id]:
                posts.remove(q)  # the bare "Phó bí thư" read without its body
                facts.relations.pop((RelationType.HOLDS_POST.value, pid, q.id), None)
            if pf.id not in {q.id for q in posts}:
                posts.append(pf)
            facts.relate(RelationType.HOLDS_POST, pid, pf.id, s.name_start, Rule.SELF_DOCUMENT, 0.9)
            if s.post_body is not None:
                facts.body(s.post_body, s.start)
                facts.relate(RelationType.POST_IN, pf.id, s.post_body.id, s.start, Rule.SELF_DOCUMENT, 0.9)
        spans = old.mentions if span in old.mentions else (*old.mentions, span)
        by_id[pid] = PersonFact(pid, old.name, tuple(posts), spans)
    for r in own.recipients:
        for b in r.bodies:
            facts.body(b, r.start)
            facts.relate(RelationType.SENT_TO, self_doc, b.id, r.start, Rule.SELF_DOCUMENT, 0.85)
    return list(by_id.values())


def extract_paths(paths: Iterable[str]) -> Iterator[Extraction | Failure]:
    """Extract every source under the paths; failures are yielded, not raised."""
    for item in iter_sources(paths):
        if isinstance(item, Failure):
            yield item
        else:
            yield extract_source(item)
