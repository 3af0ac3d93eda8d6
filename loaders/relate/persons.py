"""Relations of people: the posts the text gives them (HOLDS_POST, POST_IN) and, in an
official text, who signed it (SIGNED_BY) and to whom it was sent (SENT_TO)."""

from __future__ import annotations

from loaders.find.official import OfficialText
from loaders.find.persons import PersonMention, PostMention, post_fact
from loaders.relate.collect import Collector
from ontology import ids
from ontology.records import PersonFact, PostFact, Span
from ontology.text import fold
from ontology.vocab import RelationType, Rule


def person_facts(facts: Collector, persons: list[PersonMention]) -> list[PersonFact]:
    """The people of the text, one per name, with the posts given them (HOLDS_POST, POST_IN)."""
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


def official_facts(facts: Collector, own: OfficialText, self_doc: str | None,
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
