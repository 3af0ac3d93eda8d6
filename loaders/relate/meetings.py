"""Relations of meetings: who organised, attended and chaired them, which documents they
carried out, reviewed or discussed, and which documents were adopted at them.

- In the meeting's name: "Hội nghị sơ kết 5 năm thực hiện Chỉ thị 05" REVIEWS it;
  "Hội nghị quán triệt Quy định số 08-QĐi/TW" IMPLEMENTS it.
- In the text that reports the meeting (its segment): a reference right after "quán
  triệt", "triển khai (thực hiện)" IMPLEMENTS, after "sơ kết", "tổng kết" REVIEWS ("đánh giá
  5 năm thực hiện", a span of time, too; "quán triệt 3 văn bản: <A>; <B> …" across the colon),
  when the sentence makes it the meeting's own act ("Tại hội nghị, …", "Hội nghị đã …", "các
  đại biểu được …", a sentence opening with "Quán triệt …"); what the report says others did
  ("Thực hiện Kế hoạch số 12, 100% chi bộ …", "Các cấp ủy tiếp tục triển khai <B>", "… trong
  thực hiện <B>") and any other reference there is what the meeting DISCUSSES, with a lower
  confidence.
  A named speaker opening the sentence with the act ("Đồng chí X, <posts> triển khai <A>") is the
  meeting's act too; a meeting the sentence plans ("… sẽ tổ chức hội nghị tổng kết <B>") and a photo's
  caption ("Ảnh: … tại hội nghị sơ kết <A>") are not.
  What a speaker asks others to do ("… yêu cầu các cấp ủy tiếp tục quán triệt <B>"), what a speaker
  reports or a report shows ("… cho biết / cho thấy các xã đã triển khai <B>") and the state of
  carrying a document out ("thông tin về tình hình triển khai <B>") are DISCUSSES too.
- A local document the meeting's own sentence says it adopted ("Hội nghị đã thảo luận và thông
  qua Nghị quyết số 09-NQ/TU …", "Hội nghị thống nhất ban hành …", "Sau khi thảo luận, Ban Thường vụ
  Huyện ủy X đã thống nhất ban hành …" in the report of that body's sitting) or its name says so
  ("Hội nghị thông qua Nghị quyết số 18-NQ/HU …"), or the passive after it ("<A> … đã được hội nghị
  biểu quyết thông qua"), or an agreement listing it after its colon ("… thống nhất ban hành: <A>;
  <B>"), is ADOPTED_AT the meeting, which DISCUSSES it as well (what a meeting handled reads from
  the meeting's own links).
- A document in the title of the one before it ("quán triệt <A> của … về tổng kết <B>") is A's
  subject: the meeting DISCUSSES it.
- A member named after ", trong đó có / nhất là" of documents the clause names by their type
  ("quán triệt các nghị quyết của Bộ Chính trị, trong đó có <B>") is read after that clause's cue.
- A meeting named by a review without its object ("… họp nghe báo cáo sơ kết", "Hội nghị sơ kết 3 năm
  thực hiện nghị quyết") REVIEWS the one
  document the text says another document reviews, or else the headline reviews, if there is
  only one; one named by its spreading of a bare type word ("Hội nghị quán triệt, triển khai
  nghị quyết") IMPLEMENTS the one document the headline spreads.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from loaders.find.documents import DocMention
from loaders.find.meeting_mention import MeetingMention, meeting_kind
from loaders.find.patterns import ordinal
from loaders.lexicon import CENTRAL_KINDS, committee_of, province_at, relation_cues
from loaders.relate import cues
from loaders.relate.collect import Collector
from loaders.text.context import Context
from ontology import ids, reference
from ontology.records import BodyFact, DocumentFact, MeetingFact, Span
from ontology.text import fold
from ontology.vocab import BodyKind, DocKind, MeetingKind, RelationType, Rule

# "sơ kết (5 năm) thực hiện", "đánh giá (kết quả) 5 năm thực hiện", "(nghe báo cáo) kết quả 3 năm thực
# hiện" (a span of time makes "đánh giá", "kết quả" a review; "đánh giá (kết quả) thực hiện <B>", "nghe báo cáo
# kết quả thực hiện <B>", "làm việc … về kết quả thực hiện <B>" are one without it; so is "… kết quả triển khai <B>")
# (also "sơ kết giữa nhiệm kỳ thực hiện", "tổng kết 10 năm thi hành", "… 3 năm triển khai thực hiện")
# (a span also of months: "sơ kết 6 tháng thực hiện <B>"; "nhìn lại (chặng đường) 10 năm thực hiện <B>"; the review's
# span after another review's object: "tổng kết công tác năm 2024 và 5 năm thực hiện <B>")
_SPAN = r"(?:(?:sau|qua)\s+)?(?:(?:hon|gan)\s+)?(?:\d+|mot|hai|ba|bon|nam|sau|muoi)\s+(?:nam|thang)"
_REVIEW = re.compile(r"(?:so ket|tong ket|(?:danh gia(?:\s+ket qua)?|bao cao\s+ket qua|ket qua|nhin lai(?:\s+chang duong)?)(?=\s*,?\s+" + _SPAN + r")"
                     r"|(?:so ket|tong ket)\s[^.;:]{0,80}?\s(?:va|,)(?=\s+" + _SPAN + r"\s+(?:viec\s+)?(?:trien khai\s+)?(?:thuc hien|thi hanh))"
                     r"|(?:danh gia(?:\s+ket qua)?|bao cao\s+(?:ve\s+)?ket qua|ket qua)(?=\s+(?:viec\s+)?(?:trien khai\s+)?thuc hien\s*$|\s+(?:viec\s+)?trien khai\s*$))"
                     r"(?:\s*,\s*\w+(?:\s+\w+)?)?(?:\s*,?\s+(?:" + _SPAN + r"|giua (?:nhiem )?ky))?"
                     r"(?:\s+(?:viec\s+)?(?:trien khai thuc hien|thuc hien|trien khai|thi hanh))?(?:\s+(?:cac|mot so))?\s*$")
# "quán triệt, triển khai", "phổ biến", "truyền đạt những nội dung cơ bản của" (spreading a document
# at a meeting carries it out; so does "giới thiệu nội dung cơ bản của", and a training on it: "tập huấn Quy định số 22")
_ACTS = r"(?:quan triet|trien khai|thuc hien|hoc tap|pho bien|truyen dat|gioi thieu|tap huan)"
# (also "trình bày / thông tin chuyên đề về <A>" of a speaker at the meeting; "quán triệt NQ số 33-NQ/TW",
# whose reference starts at "số"; "quán triệt nội dung của Nghị quyết và <B>": the bare type word is
# the document the meeting spreads, and B is listed with it)
_TOPIC = r"\s+(?:cac\s+)?chuyen de"
# (the acts may go on with "tuyên truyền", "nghiên cứu", "thảo luận" after the first: "quán triệt, học tập và thảo
# luận <A>"; the manner and the hearers may stand before the reference: "triển khai nhanh", "kịp thời", "nghiêm túc,
# hiệu quả", "giới thiệu toàn văn", "triển khai đến cán bộ chủ chốt <A>")
_MANNER = r"nghiem tuc|nghiem|co hieu qua|hieu qua|nhanh|kip thoi|ngay|toan van|sau rong|rong rai"
_HEARERS = r"(?:den|toi|cho)\s+(?:toan the\s+|tat ca\s+|cac\s+|doi ngu\s+)?(?:can bo|dang vien|doan vien|hoi vien|hoc vien|chi bo|cap uy)[\w ,]{0,40}?"
_IMPLEMENT = re.compile(rf"(?:{_ACTS}|trinh bay(?={_TOPIC})|thong tin(?={_TOPIC}))(?:\s*,\s*|\s+va\s+|\s+)?"
                        rf"(?:(?:{_ACTS}|tuyen truyen|nghien cuu|thao luan)(?:\s*,\s*|\s+va\s+|\s+)?)*"
                        rf"(?:(?:{_MANNER}|{_HEARERS}|cac|mot so|nhung|noi dung|co ban|chu yeu|chinh|cot loi|trong tam|cua|"
                        r"diem moi|tinh than|sau sac|day du|ky|truc tuyen|truc tiep|chuyen de(?:\s+ve)?|nq|ct|kl)\s*,?\s+)*"
                        r"(?:(?:nghi quyet|chi thi|ket luan|quy dinh)(?:\s+nay)?(?:\s*,\s*|\s+va\s+))?$")


# "Hội nghị đã (biểu quyết) thông qua Nghị quyết số 09-NQ/TU …": a local document adopted at the meeting
# ("Hội nghị thống nhất / nhất trí ban hành Nghị quyết số 07-NQ/TU …": the meeting agrees to issue it)
# ("… ban hành Nghị quyết chuyên đề số 12-NQ/HU": the reference is read from "số", its kind's words before it)
# ("… thông qua với tỷ lệ tán thành cao / với 100% đại biểu tán thành <A>", "thống nhất cao ban hành <A>")
_ADOPT = re.compile(r"(?:bieu quyet\s+thong qua|thong qua|(?:thong nhat|nhat tri)(?:\s+cao)?\s+ban hanh)"
                    r"(?:\s+voi\s+(?:ty le|su|\d+\s*%)[\w% ]{0,40}?)?(?:\s+(?:cac|du thao))?"
                    r"(?:\s+(?:nghi quyet|ke hoach|chuong trinh|de an|quy dinh|chi thi)\s+chuyen de)?\s*$")


# English pages: "… a conference to review the five-year implementation of Directive No. 05 …",
# "… to disseminate Resolution No. 57 …"
_EN_REVIEW = re.compile(r"(?<![\w])(?:review(?:ed|ing)?|sum(?:med|ming)? up)\b(?:[^.;]|(?<=no)\.){0,80}$")
_EN_IMPLEMENT = re.compile(r"(?<![\w])(?:disseminat\w*|implement\w*|stud(?:y|ying|ied)|grasp\w*)\b(?:[^.;]|(?<=no)\.){0,40}$")


# the words each of those patterns cannot match without: they start with an alternation or a
# look-back, so a search tries them at every character of the clause, while a word's absence
# is read at C speed (``_ends``; tests/test_extract_meetings_persons.py checks the pairs)
NEEDED_WORDS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_REVIEW, ("so ket", "tong ket", "danh gia", "ket qua", "bao cao", "nhin lai")),
    (_ADOPT, ("thong qua", "bieu quyet", "thong nhat", "nhat tri")),
    (_EN_REVIEW, ("review", "sum")),
    (_IMPLEMENT, ("quan triet", "trien khai", "thuc hien", "hoc tap", "pho bien", "truyen dat", "gioi thieu", "tap huan", "trinh bay", "thong tin")),
    (_EN_IMPLEMENT, ("disseminat", "implement", "stud", "grasp")),
)
_REVIEW_WORDS, _ADOPT_WORDS, _EN_REVIEW_WORDS, _IMPLEMENT_WORDS, _EN_IMPLEMENT_WORDS = (w for _, w in NEEDED_WORDS)


def _ends(rx: re.Pattern[str], words: tuple[str, ...], before: str) -> bool:
    """``rx.search(before)``, tried only when one of the words it needs is in ``before``."""
    for word in words:
        if word in before:
            return rx.search(before) is not None
    return False


# (also "sơ kết 3 năm thực hiện <A> gắn với (việc thực hiện) <B>": both are reviewed; "<A> … cùng (với) <B>";
# "quán triệt các nghị quyết Hội nghị Trung ương 8, gồm: <B>; <C>": the members of what was linked)
_LIST_NEXT = re.compile(r"(?:[;,]\s*(?:[-–•*+]\s*)?(?:va\s+)?|\s+va\s+|\s+va\s+" + _SPAN + r"\s+(?:viec\s+)?(?:trien khai\s+)?(?:thuc hien|thi hanh)\s+|\s+cung(?:\s+voi)?\s+|\s+gan voi\s+(?:viec\s+)?(?:thuc hien\s+)?"
                        r"|,?\s*(?:bao gom|gom)\s*:\s*)(?:cac\s+)?$")


# the next member of a review's list, with its own span: "… <A> và 3 năm thực hiện <B>"; or joined to it
# by "gắn với (việc) thực hiện" ("sơ kết 5 năm thực hiện <A> gắn với thực hiện <B>": B is reviewed with A,
# not carried out by the meeting)
_SPAN_NEXT = re.compile(r"\s+va\s+" + _SPAN + r"\s+(?:viec\s+)?(?:trien khai\s+)?(?:thuc hien|thi hanh)\s+(?:cac\s+)?$"
                        r"|\s+gan voi\s+(?:viec\s+)?(?:trien khai\s+)?(?:thuc hien|thi hanh)\s+(?:cac\s+)?$")


def _in_list(ctx: Context, prev_end: int, start: int) -> bool:
    """Whether a reference continues the list of the one before it: within one sentence, after
    that one's modifiers, a comma, a semicolon or "và" and nothing else."""
    gap = ctx.folded[prev_end:start]
    return prev_end <= start and len(gap) < 250 and "." not in gap.replace("no.", "") and _LIST_NEXT.search(gap) is not None


def _in_title_of(ctx: Context, prev_end: int, start: int) -> bool:
    """Whether a reference stands in the title of the one before it ("<A> ngày … của … về tổng kết
    <B>"): in one clause with it, after "về"."""
    gap = ctx.folded[prev_end:start]
    return prev_end <= start and len(gap) < 200 and not any(c in gap for c in ".;:") and re.search(r"\bve\b", gap) is not None


# not the English "No. 05-CT/TW" (the class first, the look back after it: "[;:]|(?<!\bno)\.")
_CLAUSE_CUT = re.compile(r"[;:.](?<!\bno\.)")


def last_cut(text: str) -> int:
    """Where the last match of ``_CLAUSE_CUT`` in ``text`` starts, or -1: read from the end
    (the clause before a reference is what follows its last cut)."""
    end = len(text)
    while True:
        k = max(text.rfind(";", 0, end), text.rfind(":", 0, end), text.rfind(".", 0, end))
        # a "." is a cut unless it closes a word "no" ("(?<!\bno\.)", \w being isalnum or "_")
        if k < 2 or text[k] != "." or text[k - 2:k] != "no" or (k > 2 and (text[k - 3].isalnum() or text[k - 3] == "_")):
            return k
        end = k


# a colon that opens a list after a cue and the count of what it lists: "quán triệt 4 nghị quyết: <A>; <B> …",
# "quán triệt một số văn bản mới của Bộ Chính trị, Ban Bí thư gồm: <A> …"
_COLON_LIST = re.compile(r"(?:\s+(?:cac|nhung|mot so|\d+|hai|ba|bon|nam|sau|bay|tam|chin|muoi))?"
                         r"\s+(?:nghi quyet|chi thi|ket luan|quy dinh|quyet dinh|van ban|de an|ke hoach|chuong trinh)"
                         r"(?:\s+(?:moi|quan trong|sau(?: day)?|nhu sau|cua [\w ]{1,30})|[^.;:]{0,80}?,?\s+(?:bao gom|gom))?\s*:\s*$")


# what may stand between a list's colon (or an item's semicolon) and its next item: "… các văn bản sau:\n- <A>;\n- <B>"
_BULLETS = " \t\n-–•*+"


# an agreement whose items follow its colon: "Ban Thường vụ thống nhất ban hành: <A>; <B>", "Hội nghị thống nhất: ban
# hành <A>; thông qua <B>" (the verb before the colon and the item's own words are one clause)
_AGREED_COLON = re.compile(r"(?:thong nhat|nhat tri)(?:\s+(?:ban hanh|thong qua))?(?:\s+(?:cac|mot so|nhung) noi dung(?:\s+sau)?|\s+nhu sau)?\s*:$")


# an item of such a list opened by its own verb: "; ban hành <B>", "; thông qua <C>"
_ITEM_VERB = re.compile(r"[\s\-–•*+]*(?:va\s+)?(?:ban hanh|thong qua)(?:\s+(?:nghi quyet|ke hoach|chuong trinh|de an|quy dinh|chi thi)\s+chuyen de)?\s*")


def _clause_before(ctx: Context, x: DocMention, floor: int) -> str:
    start = max(floor, x.start - 120)
    text = ctx.folded[start:x.start]
    cut = last_cut(text)
    if cut >= 0 and not text[cut + 1:].strip(_BULLETS) and (lead := _COLON_LIST.search(text[:cut + 1])):
        # "… quán triệt 4 nghị quyết: <x>": the cue before the count is the clause's
        head = text[:lead.start()]
        inner = last_cut(head)
        return head[inner + 1:] + " "
    if cut >= 0 and text[cut] == ":" and _AGREED_COLON.search(text, 0, cut + 1):
        inner = last_cut(text[:cut])
        return f"{text[inner + 1:cut]} {text[cut + 1:].strip(_BULLETS)} "
    if cut >= 0 and text[cut] == ";" and _ITEM_VERB.fullmatch(text, cut + 1):
        # "… thống nhất: ban hành <A> …; ban hành <B>": an item of the agreement whose colon stands before
        s0 = ctx.sentences.at(x.start)[0]
        colon = ctx.folded.rfind(":", s0, x.start)
        if colon >= 0 and _AGREED_COLON.search(ctx.folded, s0, colon + 1):
            return f"thong nhat {text[cut + 1:].strip(_BULLETS)} "
    if cut >= 0 and text[cut] == ";" and _tail_word(text[cut + 1:].strip(_BULLETS)) == "" \
            and (list_head := _named_list_head(ctx, x)) is not None:
        return list_head
    return text[cut + 1:] if cut >= 0 else text


def _tail_word(gap: str) -> str:
    """What stands before an item's reference after its semicolon, without a joining "và"."""
    return gap[3:].strip() if gap.startswith("va ") or gap == "va" else gap


def _named_list_head(ctx: Context, x: DocMention) -> str | None:
    """The clause that opens a list whose items before a reference name documents by their type alone ("Hội nghị
    đã thảo luận và thông qua Quy chế làm việc …; Chương trình kiểm tra, giám sát toàn khóa; Nghị quyết số
    03-NQ/ĐU …"): up to the first item, when a cue ends it; None when the sentence is no such list (or a
    reference stands before, whose list reads it)."""
    s0 = ctx.sentences.at(x.start)[0]
    first = ctx.next_doc_start(s0 - 1)
    if first is not None and first < x.start:
        return None
    pieces = ctx.folded[s0:x.start].split(";")
    word = _doc_word()
    if len(pieces) < 2 or not all(word.match(_tail_word(p.strip(_BULLETS))) for p in pieces[1:-1]):
        return None
    head = pieces[0]
    for m in word.finditer(head):
        lead = head[:m.start()]
        if _ends(_ADOPT, _ADOPT_WORDS, lead) or _ends(_IMPLEMENT, _IMPLEMENT_WORDS, lead) or _ends(_REVIEW, _REVIEW_WORDS, lead):
            return lead[last_cut(lead) + 1:]
    return None


# in a meeting's report, the meeting (or those at it) as the one that acts: "Tại hội nghị, …",
# "Hội nghị đã / dành / đánh giá …", "các đại biểu được quán triệt …"
# "… khai mạc Hội nghị lần thứ tám để thảo luận Báo cáo sơ kết …"
_MEETING_NOUN = r"(?:hoi nghi|dai hoi|phien hop|cuoc hop|buoi hop|buoi lam viec|lop hoc|le)"
# (also "Tại điểm cầu các huyện, cán bộ chủ chốt được quán triệt …" of an online one, "Trong chương trình hội nghị, …")
_AT_THE_MEETING = re.compile(rf"\btai {_MEETING_NOUN}\b|\btai (?:cac )?diem cau\b|\bchuong trinh {_MEETING_NOUN}\b|"
                             rf"\bdai bieu\b|\bhoc vien\b|^\W*bao cao vien\b|"
                             rf"\b(?:khai mac|to chuc|be mac|chu tri) {_MEETING_NOUN}\b|"
                             rf"\b(?:hoi nghi|dai hoi|phien hop) (?:da|cung|duoc|thong nhat|nhat tri|danh|nghe|thao luan|"
                             r"tap trung|tien hanh|danh gia|nhin lai|yeu cau|chi ra|khang dinh|xac dinh|de ra|bieu quyet|thong qua|cho y kien|xem xet)\b")
# a sentence that opens with the meeting's own act: "Quán triệt Quy định số 138 …" (not "Thực hiện <B>, …":
# what others did to carry B out)
# (also "Hội nghị quán triệt sâu sắc <A>": the meeting, the sentence's subject, acts)
_OPENS_WITH_AN_ACT = re.compile(r"^[\s\-–•*+]*(?:(?:hoi nghi|dai hoi|phien hop|cuoc hop)\s+(?:trien khai\b|(?=quan triet|hoc tap|pho bien|truyen dat|so ket|tong ket))|"
                                r"quan triet|hoc tap|pho bien|truyen dat|nghien cuu|so ket|tong ket)\b")
# a sentence that opens with a named speaker (and posts) whose own verb is the act: "Đồng chí Lê Thị Nga,
# Trưởng Ban Tuyên giáo Huyện ủy triển khai Kế hoạch số 45-KH/HU …" in the meeting's report (not what
# the speaker says of others: "Đồng chí X cho biết, tỉnh đã triển khai <B>")
_SPEAKER_OPENS = re.compile(r"^[\s\-–•*+]*(?:dong chi|d/c)\s+(?!(?:\w+\s+)*?(?:cho biet|khang dinh|nhan manh|neu|bao cao|"
                            r"chia se|phat bieu|danh gia|ghi nhan|de nghi|yeu cau|chi dao|thong tin)\b)")
# the cue that is only "thực hiện" ("… đề nghị chú trọng … trong thực hiện <B>"): others carry B out
_ONLY_CARRY_OUT = re.compile(r"(?:^|[^,\w]\s*)(?<!trien khai )(?<!trien khai, )(?:viec\s+)?thuc hien"
                             rf"(?:\s*,?\s+(?:{_MANNER}|tot|cac|mot so|noi dung))*\s*$")
# what someone at the meeting asks others to do ("Phát biểu tại hội nghị, đồng chí X yêu cầu các cấp ủy
# tiếp tục quán triệt <B>"): a task set for later, not the meeting's own act
_ASKED = re.compile(r"\b(?:yeu cau|de nghi)\b[^;:]*$")
# what a speaker reports ("Tại hội nghị, đồng chí X cho biết, các xã đã triển khai <B>"): told, not done at the meeting
# ("Báo cáo tại hội nghị cho thấy các cấp ủy đã quán triệt nghiêm túc <B>": what the report shows)
_REPORTED = re.compile(r"\b(?:cho biet|cho rang|cho thay)\b[^;:]*$")
# the state of carrying a document out ("… thông tin về tình hình triển khai <B>"): told, not carried out
_STATE_OF = re.compile(r"\btinh hinh(?:\s+(?:viec|trien khai|thuc hien|to chuc))+\s*$")


# a meeting the sentence plans ("Theo kế hoạch, quý III, Ban Thường vụ sẽ tổ chức hội nghị tổng kết <B>",
# "… dự kiến tổ chức …"): not the act of the meeting reported
_FUTURE = re.compile(r"(?<![\w])(?:sẽ|dự kiến)(?![\w])", re.I)
# a photo's caption ("Ảnh: Đồng chí X trao Bằng khen tại hội nghị sơ kết <A>", "Quang cảnh hội nghị … (Ảnh: Y)"):
# it shows a moment of any meeting the article reports, not the act of the one whose report it stands in
_CAPTION = re.compile(r"^[\W_]*anh\s*:|(?<![\w])anh\s*:\s*[^.:;\n]{1,60}$")


def _caption(ctx: Context, pos: int) -> bool:
    """Whether the line holding ``pos`` is a photo's caption: it opens with "Ảnh:" or closes with its credit."""
    start = ctx.folded.rfind("\n", 0, pos) + 1
    end = ctx.folded.find("\n", pos)
    line = ctx.folded[start:end if end >= 0 else len(ctx.folded)].rstrip(" .)|")
    m = _CAPTION.search(line) if "anh" in line else None
    if m is None:
        return False
    k = start + m.start() + m.group().find("anh")
    return ctx.text[k:k + 3].lower() == "ảnh"  # the word "Ảnh", not a name ("… đồng chí Lê Anh: …")


@lru_cache(maxsize=1)
def _doc_word() -> re.Pattern[str]:
    words = "|".join(sorted((re.escape(k) for k in relation_cues().anaphor_kinds), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)")


def _including_head(before: str) -> str | None:
    """The clause before what a reference is a member of: "quán triệt " of "quán triệt các nghị
    quyết của Bộ Chính trị, trong đó có <x>" (the cue names documents by their type, then their
    members follow ", trong đó có / nhất là …"); None when the clause is no such."""
    head = cues.including(before)
    m = _doc_word().search(head) if head else None
    return head[:m.start()] if head and m else None


def _list_opening(ctx: Context, s0: int, pos: int) -> int:
    """Where the sentence of a reference starts; for an item of a list set out line by line ("Tại hội
    nghị, … quán triệt các văn bản sau:" "- <A>;" "- <B>."), where the sentence that opens the list does."""
    if ctx.folded[s0:pos].strip(_BULLETS):
        return s0
    k = s0
    for _ in range(20):
        tail = ctx.folded[:k].rstrip()
        if not tail or tail[-1] not in ":;":
            return s0
        k = ctx.sentences.at(len(tail) - 1)[0]
        if tail[-1] == ":":
            return k
    return s0


# what sets a sentence at a sitting other than the one reported: its month ("hồi tháng 9", "tại phiên họp tháng 9"
# in the report of an October one), its ordinal ("tại Hội nghị lần thứ 3" in the report of the fourth), or an earlier
# one ("tại phiên họp trước", "kỳ họp trước")
_OTHER_SITTING = re.compile(r"(?<![\d\w])thang (\d{1,2})\b|\blan thu (\w+)\b|\b(?:thang|ky hop|phien hop|hoi nghi|lan) truoc\b")


@lru_cache(maxsize=256)
def _own_ordinal(name: str) -> int | None:
    m = re.search(r"\blan thu (\w+)", fold(name))
    return ordinal(m[1]) if m else None


def _other_sitting(ctx: Context, mt: MeetingMention, s0: int, end: int) -> bool:
    """Whether the sentence opening (up to its first reference) sets what it tells at another sitting than
    the meeting reported: another month or day than the meeting's, another ordinal than its name's, or an
    earlier sitting; an act told there (an adoption, a review) is not this meeting's."""
    first = ctx.next_doc_start(s0 - 1)
    text = ctx.folded[s0:min(end, first) if first is not None else end]
    if "thang" not in text and "lan" not in text and "truoc" not in text and "/" not in text:
        return False
    for m in _OTHER_SITTING.finditer(text):
        if m[1] is not None:
            if mt.date is not None and int(m[1]) != mt.date.month:
                return True
        elif m[2] is not None:
            n, own = ordinal(m[2]), _own_ordinal(mt.name)
            if n is not None and own is not None and n != own:
                return True
        else:
            return True
    return mt.date is not None and _another_day(text, mt)


def _meeting_acts(ctx: Context, mt: MeetingMention, x: DocMention, before: str, t: RelationType) -> bool:
    """Whether a cue in a meeting's report is the meeting's own act: its sentence names the
    meeting (or its delegates) as the one acting, or opens with the act; "Toàn ngành đã sơ kết
    …", "Thực hiện Kế hoạch số 12, 100% cấp ủy …", "Các cấp ủy tiếp tục triển khai …" are what
    the report says others did, which the meeting DISCUSSES."""
    s0 = _list_opening(ctx, ctx.sentences.at(x.start)[0], x.start)
    sentence = ctx.folded[s0:x.start]
    if t is RelationType.IMPLEMENTS and (_ONLY_CARRY_OUT.search(before) or _STATE_OF.search(before)):
        return False
    if ("yeu cau" in sentence or "de nghi" in sentence) and _ASKED.search(sentence):
        return False
    if "cho " in sentence and _REPORTED.search(sentence):
        return False
    if _FUTURE.search(ctx.text, s0, x.start) or _caption(ctx, x.start):
        return False  # a meeting planned for later; a photo's caption
    if _other_sitting(ctx, mt, s0, x.start):
        return False  # "Trước đó, tại Hội nghị lần thứ 3 (hồi tháng 9), Thành ủy đã thông qua <B>"
    if _AT_THE_MEETING.search(sentence) is not None or _OPENS_WITH_AN_ACT.match(sentence) is not None:
        return True
    speaker = _SPEAKER_OPENS.match(sentence)
    return speaker is not None and ctx.text[s0 + speaker.end():s0 + speaker.end() + 1].isupper()


# a fronted clause that sets what follows before the meeting, or over a period it reports on: "Trước đó, Ban Thường
# vụ … thống nhất ban hành …", "Qua 5 năm, …", "Theo báo cáo, trong năm, …"
_EARLIER = re.compile(r"\b(?:truoc do|truoc day|thoi gian qua|tu nam|nam (?:19|20)\d\d|(?:cuoi|dau) nam|thang (?:\d|truoc)|"
                      r"(?:qua|sau|trong) (?:\w+ )?(?:nam|thang|nhiem ky|giai doan)\b|nam qua|theo bao cao)")


# the sitting body named by its board alone, no body of its own read there: "Ban Thường vụ (đã) thống nhất ban hành …"
_BARE_BOARD = re.compile(r"(?:ban thuong vu|ban chap hanh|thuong truc)\s+(?:da\s+|cung\s+)*"
                         r"(?:thong nhat|nhat tri|bieu quyet|thong qua|xem xet|cho y kien)\b")


_COMMITTEES = (BodyKind.PROVINCIAL_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE, BodyKind.STANDING_COMMITTEE)


_DAY_MONTH = re.compile(r"(?<![\w/-])(\d{1,2})\s*[/-]\s*(\d{1,2})(?![\d])")


def _another_day(fronted: str, mt: MeetingMention) -> bool:
    """Whether a fronted clause dates what follows to a day other than the meeting's ("Ngày 10/7/2024, …"
    in the report of a sitting of 3/8)."""
    return any(mt.date is None or (int(m[1]), int(m[2])) != (mt.date.day, mt.date.month) for m in _DAY_MONTH.finditer(fronted))


def _organiser_acts(ctx: Context, mt: MeetingMention, x: DocMention) -> bool:
    """Whether the sentence of a reference opens with the body whose sitting is reported:
    "Ban Thường vụ Tỉnh ủy thống nhất ban hành Quy định số 05-QĐ/TU …" in the report of the
    Ban Thường vụ's meeting is the meeting's adoption; so is the body opening the clause after a
    fronted one ("Sau khi thảo luận, Ban Thường vụ Huyện ủy … đã thống nhất ban hành …"), unless that
    one puts it earlier ("Trước đó, …", "Ngày 10/7, …" of a sitting on another day)."""
    s0 = ctx.sentences.at(x.start)[0]
    if _FUTURE.search(ctx.text, s0, x.start) or _other_sitting(ctx, mt, s0, x.start):
        return False  # "Tháng tới, Ban Thường vụ … sẽ thống nhất ban hành …": not yet; "Tại hội nghị lần thứ 26, …": another
    lead = re.match(r"[\s\-–•*+]*", ctx.folded[s0:x.start])
    opens = [s0 + (lead.end() if lead else 0)] + [s0 + m.end() for m in re.finditer(r",\s*", ctx.folded[s0:x.start])]
    subject = next((p for p in reversed(opens) if ctx.body_at(p) is not None or _BARE_BOARD.match(ctx.folded, p)), None)
    if subject is None or subject > opens[0] and (_EARLIER.search(ctx.folded, s0, subject)
                                                   or _another_day(ctx.folded[s0:subject], mt)):
        return False
    first = ctx.body_at(subject)
    if first is None:  # "Ban Thường vụ thống nhất …" in the report of a committee's (or its board's) sitting
        return any(o.kind in _COMMITTEES for o in mt.organizers)
    return any(first.body.id == o.id for o in mt.organizers)


# a cue that opens the title of the reference before ("Kế hoạch số 141-KH/BCĐ … về tổng kết Nghị quyết số 18",
# "… về triển khai thực hiện …"): the document it names is that one's subject, not the meeting's act
_ABOUT = re.compile(r"\bve\s+(?:viec\s+)?")


def _cue_in_title(ctx: Context, mentions: list[DocMention], i: int) -> bool:
    """Whether the cue before ``mentions[i]`` opens the title of the reference before it, in one
    clause with it: "<A> của … về tổng kết <B>"."""
    if i == 0:
        return False
    gap = ctx.folded[mentions[i - 1].end:mentions[i].start]
    if len(gap) > 200 or "ve" not in gap or any(c in gap for c in ".;:"):
        return False
    ends = [m.end() for m in _ABOUT.finditer(gap)]
    if not ends:
        return False
    tail = gap[ends[-1]:]
    return _REVIEW.match(tail) is not None or _IMPLEMENT.match(tail) is not None


# the adoption told after the reference, the meeting its agent: "Nghị quyết số 13-NQ/HU về … đã được hội nghị
# biểu quyết thông qua", "… được Ban Chấp hành Đảng bộ huyện nhất trí thông qua" (not "sẽ / chưa được …")
_ADOPTED_AFTER = re.compile(r"[^.;:]{0,160}?(?<!\bse )(?<!\bchua )\bduoc\s+(?:hoi nghi|dai hoi|phien hop|cac dai bieu|"
                            r"ban chap hanh(?:\s+dang bo)?(?:\s+\w+){0,4}?)\s+"
                            r"(?:(?:bieu quyet|nhat tri|thong nhat|cho y kien)(?:\s*,\s*|\s+va\s+|\s+))*thong qua\b")


def _adopted_after(ctx: Context, x: DocMention) -> bool:
    """Whether the clause after a reference says the meeting adopted it, in the passive, before any
    other reference: "<A> … đã được hội nghị biểu quyết thông qua"."""
    start = x.end  # (the subject the reference's chain reads may run on over the adoption)
    m = _ADOPTED_AFTER.match(ctx.folded, start) if "thong qua" in ctx.folded[start:start + 240] else None
    if m is None:
        return False
    later = ctx.next_doc_start(x.start)
    return later is None or later >= m.end()


def _local(x: DocMention) -> bool:
    """Whether a reference is a local Party document (a local meeting cannot adopt a central one)."""
    if x.issuer_code is None:
        return False
    iss = reference.issuer_for_code(x.issuer_code)
    return iss is None or not iss.central


def links(ctx: Context, mt: MeetingMention, mentions: list[DocMention], cued: set[int]
          ) -> list[tuple[RelationType, int, Rule, float]]:
    """(type, mention index, rule, confidence) for every document the meeting relates to,
    A reference that is the target of another document's cue
    ("Kế hoạch số 126 … về thực hiện Chỉ thị 39") is only discussed by the meeting."""
    out: list[tuple[RelationType, int, Rule, float]] = []
    prev: tuple[int, RelationType] | None = None  # the last linked reference: where it ends, its type
    for i, x in enumerate(mentions):
        in_name = mt.start <= x.start < mt.end
        resumed = mt.resumes is not None and mt.resumes[0] <= x.start < mt.resumes[1]
        in_segment = mt.anchor <= x.start < mt.segment_end or resumed
        if not (in_name or in_segment):
            continue
        floor = mt.start if in_name else mt.resumes[0] if resumed and mt.resumes else mt.anchor
        before = _clause_before(ctx, x, floor)
        before = _including_head(before) or before
        if i in cued:
            t = RelationType.DISCUSSES
        elif _ends(_ADOPT, _ADOPT_WORDS, before) and _local(x) \
                and (in_name or _meeting_acts(ctx, mt, x, before, RelationType.ADOPTED_AT) or _organiser_acts(ctx, mt, x)):
            # (also in the meeting's name: "Hội nghị thông qua Nghị quyết số 18-NQ/HU …", "Ban Thường vụ Thị ủy X
            # họp, cho ý kiến và thống nhất ban hành Kế hoạch số 55-KH/TU …")
            t = RelationType.ADOPTED_AT  # the document's relation to the meeting: the caller turns it round
        elif not in_name and _local(x) and _adopted_after(ctx, x):
            t = RelationType.ADOPTED_AT  # "<A> … đã được hội nghị biểu quyết thông qua"
        elif _cue_in_title(ctx, mentions, i):
            t = RelationType.DISCUSSES  # "quán triệt <A> về tổng kết <B>": B is the subject of A's title
        elif prev is not None and prev[1] is RelationType.REVIEWS and _SPAN_NEXT.search(ctx.folded, prev[0], x.start) \
                and _in_list(ctx, prev[0], x.start):
            t = RelationType.REVIEWS  # "tổng kết 5 năm thực hiện <A> và 3 năm thực hiện <B>": B is reviewed too
        elif _ends(_REVIEW, _REVIEW_WORDS, before) or _ends(_EN_REVIEW, _EN_REVIEW_WORDS, before):
            t = RelationType.REVIEWS if in_name or _meeting_acts(ctx, mt, x, before, RelationType.REVIEWS) \
                else RelationType.DISCUSSES
        elif _ends(_IMPLEMENT, _IMPLEMENT_WORDS, before) \
                or _ends(_EN_IMPLEMENT, _EN_IMPLEMENT_WORDS, before):
            t = RelationType.IMPLEMENTS if in_name or _meeting_acts(ctx, mt, x, before, RelationType.IMPLEMENTS) \
                else RelationType.DISCUSSES
        elif prev is not None and _in_list(ctx, prev[0], x.start):
            # "quán triệt Nghị quyết số 59 … về …; Nghị quyết số 70 …": a list shares its verb (a local meeting
            # adopts local documents only)
            t = prev[1] if prev[1] is not RelationType.ADOPTED_AT or _local(x) else RelationType.DISCUSSES
        else:
            t = RelationType.DISCUSSES
        # a reference nested in the title of the one before ("<A> về tổng kết <B> … và <C>") is
        # passed over by the list: C continues A's list, from where B ends
        prev = (x.end, prev[1] if i in cued and prev is not None and _in_title_of(ctx, prev[0], x.start) else t)
        if in_name:
            out.append((t, i, Rule.MEETING_NAME, 0.9 if t is not RelationType.DISCUSSES else 0.8))
        else:
            out.append((t, i, Rule.MEETING_CONTENT, 0.6 if t is not RelationType.DISCUSSES else 0.5))
    return out


CENTRAL_PLACE = "Trung ương"
# a meeting national by its name: "Hội nghị toàn quốc …", "Phiên họp (của) Bộ Chính trị …"
_NATIONAL_MEETING = re.compile(r"\btoan quoc\b|^(?:hoi nghi|phien hop|cuoc hop)\s+(?:cua\s+)?"
                               r"(?:bo chinh tri|ban bi thu|ban chap hanh trung uong)\b")


def _held_at(org: BodyFact) -> BodyFact:
    """A meeting of a central body is held at the centre: its organiser's place is "Trung ương"
    (not unknown), so a national meeting is counted there, not under "(không rõ)"."""
    if org.province is None and (org.kind in CENTRAL_KINDS or "trung uong" in fold(org.name)):
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


def meeting_facts(facts: Collector, ctx: Context, meetings: list[MeetingMention], mentions: list[DocMention],
                  by_mention: list[str], cued: set[int]) -> None:
    """The meetings the text reports, with their organisers, attendance, chair and the documents
    they carried out, reviewed or discussed."""
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
        co_chairs = tuple(ids.person_id(p.name) for p in mt.co_chairs)
        facts.meetings[mid] = MeetingFact(mid, mt.name, mt.kind, mt.date, mt.year, mt.location, organizer, chair,
                                          mt.online, mt.period, spans, province, co_chairs)
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
        for p, pid in zip(mt.co_chairs, co_chairs, strict=True):
            facts.relate(RelationType.CHAIRED_BY, mid, pid, p.start, Rule.CHAIR, 0.85)
        if mt is meetings[0]:
            _own_of(facts, ctx, mt, mid, mentions, by_mention)
        best: dict[str, tuple[RelationType, int, Rule, float]] = {}
        for link in links(ctx, mt, mentions, cued):
            doc_id = by_mention[link[1]]
            if doc_id not in best or best[doc_id][3] < link[3]:
                best[doc_id] = link
        for doc_id, (t, i, rule, conf) in best.items():
            if t is RelationType.ADOPTED_AT:
                facts.relate(t, doc_id, mid, mentions[i].start, Rule.PLENUM_ADOPTION, conf)
                # the meeting discussed what it adopted: "which meetings handled <A>" reads the meeting's links
                facts.relate(RelationType.DISCUSSES, mid, doc_id, mentions[i].start, rule, 0.5)
            else:
                facts.relate(t, mid, doc_id, mentions[i].start, rule, conf)
        if _BARE_REVIEW.search(fold(mt.name)) and not any(t is RelationType.REVIEWS for t, *_ in best.values()):
            reviewed = _reviewed(facts) or _headline_linked(ctx, mentions, by_mention, _REVIEW, _REVIEW_WORDS)
            if len(reviewed) == 1:
                doc_id, pos = reviewed.popitem()
                facts.relate(RelationType.REVIEWS, mid, doc_id, pos, Rule.MEETING_CONTENT, 0.5)
        elif _BARE_IMPLEMENT.search(fold(mt.name)) and not best:
            # "Hội nghị quán triệt, triển khai nghị quyết" under the headline "… quán triệt Nghị quyết số 57"
            carried = _headline_linked(ctx, mentions, by_mention, _IMPLEMENT, _IMPLEMENT_WORDS)
            if len(carried) == 1:
                doc_id, pos = carried.popitem()
                facts.relate(RelationType.IMPLEMENTS, mid, doc_id, pos, Rule.MEETING_CONTENT, 0.5)
        elif len(meetings) == 1 and not mt.from_title and not any(t is not RelationType.DISCUSSES for t, *_ in best.values()):
            # the one meeting of a report headed "Điện Biên sơ kết 3 năm thực hiện <B>" (or "… quán triệt <B>")
            # that names no document of its own: the headline says what it did
            for t, cue, words in ((RelationType.REVIEWS, _REVIEW, _REVIEW_WORDS), (RelationType.IMPLEMENTS, _SPREAD, _SPREAD_WORDS)):
                headed = _headline_linked(ctx, mentions, by_mention, cue, words)
                if headed:
                    for doc_id, pos in headed.items():
                        facts.relate(t, mid, doc_id, pos, Rule.MEETING_CONTENT, 0.5)
                    break


_OF_A_MEETING = (DocKind.KET_LUAN, DocKind.NGHI_QUYET, DocKind.THONG_BAO)


def _own_of(facts: Collector, ctx: Context, mt: MeetingMention, mid: str, mentions: list[DocMention],
            by_mention: list[str]) -> None:
    """An official text headed by the meeting it comes from ("Số 445-KL/TU … KẾT LUẬN / HỘI NGHỊ LẦN THỨ
    BẢY / BAN CHẤP HÀNH ĐẢNG BỘ TỈNH (KHÓA XVI) / về … // Hội nghị lần thứ bảy Ban Chấp hành Đảng bộ tỉnh
    (khóa XVI) họp ngày 26/4/2022 …"): the text's own conclusion or resolution is ADOPTED_AT the meeting
    its first sentence reports, which DISCUSSES it."""
    h = facts.own.header if facts.own is not None else None
    if h is None or mentions[h.mention].kind not in _OF_A_MEETING or not h.end <= mt.start <= h.end + 400:
        return
    heading = " ".join(f"{fold(h.title or '')} {ctx.folded[h.end:mt.start]}".split())  # (a title the header read, or the lines after it)
    name = " ".join(fold(mt.name).split())
    if len(name.split()) < 4 or name not in heading:
        return
    own_id, pos = by_mention[h.mention], mentions[h.mention].start
    facts.relate(RelationType.ADOPTED_AT, own_id, mid, pos, Rule.PLENUM_ADOPTION, 0.75)
    facts.relate(RelationType.DISCUSSES, mid, own_id, pos, Rule.MEETING_NAME, 0.8)


# a meeting named by a review without its object: "Hội nghị sơ kết", "… họp nghe báo cáo tổng kết", or with
# only a type word ("Hội nghị sơ kết 3 năm thực hiện nghị quyết", not a spreading of it);
# by its spreading with only a type word: "Hội nghị quán triệt, triển khai nghị quyết"
_BARE_REVIEW = re.compile(r"\b(?:so ket|tong ket)(?:\s*,?\s+" + _SPAN + r")?(?:\s+(?:viec\s+)?(?:trien khai\s+)?thuc hien)?"
                          r"(?:\s+(?:cac\s+)?(?:nghi quyet|chi thi|ket luan|quy dinh|van ban))?\s*$")
_BARE_IMPLEMENT = re.compile(rf"\b{_ACTS}(?:(?:\s*,\s*|\s+va\s+|\s+){_ACTS})*\s+(?:cac\s+)?"
                             r"(?:nghi quyet|chi thi|ket luan|quy dinh|van ban)\s*$")


# a headline's spreading of a document, not its mere carrying out ("ban hành kế hoạch thực hiện <B>")
_SPREAD = re.compile(r"(?:quan triet|hoc tap|pho bien|truyen dat|tap huan)(?:\s*,\s*|\s+va\s+|\s+)?"
                     rf"(?:{_ACTS}(?:\s*,\s*|\s+va\s+|\s+)?)*(?:cac\s+|nghiem\s+)*$")
_SPREAD_WORDS = ("quan triet", "hoc tap", "pho bien", "truyen dat", "tap huan")


def _reviewed(facts: Collector) -> dict[str, int]:
    """The documents the text says another document reviews ("Thông báo kết luận số 300 về kết
    quả sơ kết 3 năm thực hiện Kế hoạch số 40"), each with where that is said: what a meeting
    named only "Hội nghị sơ kết" reviewed, when there is one."""
    docs = {r.target: r.evidence.start for r in facts.relations.values()
            if r.type is RelationType.REVIEWS and r.source.startswith("doc:")}
    return docs


def _headline_linked(ctx: Context, mentions: list[DocMention], by_mention: list[str], cue: re.Pattern[str],
                     words: tuple[str, ...]) -> dict[str, int]:
    """The documents the headline (the text's first line, when it is the title) names after a
    cue: "Gia Lai sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW" over a report of a "hội nghị sơ
    kết", "… quán triệt Nghị quyết số 57" over a "hội nghị quán triệt, triển khai nghị quyết"."""
    if not ctx.title:
        return {}
    end = ctx.text.find("\n")
    end = len(ctx.text) if end < 0 else end
    if fold(ctx.text[:end]).strip() != fold(ctx.title).strip():
        return {}
    out: dict[str, int] = {}
    prev_end: int | None = None  # the last one linked: a list after it shares its cue
    for x, doc_id in zip(mentions, by_mention, strict=True):
        if x.start < end and (_ends(cue, words, ctx.folded[:x.start])
                              or prev_end is not None and _in_list(ctx, prev_end, x.start)):
            out[doc_id] = x.start
            prev_end = x.end
    return out


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


def adoptions(facts: Collector, ctx: Context, mentions: list[DocMention], by_mention: list[str],
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
