"""Everything a prepared text names, found in one pass: its document references (with the
source's own document when it is an official text), the people and their posts, and the
meetings it reports."""

from __future__ import annotations

from dataclasses import dataclass

from loaders.find import official
from loaders.find.documents import DocMention, find_mentions
from loaders.find.meeting_mention import MeetingMention
from loaders.find.meetings import find_meetings
from loaders.find.official import OfficialText
from loaders.find.persons import PersonMention, find_persons
from loaders.find.preceding import attach_preceding
from loaders.text.context import Context


@dataclass(frozen=True, slots=True)
class Found:
    """The mentions of one source, in text order, before they are resolved to entities."""

    official: OfficialText  # the header, signatures and recipients of an official text (else empty)
    documents: list[DocMention]
    persons: list[PersonMention]
    meetings: list[MeetingMention]


def find(ctx: Context) -> Found:
    """Find the documents, people and meetings a prepared text names."""
    own = official.read(ctx, attach_preceding(ctx, find_mentions(ctx)))
    persons = find_persons(ctx)
    return Found(own, own.mentions, persons, find_meetings(ctx, own.mentions, persons))
