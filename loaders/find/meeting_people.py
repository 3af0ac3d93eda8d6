"""Who took part in a meeting: the bodies that organised it, its chair, the people and bodies
that attended, and where it was held, read from the stretch of text that reports it.

The chair is the person named before "chủ trì" ("Đồng chí X, <posts>, chủ trì hội nghị"), or
after it ("dưới sự chủ trì của đồng chí X"); a co-chair or the chair of one bridge only when
no chair is named; else whoever ran it ("điều hành hội nghị"), else whoever gave the concluding speech. Cue words come from
``ontology/data/meeting_cues.yaml``.
"""

from __future__ import annotations

import re

from loaders.find.documents import DocMention, in_chain
from loaders.find.persons import PersonMention, post_at
from loaders.lexicon import meeting_cue_words, name_run, province_at
from loaders.text.bodies import BodyMention
from loaders.text.context import Context
from loaders.text.triggers import gate
from ontology.ids import body_id
from ontology.records import BodyFact
from ontology.text import fold
from ontology.vocab import BodyKind

_ATTEND = gate(re.compile(r"(?<![\w])(?:tham du|cung du|du va chi dao|du chi dao|du va phat bieu|co su tham du|du hoi nghi|"
                     r"du buoi|du le|dai bieu du|tham gia hoi nghi|du co|du)(?![\w])"))
# also on an English page: "X chaired the conference", "… was chaired by X", "presided over"
# "chủ tọa" (the presiding seat) is said of the chair as "chủ trì" is: "Đồng chí X chủ tọa hội nghị", "Chủ tọa kỳ họp gồm …"
_CHAIR = gate(re.compile(r"(?<![\w])(?:chu (?:tri|toa)(?!\s*,?\s*phoi hop)|(?:co-)?chaired|presided over|chairmanship)(?![\w])"))
# the bridge where the meeting is held ("điểm cầu Trung ương", "điểm cầu chính"): its chair chairs the meeting
_CENTRAL_BRIDGE = r"(?:diem cau|dau cau)\s+(?:trung uong|chinh)(?![\w])"
# "dưới sự chủ trì của …", "Chủ trì hội nghị (tại điểm cầu Trung ương) có …": the chair is named after the cue;
# "Cùng chủ trì có …": co-chairs, named after the chair
_CHAIR_AFTER = re.compile(rf"(?<![\w])(?:{meeting_cue_words('chair_after')}|"
                          rf"chu (?:tri|toa)(?:\s+(?:{meeting_cue_words('nouns')}))?(?:\s+tai\s+{_CENTRAL_BRIDGE})?\s*,?\s+"
                          rf"(?:{meeting_cue_words('chair_named_by')}))(?![\w])")
_CO_CHAIR = re.compile(rf"(?<![\w])(?:{meeting_cue_words('co_chair')})(?![\w])")
_AT_BRIDGE = re.compile(rf"[\s\-–*•\"“]*(?:tai|o)\s+(?:cac\s+)?(?!{_CENTRAL_BRIDGE})(?:diem cau|dau cau)(?![\w])")
_BRIDGE = re.compile(rf"\s*(?!(?:tai|o)\s+{_CENTRAL_BRIDGE})(?:{meeting_cue_words('bridge_chair')})(?![\w])")
# "(Dự và) chủ trì (hội nghị) tại điểm cầu Tỉnh ủy X có đồng chí Y": the chair of one bridge, named after
# the bridge; kept only when no other chair is named
_BRIDGE_NAMED = re.compile(rf"(?<![\w])chu (?:tri|toa)(?:\s+(?:{meeting_cue_words('nouns')}))?\s+"
                           rf"(?!(?:tai|o)\s+{_CENTRAL_BRIDGE})(?:{meeting_cue_words('bridge_chair')})(?![\w])"
                           rf"[^.;:]{{0,80}}?\s+(?:{meeting_cue_words('chair_named_by')})(?![\w])")
# the task words as verbs, not inside a body's name ("Ban Tuyên giáo", "Ban Chỉ đạo")
_TASK = re.compile(rf"(?<![\w])(?<!tuyen )(?<!ban )(?:{meeting_cue_words('task_before_chair')})(?:\s+cho)?\s+(?:cac\s+)?"
                   r"(?:ban|so|van phong|uy ban|co quan|dang uy|dang doan|ubnd|huyen uy|tinh uy|thanh uy|phong|"
                   r"dong chi|doan|cap uy|to chuc)(?![\w])")
_OPENING = " -–•*\"“"  # what may stand before the cue that opens a sentence or a clause
_LIST_CUE = re.compile(r"(?<![\w])cac dong chi\b\s*:?")
# "Đồng chí X, Phó Bí thư Thường trực điều hành hội nghị", "Điều hành hội nghị, đồng chí X …": who ran the
# meeting, its chair when no one is said to chair it (not over one who does: "A chủ trì; B điều hành"); not
# "điều hành phiên khai mạc", one sitting of a council's session
_MODERATES = gate(re.compile(r"(?<![\w])dieu hanh\s+(?:hoi nghi|phien hop|ky hop|cuoc hop|buoi|dai hoi)(?![\w])"))
_CONCLUDING = gate(re.compile(r"(?<![\w])(?:phat bieu\s+(?:y kien\s+)?ket luan|ket luan\s+(?:tai\s+)?hoi nghi)(?![\w])"))
# "tại Hội trường Tỉnh ủy, Ban Tuyên giáo Tỉnh ủy … tổ chức": a body that names the place is not an organiser
_PLACE_OF = re.compile(r"(?<![\w])(?:tai|hoi truong|tru so|phong hop|nha|toa nha)\s+$")  # "… Nhà Quốc hội"
_LOCATION = re.compile(r"(?<![\w])tai\s+(?=[A-ZĐ])", re.I)


def attendance(ctx: Context, segment: tuple[int, int], chair: PersonMention | None, persons: list[PersonMention],
               docs: list[DocMention]) -> tuple[tuple[PersonMention, ...], tuple[BodyMention, ...]]:
    """Who attended: people and bodies named in the segment's sentences about attending
    ("Dự Hội nghị có …", "Tham dự hội nghị tại điểm cầu … có đồng chí …", "… dự và chỉ đạo")."""
    people: dict[str, PersonMention] = {}
    bodies: dict[str, BodyMention] = {}
    for m in ctx.triggers.finditer(_ATTEND, *segment):
        s0, s1 = ctx.sentences.at(m.start())
        for p in persons:
            if s0 <= p.start < s1 and p is not chair and p.name not in people:
                people[p.name] = p
        for b in ctx.bodies_between(s0, s1):
            if b.start > m.start() and not in_chain(b.start, docs) and b.body.id not in bodies:
                bodies[b.body.id] = b
    return tuple(people.values()), tuple(bodies.values())


def location(ctx: Context, a: int, b: int) -> str | None:
    m = _LOCATION.search(ctx.text, a, b)
    if not m:
        return None
    run = name_run(ctx.text, m.end(), 4)
    if run is None:
        w = re.match(r"[^\W\d_]+", ctx.text[m.end():])
        return w.group(0) if w and w.group(0)[0].isupper() else None
    return ctx.text[run[0]:run[1]]


def _around(rx: re.Pattern[str], ctx: Context, pos: int, s0: int, s1: int) -> bool:
    """Whether a cue of the pattern holds the word at ``pos``."""
    return any(c.start() <= pos < c.end() for c in rx.finditer(ctx.folded, max(s0, pos - 20), min(s1, pos + 60)))


# between two people listed as one subject: a comma, a semicolon, "và" or "cùng (với)", and their cue word
# ("A, <posts> cùng đồng chí B …", "A (<posts>) và B (<posts>) chủ trì": posts in brackets)
_LIST_GAP = re.compile(r"(?:\s*\([^()]{1,80}\)|\))?[\s,;]*(?:(?:va|cung(?:\s+voi)?)\s+)?(?:(?:cac\s+)?(?:dong chi|d/c|ong|ba)\b\s*:?\s*)?")


def _start_of(p: PersonMention) -> int:
    """Where a person's mention starts, with the posts written before the name."""
    return min([p.start, *(q.start for q in p.posts if q.end <= p.start)])


def _end_of(p: PersonMention) -> int:
    """Where a person's mention ends, with the posts in apposition after the name."""
    return max([p.end, *(q.end for q in p.posts if q.start >= p.end)])


def _run_before(ctx: Context, before: list[PersonMention]) -> list[PersonMention]:
    """The people listed as one subject that ends with the last of ``before``: each joined to the
    next by nothing but a comma, a semicolon or "và" ("Đồng chí A, Bí thư Tỉnh ủy và đồng chí B,
    Chủ tịch UBND tỉnh chủ trì …"); one who has a verb of their own ("A dự và chỉ đạo; B chủ trì")
    ends the run."""
    run = [before[-1]]
    for p in reversed(before[:-1]):
        gap = _LIST_GAP.match(ctx.folded, _end_of(p))
        if gap is None or gap.end() != _start_of(run[0]) or _end_of(p) > _start_of(run[0]):
            break
        run.insert(0, p)
    return run


# where a chair named by post alone may start its clause: the sentence's start or after a comma,
# then "Hội nghị do", "đồng chí"; between the post and "chủ trì" only "đã", "dự và" …
_CLAUSE_HEAD = re.compile(rf"[\s\-–•*\"“]*(?:(?:{meeting_cue_words('nouns')})\s+(?:duoc\s+)?do\s+)?(?:(?:dong chi|d/c)\s+)?")
_POST_GAP = re.compile(r"\s*,?\s*(?:(?:da|vua|du va|tham du va|du,)\s+)*")


def _chair_by_post(ctx: Context, s0: int, pos: int, persons: list[PersonMention], report: int) -> PersonMention | None:
    """"Bí thư Tỉnh ủy chủ trì hội nghị" with no name: the person the text names with that post
    ("… đồng chí Hoàng Trung Dũng, Bí thư Tỉnh ủy yêu cầu …"), the first after the cue, else the last
    before it; none when two people hold it. A post whose committee is not named ("Bí thư Huyện ủy")
    is that of a committee named in the sentence at ``report`` that reports the meeting."""
    starts = [s0, *(i + 1 for i in range(s0, pos) if ctx.folded[i] == ",")]
    for start in starts:
        h = _CLAUSE_HEAD.match(ctx.folded, start, pos)
        post = post_at(ctx, h.end()) if h else None
        if post is None:
            continue
        gap = _POST_GAP.match(ctx.folded, post.end)
        if gap is None or gap.end() != pos:
            continue
        role, title = fold(post.role).lower(), fold(post.title).lower()
        # "Bí thư Huyện ủy" with no name: the committee the meeting's own sentence names
        named = {b.body.id for b in ctx.bodies_between(*ctx.sentences.at(report))}
        holders = [p for p in persons if any(
            fold(q.role).lower() == role and q.body == post.body if post.body is not None
            else q.body is not None and q.body.id in named and fold(q.title).lower().startswith(title) for q in p.posts)]
        if len({p.name for p in holders}) != 1:
            return None
        after = [p for p in holders if p.start > pos]
        return after[0] if after else holders[-1]
    return None


def _chairs_in(ctx: Context, a: int, b: int, persons: list[PersonMention]
               ) -> tuple[tuple[PersonMention, str] | None, tuple[PersonMention, str] | None]:
    """The chair named in ``[a, b)`` with how it was read, and a fallback: the chair of one
    bridge ("chủ trì tại điểm cầu …") or a co-chair ("Cùng chủ trì có …")."""
    fallback: tuple[PersonMention, str] | None = None
    for m in ctx.triggers.finditer(_CHAIR, a, b):
        s0, s1 = ctx.sentences.at(m.start())
        co = _around(_CO_CHAIR, ctx, m.start(), s0, s1)
        before = [p for p in persons if s0 <= p.start < m.start()]
        # "Dự và chỉ đạo hội nghị có đồng chí A; chủ trì hội nghị có đồng chí B": a clause after a
        # semicolon opened by the cue names its chair after it, as a sentence opened by it does
        clause = ctx.folded.rfind(";", s0, m.start()) + 1
        head = clause if clause > s0 and not ctx.folded[clause:m.start()].strip(_OPENING) else s0
        before = [p for p in before if p.start >= head]
        # "Chủ trì hội nghị có đồng chí X": the chair after the cue, but not in "Đồng chí X chủ trì
        # hội nghị, có sự tham dự của đồng chí Y" (the chair named before it)
        named_after = _around(_CHAIR_AFTER, ctx, m.start(), s0, s1) and not (
            before and ctx.folded.startswith(("chu tri", "chu toa"), m.start()))
        bridge = _around(_BRIDGE_NAMED, ctx, m.start(), s0, s1) and not named_after
        if co or named_after or bridge:
            after = [p for p in persons if m.end() <= p.start < s1]
            if after and bridge:
                fallback = fallback or (after[0], "bridge")
            elif after and co:
                fallback = fallback or (after[0], "co-chair")
            elif after:
                return (after[0], "after"), fallback
            continue
        if not before and not ctx.folded[head:m.start()].strip(_OPENING):
            # "Chủ trì hội nghị, đồng chí X, <posts> nhấn mạnh …": a sentence opened by the cue
            # names the chair after it
            after = [p for p in persons if m.end() <= p.start < s1]
            if after and _BRIDGE.match(ctx.folded, m.end()):
                fallback = fallback or (after[0], "bridge")
            elif after:
                return (after[0], "lead-in"), fallback
            continue
        if not before:
            by_post = _chair_by_post(ctx, s0, m.start(), persons, a)
            if by_post is not None:
                return (by_post, "post"), fallback
            continue
        if _TASK.search(ctx.folded, before[-1].end, m.start()):
            continue
        chair, via = before[-1], "before"
        listed = _LIST_CUE.search(ctx.folded, s0, m.start())
        run = _run_before(ctx, before)
        if listed and listed.end() <= before[-1].start and not (len(run) > 1 and _start_of(run[0]) < listed.start()):
            # "Các đồng chí: A, <posts>; B, <posts> chủ trì" (not "A, <posts>; các đồng chí B, C, <posts> chủ trì")
            while (nxt := _LIST_CUE.search(ctx.folded, listed.end(), m.start())) and nxt.end() <= before[-1].start:
                listed = nxt
            chair, via = next(p for p in before if p.start >= listed.end()), "list-first"
        elif len(run) > 1 and not _ATTEND.search(ctx.folded, s0, _start_of(run[0])):
            # "A, <posts> và B, <posts> (đồng) chủ trì", "A, <posts>; B, <posts>; C, <posts> dự, chủ trì"
            chair, via = run[0], "co-chair-first"
        if _BRIDGE.match(ctx.folded, m.end()) or _AT_BRIDGE.match(ctx.folded, s0):
            fallback = fallback or (chair, "bridge")  # "… chủ trì tại điểm cầu …", "Tại điểm cầu xã, đồng chí X chủ trì"
            continue
        return (chair, via), fallback
    return None, fallback


def chair_of(ctx: Context, segment: tuple[int, int], persons: list[PersonMention], lead: bool = False
          ) -> tuple[PersonMention | None, str, str]:
    """Who chaired: the person named before "chủ trì" in the segment ("Đồng chí X, <posts>, chủ
    trì hội nghị"; people named together as its subject, "A, <posts> và B, <posts> (đồng) chủ trì", "A; B;
    C dự, chủ trì": the first), or after it ("dưới sự chủ trì của đồng chí
    X", "Chủ trì hội nghị có đồng chí X", a sentence opened by the cue: "Chủ trì hội nghị, đồng
    chí X nhấn mạnh …"); tasks ("giao Ban Tuyên giáo chủ trì …") are not chairs.
    For the article's first meeting, the lines before its report (a title or lead: "Bí thư Tỉnh
    ủy X chủ trì hội nghị …") name it too. The chair of one bridge or a co-chair ("Cùng chủ trì
    có …") only when no chair is named. Else whoever ran it ("Đồng chí X … điều hành hội nghị"),
    else the one who gave the concluding speech ("Phát biểu kết luận Hội nghị, đồng chí …").
    "Chủ tọa" reads as "chủ trì". Returns the chair, the rule ("chair" or "concluding-speaker")
    and how it was read (before, after, co-chair-first, bridge, moderator, concluding …)."""
    seg = segment
    found, fallback = _chairs_in(ctx, *seg, persons)
    if found is None and lead and seg[0] > 0:
        found, before_fallback = _chairs_in(ctx, 0, seg[0], persons)
        fallback = fallback or before_fallback
    found = found or fallback
    if found is not None:
        return found[0], "chair", found[1]
    for m in ctx.triggers.finditer(_MODERATES, *seg):
        s0, s1 = ctx.sentences.at(m.start())
        clause = max(s0, ctx.folded.rfind(";", s0, m.start()) + 1)
        before = [p for p in persons if clause <= p.start < m.start()]
        after = [p for p in persons if m.end() <= p.start < s1]
        if before and not _TASK.search(ctx.folded, before[-1].end, m.start()):
            return before[-1], "chair", "moderator"
        if not before and after and not ctx.folded[clause:m.start()].strip(_OPENING):
            return after[0], "chair", "moderator"
    for m in ctx.triggers.finditer(_CONCLUDING, *seg):
        s0, s1 = ctx.sentences.at(m.start())
        inside = [p for p in persons if s0 <= p.start < s1]
        if inside:
            after = [p for p in inside if p.start >= m.end()]
            return (after or inside)[0], "concluding-speaker", "concluding"
    return None, "", ""


# what may stand between a list of people and the chair's verb they share: "A, <posts> và B, <posts> (đồng)
# chủ trì", "… cùng chủ trì"
_SHARED_CHAIR = re.compile(r"[\s,]*(?:(?:da|cung|dong)\s+)*chu (?:tri|toa)(?![\w])")
# what may stand before a list named after the chair's cue: "Chủ trì / Đồng chủ trì hội nghị có (các) đồng chí A, …
# và B, …", "Cùng chủ trì có đồng chí B"
_CHAIRS_NAMED = re.compile(rf"(?:{_CHAIR_AFTER.pattern}|{_CO_CHAIR.pattern})[\s:]*(?:(?:cac\s+)?(?:dong chi|d/c|ong|ba)\b\s*:?\s*)?$")


# "… đồng chủ trì", "… cùng chủ trì": the verb of one who chairs with another
_CO_VERB = re.compile(r"(?<![\w])(?:dong|cung) chu (?:tri|toa)(?![\w])")


def _run_after(ctx: Context, first: PersonMention, persons: list[PersonMention], end: int) -> list[PersonMention]:
    """The people listed with ``first`` after it as one subject or object, before ``end``: each joined to the
    one before by nothing but a comma, a semicolon or "và" and their cue word."""
    run = [first]
    for p in persons:
        if p.start <= run[-1].start or p.start >= end:
            continue
        gap = _LIST_GAP.match(ctx.folded, _end_of(run[-1]))
        if gap is None or gap.end() != _start_of(p) or _end_of(run[-1]) > _start_of(p):
            break
        run.append(p)
    return run


def co_chairs(ctx: Context, chair: PersonMention, segment: tuple[int, int], persons: list[PersonMention]
              ) -> tuple[PersonMention, ...]:
    """Who chaired with the chair: the people listed after the chair as the subject of one chair's verb
    ("Đồng chí A, <posts> và đồng chí B, <posts> (đồng) chủ trì hội nghị", "Các đồng chí A, <posts> và B,
    <posts> đồng chủ trì"), or after its cue with the chair ("Đồng chủ trì hội nghị có đồng chí A, <posts> và
    đồng chí B, <posts>"), and those named after "Cùng chủ trì có …" in the report. The chair stays the first."""
    s0, s1 = ctx.sentences.at(chair.start)
    run = _run_after(ctx, chair, persons, s1)
    out: list[PersonMention] = []
    if len(run) > 1 and (_SHARED_CHAIR.match(ctx.folded, _end_of(run[-1]))
                         or _CHAIRS_NAMED.search(ctx.folded, s0, _start_of(chair))):
        out = run[1:]
    for m in _CO_CHAIR.finditer(ctx.folded, *segment):  # "Cùng chủ trì có đồng chí B, <posts>"
        after = [p for p in persons if m.end() <= p.start < ctx.sentences.at(m.start())[1]]
        if after and _CHAIRS_NAMED.search(ctx.folded, m.start(), _start_of(after[0])) and after[0] is not chair:
            out += [p for p in _run_after(ctx, after[0], persons, ctx.sentences.at(m.start())[1]) if p is not chair]
    for m in _CO_VERB.finditer(ctx.folded, *segment):  # "A chủ trì hội nghị; đồng chí B, <posts> đồng chủ trì"
        s0, _ = ctx.sentences.at(m.start())
        clause = max(s0, ctx.folded.rfind(";", s0, m.start()) + 1)
        before = [p for p in persons if clause <= p.start < m.start()]
        if before and _end_of(before[-1]) <= m.start() and not ctx.folded[_end_of(before[-1]):m.start()].strip(" ,-–"):
            out += [p for p in _run_before(ctx, before) if p is not chair]
    names, kept = {chair.name}, []
    for p in out:  # each person once, the chair not again
        if p.name not in names:
            names.add(p.name)
            kept.append(p)
    return tuple(kept)


# "Đoàn công tác của Ban Thường vụ Tỉnh ủy do đồng chí X, <posts> làm trưởng đoàn đã làm việc với …"
_DELEGATION = re.compile(r"(?<![\w])doan\s+(?:cong tac|kiem tra|giam sat|khao sat)(?![\w])(?P<of>[^.;:]{0,120}?)\s+do\s+"
                         r"(?:(?:dong chi|d/c|ong|ba)\s+)?")


def delegation(ctx: Context, a: int, b: int, persons: list[PersonMention],
               docs: list[DocMention]) -> tuple[PersonMention | None, tuple[BodyFact, ...]]:
    """The head of a visiting delegation told in ``[a, b)`` ("Đoàn công tác của Tỉnh ủy do đồng chí X
    … làm trưởng đoàn"): the person right after "do", and the body the delegation is "của"."""
    for m in _DELEGATION.finditer(ctx.folded, a, b):
        head = next((p for p in persons if p.start == m.end()), None)
        if head is None:
            continue
        of = re.match(r"\s+(?:cua|thuoc)\s+", ctx.folded[m.start("of"):m.end("of")])
        return head, (organizers_in(ctx, m.start("of"), m.end("of"), docs) if of else ())
    return None, ()


# "Thường trực Tỉnh ủy X tổ chức …": the committee's standing members (the secretary and the
# standing deputies), a body of their own, not the whole committee; "Phó Bí thư Thường trực Tỉnh ủy"
# and "Phó Chủ tịch Thường trực" are posts
_STANDING_OF = re.compile(r"(?<![\w])thuong truc\s+$")
_STANDING_POST = re.compile(r"(?:bi thu|chu tich|truong ban|uy vien|pbt)\s+thuong truc\s+$")
_COMMITTEES = (BodyKind.PROVINCIAL_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE)


# a body named in a post that ends right before the organiser ("dưới sự chủ trì của đồng chí X, Bí thư
# Tỉnh ủy, Ban Thường vụ Tỉnh ủy … họp …"): the chair's committee, not a second organiser
_POST_HEAD = re.compile(r"(?<![\w])(?:bi thu|pho bi thu|uy vien|chu nhiem|pho chu nhiem|truong ban|pho truong ban|"
                        r"chanh van phong|pho chanh van phong|chu tich|pho chu tich)(?:\s+thuong truc)?\s+$")


def standing_of(ctx: Context, m: BodyMention) -> BodyFact:
    """The organiser a body named at ``m`` stands for: the standing members of a committee
    named right after "Thường trực" (written with a capital), else the body itself."""
    body = m.body
    if body.kind not in _COMMITTEES:
        return body
    head = ctx.folded[max(0, m.start - 30):m.start]
    hit = _STANDING_OF.search(head)
    if hit is None or _STANDING_POST.search(head) or not ctx.text[m.start - len(head) + hit.start()].isupper():
        return body
    name = f"Thường trực {body.name}"
    # its id from the committee's, which already tells apart committees of the same name
    return BodyFact(f"{body_id('Thường trực')}-{body.id.split(':', 1)[1]}", name, BodyKind.STANDING_COMMITTEE, body.id, body.province)


# a council, a people's committee or a mass organisation under the Party as the subject right before the
# verb: "Thường trực HĐND tỉnh Bến Tre (đã) tổ chức …", "UBND huyện Tuần Giáo …", "Ủy ban MTTQ Việt Nam tỉnh
# Kon Tum …", "Hội Nông dân tỉnh …", "Tỉnh đoàn Hậu Giang …", "Liên đoàn Lao động tỉnh …"
_ORG_SUBJECT = re.compile(
    r"(?<![\w])(?P<org>(?:thuong truc\s+|ban thuong vu\s+)?(?:(?P<state>ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)|"
    r"(?:uy ban\s+)?(?:mttq|mat tran to quoc)(?:\s+viet nam)?|"
    r"hoi\s+(?:lien hiep phu nu|nong dan|cuu chien binh|chu thap do|nguoi cao tuoi|khuyen hoc|luat gia|nha bao|"
    r"cuu thanh nien xung phong)(?:\s+viet nam)?|lien doan lao dong|doan thanh nien(?:\s+cong san ho chi minh)?)"
    r"\s+(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran)|(?:tinh|huyen|thanh|quan|thi) doan)"
    r"(?P<name>(?:\s+[^\W\d_]+){0,4}?)\s*,?\s*(?:(?:da|vua)\s+)?$")


# the full words of a council's or committee's abbreviation, as the State series' owners are named
# ("Ủy ban nhân dân tỉnh …", loaders/resolve/owners.py)
_FULL = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc"}
_ABBREVIATIONS = re.compile(r"(?<![\w])(?:UBND|HĐND|MTTQ)(?![\w])")


def _org_subject(ctx: Context, a: int, b: int) -> tuple[BodyFact, ...]:
    """The council, people's committee or mass organisation named as the subject right before ``b``
    (see _ORG_SUBJECT), as a body of its own (its name as written); none when its name is not capitalised."""
    m = _ORG_SUBJECT.search(ctx.folded, max(a, b - 120), b)
    if m is None or not ctx.text[m.start()].isupper() \
            or any(not w[0].isupper() for w in ctx.text[m.start("name"):m.end("name")].split()):
        return ()
    name = _ABBREVIATIONS.sub(lambda x: _FULL[x.group(0).upper()], ctx.text[m.start():m.end("name")].strip())
    hit = next((h for i in range(m.start(), m.end("name")) if (i == 0 or not ctx.folded[i - 1].isalnum())
                and (h := province_at(ctx.folded, i))), None)
    province = hit[0] if hit else ctx.province
    kind = BodyKind.STATE_BODY if m["state"] else BodyKind.OTHER
    if not m["name"] and province is not None and re.search(r"(?:tinh|thanh pho)$", ctx.folded[m.start():m.end("org")]):
        name = f"{name} {province.name}"  # "Hội Nông dân tỉnh" of the article's province
    return (BodyFact(body_id(name), name, kind, None, province.name if province else None),)


def organizers_in(ctx: Context, a: int, b: int, docs: list[DocMention], subject: bool = True) -> tuple[BodyFact, ...]:
    """The bodies that organised a meeting: the last named in ``[a, b)`` outside document
    references and places ("tại Hội trường Tỉnh ủy"), with those joined to it by "và", a comma or "phối hợp
    với" ("Ban Tuyên giáo Trung ương phối hợp với Tỉnh ủy Hà Tĩnh tổ chức …"); when none, a council, a
    people's committee or a mass organisation named as the subject right before ``b`` (unless not ``subject``:
    "UBND tỉnh X họp phiên thường kỳ": a council's own sitting, which no one organises)."""
    found: list[BodyMention] = [m for m in ctx.bodies_between(a, b) if not in_chain(m.start, docs)
                                and not _PLACE_OF.search(ctx.folded, max(a, m.start - 20), m.start)]
    if not found:
        return _org_subject(ctx, a, b) if subject else ()
    last = found[-1]
    out = [standing_of(ctx, last)]
    for prev in reversed(found[:-1]):
        if re.fullmatch(r"\s*(?:va|,|(?:da\s+)?phoi hop (?:voi|cung))\s*", ctx.folded[prev.end:last.start]) \
                and not _POST_HEAD.search(ctx.folded, max(a, prev.start - 40), prev.start):
            out.insert(0, standing_of(ctx, prev))
            last = prev
        else:
            break
    return tuple(out)
