"""Meetings an article reports, with date, organiser, chair and the stretch of text
(segment) that reports each one.

A meeting is introduced by "<body> tổ chức Hội nghị …" ("Ngày 23-12-2016, Ban Tổ chức
Tỉnh ủy Đồng Tháp tổ chức Hội nghị tổng kết …"). When the text speaks of "the meeting"
("Dự Hội nghị có …", "Tại hội nghị, …") before any introduction, the title names it
("Giao ban công tác tổ chức xây dựng Đảng …" → "Hội nghị giao ban công tác …").
A day without a year ("Sáng 13/01") takes the year of the publication date, or else
the first such day after the latest date the text mentions.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from loaders.bodies import BodyMention
from loaders.context import Context
from loaders.dates import DateMention, complete
from loaders.documents import DocMention
from loaders.persons import PersonMention
from ontology.records import BodyFact
from ontology.text import fold
from ontology.vocab import MeetingKind

_NOUNS = (r"hoi nghi|hoi thao|toa dam|le khai giang|le ky ket|le trao|le ky niem|le phat dong|buoi lam viec|"
          r"phien hop|cuoc hop|lop boi duong|lop tap huan|dai hoi|so ket|tong ket|giao ban")
_INTRO = re.compile(rf"(?<![\w])(?<!phat bieu )(?:to chuc|khai mac|tien hanh|hop)\s+(?P<noun>{_NOUNS})(?![\w])")
# "đại hội" is a reported meeting only with its name: "Đại hội đại biểu Đảng bộ huyện Ia Grai",
# "Đại hội XIII" — not "tổ chức đại hội thành công", "đại hội Đảng cấp cơ sở".
_CONGRESS_NAME = re.compile(r"dai hoi\s+(?:dai bieu\s+)?(?:dang bo\s+(?:tinh|huyen|thanh pho|quan|xa|phuong|thi xa|khoi)?\s*(?=\S)"
                            r"|lan thu\s+[ivxl\d]+\b|[ivxl]+\b)")
# what is planned, asked for or prepared is not a meeting that took place
_MODAL = re.compile(r"(?<![\w])(?:se|du kien|chuan bi|ke hoach|tham muu|de nghi|yeu cau|can|phai|nham|tien toi|truoc khi)(?![\w])")
# "Ban Thường vụ Tỉnh ủy đã họp nghe báo cáo sơ kết …": a meeting named by its body
_MEETS = re.compile(r"(?<![\w])(?:da\s+|vua\s+)?hop\s+(?:de\s+)?(?=nghe|cho y kien|thao luan|xem xet|danh gia|ban ve)")
# A title names the meeting the text reports when no introduction comes early.
_TITLE_WINDOW = 600
_ANAPHOR = re.compile(
    r"(?<![\w])(?:(?:du|tai|tham du|toan canh|ket luan|phat bieu tai|bao cao tai|day la)\s+hoi nghi"
    r"(?!\s+(?:tong ket|so ket|giao ban|lan thu|trung uong|toan quoc|nghien cuu|quan triet)\b)|"
    r"hoi nghi\s+(?:tai diem cau|da|cung|duoc to chuc|dien ra))(?![\w])"
)
_TITLE_CUE = re.compile(r"(?<![\w])(?:hoi nghi|hoi thao|toa dam|giao ban|so ket|tong ket|quan triet|trien khai|tap huan)(?![\w])")
_NAME_END = re.compile(
    r"\.\s|\.$|\n|\s+do\s+(?:dong chi|d/c|ong|ba)\s|\s*,\s*(?:do|duoi su chu tri|voi su tham du|co su tham du|"
    r"ket noi|tai)\s|\s+ket noi\s+(?:toi|den|voi)\s|\s+tai\s+(?:hoi truong|tru so|thu do|nha|diem cau|tinh|thanh pho)\s|"
    r"\s+chu tri\b|\s+nham\s"
)
_ATTEND = re.compile(r"(?<![\w])(?:tham du|cung du|du va chi dao|du chi dao|du va phat bieu|co su tham du|du hoi nghi|"
                     r"du buoi|du le|dai bieu du|tham gia hoi nghi|du co|du)(?![\w])")
_CHAIR = re.compile(r"(?<![\w])chu tri(?!\s*,?\s*phoi hop)(?![\w])")
_CONCLUDING = re.compile(r"(?<![\w])(?:phat bieu\s+(?:y kien\s+)?ket luan|ket luan\s+(?:tai\s+)?hoi nghi)(?![\w])")
_ONLINE = re.compile(r"truc tuyen|diem cau|dau cau")
_PERIOD = re.compile(r"(?:6|sau|9) thang (?:dau|cuoi) nam(?: \d{4})?|quy [ivx]+(?:(?: nam)? \d{4}|[-/]\d{4})?|"
                     r"thang \d{1,2}(?:[/ ]\d{4})?(?: va quy [ivx]+ nam \d{4})?|nam \d{4}")
_LOCATION = re.compile(r"(?<![\w])tai\s+(?=[A-ZĐ])", re.I)
_KINDS = ((r"^hoi nghi (?:lan thu \w+ )?(?:ban chap hanh )?trung uong|^hoi nghi tw", MeetingKind.PLENUM),
          (r"\bdai hoi\b", MeetingKind.CONGRESS), (r"giao ban", MeetingKind.GIAO_BAN),
          (r"so ket", MeetingKind.SO_KET), (r"tong ket", MeetingKind.TONG_KET),
          (r"quan triet|trien khai", MeetingKind.QUAN_TRIET),
          (r"tap huan|boi duong|khai giang", MeetingKind.TRAINING), (r"lam viec", MeetingKind.WORKING_SESSION))


_FLASHBACK = re.compile(r"\s*(?:truoc do|truoc khi dien ra hoi nghi|truoc hoi nghi nay)\b")


@dataclass
class MeetingMention:
    """A meeting reported by the article."""

    start: int
    end: int
    name: str
    kind: MeetingKind
    anchor: int
    segment_end: int = 0
    resumes: tuple[int, int] | None = None  # the report goes on after a flashback to an earlier meeting
    date: date | None = None
    year: int | None = None
    organizers: tuple[BodyFact, ...] = ()
    chair: PersonMention | None = None
    chair_rule: str = ""
    participants: tuple[PersonMention, ...] = ()
    participant_bodies: tuple[BodyMention, ...] = ()
    online: bool = False
    period: str | None = None
    location: str | None = None
    from_title: bool = False


def meeting_kind(folded_name: str) -> MeetingKind:
    """The kind of a meeting from the head of its name (before any document it names)."""
    head = re.split(r"\b(?:nghi quyet|ket luan|chi thi|quy dinh|ke hoach|huong dan)\b", folded_name)[0]
    for rx, kind in _KINDS:
        if re.search(rx, head):
            return kind
    return MeetingKind.CONFERENCE


def _in_doc_chain(x: int, docs: list[DocMention]) -> bool:
    return any(d.start <= x < max(d.end, d.chain_end) for d in docs)


def _name(ctx: Context, start: int, limit: int) -> tuple[str, int]:
    m = _NAME_END.search(ctx.folded, start, limit)
    end = m.start() if m else limit
    name = ctx.text[start:end].strip(" ,;:.")
    if len(name) > 250:  # a long agenda: keep whole items ("…; phát động thi đua …")
        head = name[:250]
        name = head[:head.rfind(";")] if ";" in head else head.rsplit(" ", 1)[0]
    return name[:1].upper() + name[1:], start + len(name)


def _day(ctx: Context, d: DateMention, previous: date | None) -> date | None:
    if d.kind == "full":
        return d.as_date()
    if d.kind == "day_month" and d.day and d.month:
        if ctx.published:
            return complete(d.day, d.month, before=ctx.published)
        return complete(d.day, d.month, after=ctx.lower_bound) if ctx.lower_bound else None
    base = previous or ctx.published
    if base is None:
        return None
    return base + {"same_day": timedelta(0), "next_day": timedelta(1), "prev_day": timedelta(-1)}.get(d.kind, timedelta(0))


def _meeting_date(ctx: Context, a: int, b: int, docs: list[DocMention], previous: date | None) -> date | None:
    """The date of a meeting from its sentence: day-level dates outside document modifiers."""
    cands = [d for d in ctx.dates_between(a, b)
             if d.kind in ("full", "day_month", "same_day", "next_day", "prev_day") and not _in_doc_chain(d.start, docs)]
    cands.sort(key=lambda d: (d.kind not in ("full", "day_month"), d.start))
    for d in cands:
        day = _day(ctx, d, previous)
        if day:
            return day
    return None


def _organizers(ctx: Context, a: int, b: int, docs: list[DocMention]) -> tuple[BodyFact, ...]:
    found: list[BodyMention] = [m for m in ctx.bodies_between(a, b) if not _in_doc_chain(m.start, docs)]
    if not found:
        return ()
    last = found[-1]
    out = [last.body]
    for prev in reversed(found[:-1]):
        if re.fullmatch(r"\s*(?:va|,)\s*", ctx.folded[prev.end:last.start]):
            out.insert(0, prev.body)
            last = prev
        else:
            break
    return tuple(out)


def _from_title(ctx: Context, docs: list[DocMention]) -> MeetingMention | None:
    title = ctx.title or ""
    ft = fold(title)
    if not title or not _TITLE_CUE.search(ft):
        return None
    pos = ft.find("hoi nghi")
    if pos >= 0:
        name = title[pos:]
    elif _TITLE_CUE.match(ft):
        name = "Hội nghị " + title[:1].lower() + title[1:]
    else:
        name = "Hội nghị " + title
    in_text = ctx.text.find(title[:60]) if title else -1
    start, end = (in_text, in_text + len(title)) if in_text >= 0 else (0, 0)
    organizers = _organizers(ctx, start, start + max(0, ft.find(" to chuc ") if " to chuc " in ft else len(title)), docs) \
        if in_text >= 0 else ()
    when = None
    for s0, s1 in ctx.sentences:
        fs = ctx.folded[s0:s1]
        if not (_TITLE_CUE.search(fs) or "hoi nghi" in fs):
            continue
        issuing = fs.find("ban hanh")
        when = _meeting_date(ctx, s0 + issuing + 8 if issuing >= 0 else s0, s1, docs, None)
        if when:
            break
    return MeetingMention(start, end, name.rstrip(" ."), meeting_kind(fold(name)), 0, date=when,
                          organizers=organizers, from_title=True)


def _flashbacks(ctx: Context, meetings: list[MeetingMention]) -> None:
    """"Trước đó, chiều 30/6, Tỉnh ủy đã tổ chức hội nghị …": an earlier meeting told in one
    paragraph; the report of the meeting before it resumes after that paragraph."""
    for prev, mt in itertools.pairwise(meetings):
        if not _FLASHBACK.match(ctx.folded, mt.anchor):
            continue
        para_end = ctx.text.find("\n", mt.anchor)
        if para_end < 0 or para_end >= mt.segment_end:
            continue
        prev.resumes = (para_end, mt.segment_end)
        mt.segment_end = para_end


def find_meetings(ctx: Context, docs: list[DocMention], persons: list[PersonMention]) -> list[MeetingMention]:
    """Meetings reported by the text, each with its segment, date, organisers and chair."""
    meetings: list[MeetingMention] = []
    previous: date | None = None
    for m in _INTRO.finditer(ctx.folded):
        if _in_doc_chain(m.start(), docs):
            continue
        if ctx.text[m.start()].isupper() and ctx.folded[max(0, m.start() - 4):m.start()] == "ban ":
            continue  # "Ban Tổ chức Hội nghị": the organising committee, not the verb
        if m["noun"] == "dai hoi" and not _congress_named(ctx, m.start("noun")):
            continue
        s0, s1 = ctx.sentences.at(m.start())
        clause = ctx.folded[s0:m.start()].rsplit(";", 1)[-1]
        if _MODAL.search(clause):
            continue
        name, name_end = _name(ctx, m.start("noun"), s1)
        when = _meeting_date(ctx, s0, s1, docs, previous)
        previous = when or previous
        meetings.append(MeetingMention(
            m.start("noun"), name_end, name, meeting_kind(fold(name)), s0, date=when,
            organizers=_organizers(ctx, s0, m.start(), docs),
            online=bool(_ONLINE.search(ctx.folded, s0, s1)),
            location=_location(ctx, s0, m.start()),
        ))
    for m in _MEETS.finditer(ctx.folded):
        s0, s1 = ctx.sentences.at(m.start())
        organizers = _organizers(ctx, s0, m.start(), docs)
        if not organizers or _MODAL.search(ctx.folded[s0:m.start()]) or any(mt.anchor == s0 for mt in meetings):
            continue
        rest, name_end = _name(ctx, m.end(), s1)
        name = f"Hội nghị {organizers[-1].name} {rest[:1].lower() + rest[1:]}"
        meetings.append(MeetingMention(
            m.end(), name_end, name, meeting_kind(fold(name)), s0, date=_meeting_date(ctx, s0, s1, docs, None),
            organizers=organizers, online=bool(_ONLINE.search(ctx.folded, s0, s1)),
        ))
    meetings.sort(key=lambda mt: mt.anchor)
    if meetings:
        first_intro = meetings[0].anchor
        use_title = first_intro > _TITLE_WINDOW and _ANAPHOR.search(ctx.folded, 0, first_intro) is not None
    else:
        use_title = _ANAPHOR.search(ctx.folded) is not None
    if use_title:
        titled = _from_title(ctx, docs)
        if titled is not None:
            meetings.insert(0, titled)
    for i, mt in enumerate(meetings):
        mt.segment_end = meetings[i + 1].anchor if i + 1 < len(meetings) else len(ctx.text)
    _flashbacks(ctx, meetings)
    for mt in meetings:
        mt.year = mt.date.year if mt.date else None
        fname = fold(mt.name)
        period = _PERIOD.search(fname)
        mt.period = mt.name[period.start():period.end()] if period else None
        mt.online = mt.online or bool(_ONLINE.search(fname))
        mt.chair, mt.chair_rule = _chair(ctx, mt, persons)
        mt.participants, mt.participant_bodies = _participants(ctx, mt, persons, docs)
    return meetings


def _participants(ctx: Context, mt: MeetingMention, persons: list[PersonMention], docs: list[DocMention]
                  ) -> tuple[tuple[PersonMention, ...], tuple[BodyMention, ...]]:
    """Who attended: people and bodies named in the segment's sentences about attending
    ("Dự Hội nghị có …", "Tham dự hội nghị tại điểm cầu … có đồng chí …", "… dự và chỉ đạo")."""
    people: dict[str, PersonMention] = {}
    bodies: dict[str, BodyMention] = {}
    for m in _ATTEND.finditer(ctx.folded, mt.anchor, mt.segment_end):
        s0, s1 = ctx.sentences.at(m.start())
        for p in persons:
            if s0 <= p.start < s1 and p is not mt.chair and p.name not in people:
                people[p.name] = p
        for b in ctx.bodies_between(s0, s1):
            if b.start > m.start() and not _in_doc_chain(b.start, docs) and b.body.id not in bodies:
                bodies[b.body.id] = b
    return tuple(people.values()), tuple(bodies.values())


def _congress_named(ctx: Context, pos: int) -> bool:
    m = _CONGRESS_NAME.match(ctx.folded, pos)
    if not m:
        return False
    nxt = ctx.text[m.end():m.end() + 1]
    return m.group(0).rstrip().endswith(("i", "v", "x", "l")) or nxt.isupper()


def _location(ctx: Context, a: int, b: int) -> str | None:
    m = _LOCATION.search(ctx.text, a, b)
    if not m:
        return None
    from loaders.persons import name_run

    run = name_run(ctx.text, m.end(), 4)
    if run is None:
        w = re.match(r"[^\W\d_]+", ctx.text[m.end():])
        return w.group(0) if w and w.group(0)[0].isupper() else None
    return ctx.text[run[0]:run[1]]


def _chair(ctx: Context, mt: MeetingMention, persons: list[PersonMention]) -> tuple[PersonMention | None, str]:
    """Who chaired: the person named before "chủ trì" in the segment, else the one who gave
    the concluding speech ("Phát biểu kết luận Hội nghị, đồng chí …")."""
    seg = (mt.anchor, mt.segment_end)
    for m in _CHAIR.finditer(ctx.folded, *seg):
        s0, _ = ctx.sentences.at(m.start())
        before = [p for p in persons if s0 <= p.start < m.start()]
        if before:
            return before[-1], "chair"
    for m in _CONCLUDING.finditer(ctx.folded, *seg):
        s0, s1 = ctx.sentences.at(m.start())
        inside = [p for p in persons if s0 <= p.start < s1]
        if inside:
            after = [p for p in inside if p.start >= m.end()]
            return (after or inside)[0], "concluding-speaker"
    return None, ""
