"""Meetings on the English page of a Vietnamese site: "<body> held a conference on May 6 to
review …", named by its noun phrase and what it was for."""

from __future__ import annotations

import re

from loaders.find.documents import DocMention
from loaders.find.meeting_dates import Bounds, meeting_date
from loaders.find.meeting_mention import MeetingMention
from loaders.find.meeting_people import organizers_in
from loaders.lexicon import meeting_cue_words
from loaders.text.context import Context
from loaders.text.triggers import gate
from ontology.text import fold
from ontology.vocab import MeetingKind

# English pages: "… held a national conference on May 6 to review …"
_EN_INTRO = gate(re.compile(rf"(?<![\w])(?:{meeting_cue_words('en_verbs')})\s+(?:(?:a|an|the|its)\s+)?(?P<noun>(?:[a-z0-9-]+\s+){{0,4}}?"
                       rf"(?:{meeting_cue_words('en_nouns')}))(?![\w])"))
# "… a conference in Quang Ngai province on June 29 to review …": the place and day before the purpose
# (a day may hold a comma: "on May 12, 2021 to review …")
_EN_PURPOSE = re.compile(r"\s+(?:(?:on|in|at)\s+[^.;]{1,60}?\s+){0,2}(?P<to>to\s+\w+)")
_EN_NAME_END = re.compile(r"\s+(?:on|in|at|chaired|presided|with|which|where|attended)\s|\.(?:\s+(?!\d)|$)|[;\n]|,\s")


def english_meetings(ctx: Context, docs: list[DocMention], bounds: Bounds, meetings: list[MeetingMention]) -> None:
    """Meetings on the English page of a Vietnamese site: "<body> held a conference on May 6 to
    review …", named by its noun phrase and what it was for ("… to review …")."""
    for m in ctx.triggers.finditer(_EN_INTRO):
        s0, s1 = ctx.sentences.at(m.start())
        if any(mt.anchor == s0 for mt in meetings) or re.search(r"(?<![\w])(?:will|to be|plans? to|would)\s+$",
                                                                ctx.folded[max(s0, m.start() - 12):m.start()]):
            continue
        end = _EN_NAME_END.search(ctx.folded, m.end("noun"), s1)
        purpose = _EN_PURPOSE.match(ctx.folded, m.end("noun"))
        stop = _EN_NAME_END.search(ctx.folded, purpose.end("to"), s1) if purpose else end
        name_end = (stop.start() if stop else s1) if purpose else (end.start() if end else s1)
        name = ctx.text[m.start("noun"):name_end].strip(" ,")
        if purpose and purpose.start() < purpose.start("to") - 1:  # drop the place and day before the purpose
            name = ctx.text[m.start("noun"):m.end("noun")] + " " + ctx.text[purpose.start("to"):name_end]
        if len(name.split()) < 2 or re.fullmatch(r"working session", fold(name)):
            continue  # "chaired the conference": the meeting already reported
        when = meeting_date(ctx, s0, s1, docs, None, bounds)
        meetings.append(MeetingMention(m.start("noun"), m.start("noun") + len(ctx.text[m.start("noun"):name_end].rstrip(" ,")),
                                       name[:1].upper() + name[1:], _english_kind(fold(name)), s0, date=when,
                                       organizers=organizers_in(ctx, s0, m.start(), docs),
                                       online=bool(re.search(r"online|videoconference|virtual", ctx.folded[s0:s1])),
                                       via="english"))


def _english_kind(folded_name: str) -> MeetingKind:
    """The kind of a meeting from its English name."""
    for rx, kind in ((r"\bplenum\b", MeetingKind.PLENUM), (r"\bcongress\b", MeetingKind.CONGRESS),
                     (r"\bworking session\b", MeetingKind.WORKING_SESSION),
                     (r"\b(?:review|preliminary review)\b", MeetingKind.SO_KET),
                     (r"\b(?:disseminat|implement|study|grasp)", MeetingKind.QUAN_TRIET)):
        if re.search(rx, folded_name):
            return kind
    return MeetingKind.CONFERENCE
