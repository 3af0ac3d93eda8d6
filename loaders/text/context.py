"""The prepared form of one source that every extraction stage reads.

Built once per source: the normalised text, its fold, sentences, the trigger pass
(``loaders.text.triggers``), dates, bodies, the article's province and its reference date. Stages look things up by offset here instead
of scanning the text again.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from loaders.read.sources import Source
from loaders.text import bodies as bodies_mod
from loaders.text import dates as dates_mod
from loaders.text import sentences as sentences_mod
from loaders.text.bodies import BodyMention
from loaders.text.boilerplate import folded_of
from loaders.text.dates import DateMention
from loaders.text.normalize import normalize
from loaders.text.triggers import Triggers
from ontology import reference
from ontology.reference import Province
from ontology.text import fold
from ontology.vocab import BodyKind

_HEADLINE_LINES = 8  # the lines where a text may repeat its title
#: the motto of a Party document's header, "ĐẢNG CỘNG SẢN VIỆT NAM" (on the folded text)
PARTY_MOTTO = re.compile(r"dang\s+cong\s+san\s+viet\s+nam")


@dataclass
class Context:
    """A source ready for extraction."""

    source: Source
    text: str
    folded: str
    title: str | None
    sentences: sentences_mod.Sentences
    dates: list[DateMention]
    bodies: list[BodyMention]
    province: Province | None
    published: date | None
    lower_bound: date | None
    triggers: Triggers
    doc_starts: list[int] = field(default_factory=list)
    _date_starts: list[int] = field(default_factory=list)
    _body_starts: list[int] = field(default_factory=list)

    @property
    def reference_date(self) -> date | None:
        """When the text was written: its publication date, else the latest date it mentions."""
        return self.published or self.lower_bound

    def date_at(self, pos: int) -> DateMention | None:
        """The date mention starting at an offset."""
        i = bisect.bisect_left(self._date_starts, pos)
        if i < len(self.dates) and self.dates[i].start == pos:
            return self.dates[i]
        return None

    def dates_between(self, a: int, b: int) -> list[DateMention]:
        """Date mentions starting in [a, b)."""
        i = bisect.bisect_left(self._date_starts, a)
        j = bisect.bisect_left(self._date_starts, b)
        return self.dates[i:j]

    def body_at(self, pos: int) -> BodyMention | None:
        """The body mention starting at an offset."""
        i = bisect.bisect_left(self._body_starts, pos)
        if i < len(self.bodies) and self.bodies[i].start == pos:
            return self.bodies[i]
        return None

    def bodies_between(self, a: int, b: int) -> list[BodyMention]:
        """Body mentions starting in [a, b)."""
        i = bisect.bisect_left(self._body_starts, a)
        j = bisect.bisect_left(self._body_starts, b)
        return self.bodies[i:j]

    def revise_bodies(self, revise: Callable[[BodyMention], BodyMention | None]) -> None:
        """Correct or forget body mentions that a later reading shows to be misread (an
        official text's letterhead in capitals, a signature block's lines read as one name)."""
        self.bodies = [r for b in self.bodies if (r := revise(b)) is not None]
        self._body_starts = [b.start for b in self.bodies]

    def next_doc_start(self, pos: int) -> int | None:
        """Where the next document reference after an offset starts."""
        i = bisect.bisect_right(self.doc_starts, pos)
        return self.doc_starts[i] if i < len(self.doc_starts) else None

    def headline_end(self) -> int:
        """Where the text's headline ends: the line among the first ones that repeats the source's
        title (a page's <h1>, a text file's first line); 0 when the text has none."""
        if not self.title:
            return 0
        title = " ".join(fold(self.title).split()).rstrip(" .")
        start = 0
        for _ in range(_HEADLINE_LINES):
            end = self.text.find("\n", start)
            end = len(self.text) if end < 0 else end
            if " ".join(self.folded[start:end].split()).rstrip(" .") == title:
                return end
            if end >= len(self.text):
                break
            start = end + 1
        return 0


def prepare(source: Source) -> Context:
    """Normalise a source once and index it."""
    text = normalize(source.text)
    folded = folded_of(text)  # folded once, by the boilerplate step
    title = " ".join(normalize(source.title, ("nfc", "whitespace", "tones")).split()) if source.title else None
    sents = sentences_mod.split(text)
    triggers = Triggers(folded)
    dates = dates_mod.find_dates(folded, triggers)
    lower = dates_mod.latest_mentioned(folded, dates)
    if source.published and lower and lower > source.published:
        lower = source.published
    province = bodies_mod.article_province(text, folded, title, source.url, triggers) or _letterhead_province(text, folded)
    day = source.published or lower
    found_bodies = bodies_mod.find_bodies(text, folded, province, day, lambda pos: sents.at(pos)[0], triggers)
    ctx = Context(source, text, folded, title, sents, dates, found_bodies, province, source.published, lower, triggers)
    ctx._date_starts = [d.start for d in dates]
    ctx._body_starts = [b.start for b in found_bodies]
    return ctx


def _letterhead_province(text: str, folded: str) -> Province | None:
    """The province an official text's letterhead names beside the motto ("TỈNH ỦY NGHỆ AN",
    "ĐẢNG BỘ TỈNH THANH HÓA"), for a text whose site, title and wording name none."""
    for m in PARTY_MOTTO.finditer(folded):
        if not text[m.start():m.end()].isupper():
            continue
        lo, hi = max(0, m.start() - 300), min(len(text), m.end() + 300)
        for b in bodies_mod.find_bodies(text[lo:hi], folded[lo:hi], None, None):
            if b.body.kind is BodyKind.PROVINCIAL_COMMITTEE and b.body.province and text[lo + b.start:lo + b.end].isupper():
                return reference.province_by_name(b.body.province)
    return None
