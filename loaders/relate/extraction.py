"""A source's facts and relations, built from what was found and how it resolved."""

from __future__ import annotations

from loaders.find.found import Found
from loaders.relate.collect import Collector
from loaders.relate.documents import add_parents, document_relations
from loaders.relate.meetings import adoptions, meeting_facts
from loaders.relate.persons import official_facts, person_facts
from loaders.resolve.documents import Resolved
from loaders.text.context import Context
from ontology.records import Extraction, SourceMeta


def relate(ctx: Context, found: Found, resolved: Resolved) -> Extraction:
    """Relate the mentions of one source, resolved, into its graph delta: documents, bodies,
    people, meetings and every relation between them, each with its sentence as evidence."""
    source, own, mentions = ctx.source, found.official, found.documents
    facts = Collector(ctx, own)
    for bm in ctx.bodies:
        facts.body(bm.body, bm.start)
        if bm.parent is not None:
            facts.body(bm.parent, bm.start)
    add_parents(facts)
    docs = {d.id: d for d in resolved.documents}
    cued = document_relations(facts, ctx, mentions, resolved.by_mention, docs, resolved.self_document)
    persons = official_facts(facts, own, resolved.self_document, person_facts(facts, found.persons))
    meeting_facts(facts, ctx, found.meetings, mentions, resolved.by_mention, cued)
    adoptions(facts, ctx, mentions, resolved.by_mention, docs)
    add_parents(facts)  # again, for the bodies the relations added (an issuer known only by its symbol)
    meta = SourceMeta(source.id, source.key, source.path, ctx.title, source.published, source.url, source.sha256,
                      source.line)
    return Extraction(
        source=meta,
        text=ctx.text,
        documents=tuple(resolved.documents),
        meetings=tuple(facts.meetings.values()),
        bodies=tuple(facts.bodies.values()),
        persons=tuple(persons),
        relations=tuple(facts.relations.values()),
        warnings=tuple(resolved.warnings),
    )
