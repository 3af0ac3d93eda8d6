"""The facts of one source as they are related: a collector without duplicates."""

from __future__ import annotations

from loaders.find.official import OfficialText
from loaders.text.context import Context
from ontology.records import BodyFact, Evidence, MeetingFact, RelationFact
from ontology.vocab import RelationType, Rule


class Collector:
    """The bodies, meetings and relations of one source, collected without duplicates; a
    relation found twice keeps the evidence of its higher confidence."""

    def __init__(self, ctx: Context, own: OfficialText | None = None) -> None:
        self.ctx = ctx
        self.own = own
        self.bodies: dict[str, BodyFact] = {}
        self.meetings: dict[str, MeetingFact] = {}
        self.relations: dict[tuple[str, str, str], RelationFact] = {}

    def evidence(self, pos: int, rule: Rule, confidence: float) -> Evidence:
        """The sentence at an offset as the evidence of a rule."""
        a, b, text = self.ctx.sentence_text(pos)
        own = self.own is not None and self.own.owns(pos)
        return Evidence(self.ctx.source.id, a, b, text, rule.value, round(confidence, 3), own)

    def relate(self, t: RelationType, source: str, target: str, pos: int, rule: Rule, confidence: float) -> None:
        """Add a relation (none to itself or to nothing), with the sentence at ``pos``."""
        if not source or not target or source == target:
            return
        key = (t.value, source, target)
        old = self.relations.get(key)
        if old is None or old.evidence.confidence < confidence:
            self.relations[key] = RelationFact(t, source, target, self.evidence(pos, rule, confidence))

    def body(self, b: BodyFact, pos: int | None = None) -> None:
        """Add a body, and its PART_OF relation to its parent when it is named at ``pos``."""
        if b.id not in self.bodies:
            self.bodies[b.id] = b
        if b.parent and pos is not None:
            self.relate(RelationType.PART_OF, b.id, b.parent, pos, Rule.HIERARCHY, 0.95)
