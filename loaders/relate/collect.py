"""The facts of one source as they are related: a collector without duplicates."""

from __future__ import annotations

from bisect import bisect_right

from loaders.find.official import OfficialText
from loaders.text.context import Context
from ontology.records import BodyFact, Evidence, MeetingFact, RelationFact
from ontology.vocab import RelationType, Rule

_PART_OF = RelationType.PART_OF.value


class Collector:
    """The bodies, meetings and relations of one source, collected without duplicates; a
    relation found twice keeps the evidence of its higher confidence.

    Relations are keyed by their type's value (a plain string: an enum member hashes through
    Python code). An ``Evidence`` is frozen, so relations stated by one rule in one sentence
    with one confidence share one (a person's HOLDS_POST and POST_IN, the PART_OF of the
    bodies of one sentence): about 40 % of the evidence a source asks for was built before."""

    def __init__(self, ctx: Context, own: OfficialText | None = None) -> None:
        self.ctx = ctx
        self.own = own
        self.bodies: dict[str, BodyFact] = {}
        self.meetings: dict[str, MeetingFact] = {}
        self.relations: dict[tuple[str, str, str], RelationFact] = {}
        self._evidence: dict[tuple[int, str, float, bool], Evidence] = {}
        sentences = ctx.sentences
        self._starts, self._ends = sentences.starts, sentences.ends
        self._own_span = own.own if own is not None else None

    def evidence(self, pos: int, rule: Rule, confidence: float) -> Evidence:
        """The sentence at an offset as the evidence of a rule."""
        i = bisect_right(self._starts, pos) - 1  # (Sentences.at, inlined: asked for every relation)
        if i < 0:
            i = 0
        span = self._own_span
        own = span is not None and span[0] <= pos < span[1]
        key = (i, rule._value_, confidence, own)
        ev = self._evidence.get(key)
        if ev is None:
            a, b = self._starts[i], self._ends[i]
            ev = self._evidence[key] = Evidence(self.ctx.source.id, a, b, self.ctx.text[a:b], rule._value_,
                                                round(confidence, 3), own)
        return ev

    def relate(self, t: RelationType, source: str, target: str, pos: int, rule: Rule, confidence: float) -> None:
        """Add a relation (none to itself or to nothing), with the sentence at ``pos``."""
        if not source or not target or source == target:
            return
        key = (t._value_, source, target)
        old = self.relations.get(key)
        if old is None or old.evidence.confidence < confidence:
            self.relations[key] = RelationFact(t, source, target, self.evidence(pos, rule, confidence))

    def body(self, b: BodyFact, pos: int | None = None) -> None:
        """Add a body, and its PART_OF relation to its parent when it is named at ``pos``."""
        if b.id not in self.bodies:
            self.bodies[b.id] = b
        # (most calls name a body already related to its parent: relate's test before the call)
        if b.parent and pos is not None:
            old = self.relations.get((_PART_OF, b.id, b.parent))
            if old is None or old.evidence.confidence < 0.95:
                self.relate(RelationType.PART_OF, b.id, b.parent, pos, Rule.HIERARCHY, 0.95)
