"""Meetings an article reports, with date, organiser, chair and the stretch of text
(segment) that reports each one.

The constructions that report a meeting (cue words in ``ontology/data/meeting_cues.yaml``):

- "<body> tổ chức / khai mạc / diễn ra Hội nghị …" ("Ngày 23-12-2016, Ban Tổ chức Tỉnh ủy Đồng
  Tháp tổ chức Hội nghị tổng kết …"), also with a manner word ("tổ chức trọng thể Lễ …");
- "<body> họp nghe / cho ý kiến …" (a session of the Politburo or the Secretariat is a "Phiên
  họp"), "<body> làm việc với …" (a working session);
- the chair's verb: "Đồng chí X chủ trì [và phát biểu chỉ đạo] Hội nghị A; Hội nghị B";
- the name as subject: "Hội nghị lần thứ 25 … đã được tổ chức", "Đại hội … khai mạc";
- a study session: "tổ chức (cho đảng viên) học tập, quán triệt <document>";
- before any of these, where someone spoke: "Phát biểu … tại Hội nghị X, ngày 7-4-2015";
- on an English page: "<body> held a conference on May 6 to review …";
- when the text only speaks of "the meeting" ("Dự Hội nghị có …", "Tại Đại hội, …") before any
  introduction, the title names it.

All but the first two need a day in their sentence. A day without a year takes the year of the
publication date (or of the page's month line); without one, the year of the latest date the
text mentions, not before the documents and plenums its paragraph carries out.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import lru_cache

from loaders.find.documents import DocMention, in_chain
from loaders.find.meeting_dates import Bounds, day_bounds, meeting_date
from loaders.find.meeting_mention import MeetingMention, meeting_kind
from loaders.find.meeting_people import (
    attendance,
    chair_of,
    co_chairs,
    delegation,
    location,
    organizers_in,
    standing_of,
)
from loaders.find.meetings_en import english_meetings
from loaders.find.patterns import ordinal
from loaders.find.persons import PersonMention
from loaders.lexicon import central_body, meeting_cue_words
from loaders.text.context import Context
from loaders.text.triggers import gate
from ontology import reference
from ontology.records import BodyFact
from ontology.text import fold
from ontology.vocab import MeetingKind

_NOUNS = meeting_cue_words("nouns")
_INTRO = gate(re.compile(rf"(?<![\w])(?<!phat bieu )(?:{meeting_cue_words('intro_verbs')})\s+(?:(?P<manner>{meeting_cue_words('intro_manner')})\s+)?"
                    rf"(?P<noun>{_NOUNS})(?![\w])"))
# "Đồng chí X … chủ trì [và phát biểu chỉ đạo] Hội nghị toàn quốc …"
# also "Tổng Bí thư chủ trì họp Ban Bí thư …": "họp" before the body that sits, a session of it
# what may stand before a task's verb opening its line: a list marker ("1.", "2.1.", "a)", "-")
_TASK_ITEM = re.compile(r"[\s\-–•*+]*(?:(?:\d+\.)+\d*|\d+\)|[a-zđ][.)])?\s*")
_ASSIGNS = re.compile(r"(?<![\w])(?:giao|phân công|đề nghị|yêu cầu)(?:\s+cho)?\s+(?=[A-ZĐ])")
_CHAIR_INTRO = gate(re.compile(rf"(?<![\w])(?:{meeting_cue_words('chair_verbs')})(?:\s+va\s+(?:{meeting_cue_words('chair_also')}))?\s+"
                          rf"(?:(?P<noun>{_NOUNS})|(?P<sits>hop)(?=\s+(?:ban|bo chinh tri|thuong truc|uy ban|tap the)\b))(?![\w])"
                          # "(Đồng) chủ trì hội nghị có đồng chí X": the chair named after the bare noun, not a meeting's name
                          rf"(?!\s*,?\s*(?:{meeting_cue_words('chair_named_by')})\s)"))
# "Hội nghị lần thứ 25 … đã được tổ chức", "Đại hội … diễn ra từ ngày …", "Hội nghị … họp ngày …",
# "Tọa đàm khoa học về … đã diễn ra sáng 11/3"
_AUX = meeting_cue_words("subject_aux")
_SUBJECT = re.compile(
    rf"(?P<noun>hoi nghi|dai hoi|phien hop|hoi thao|toa dam|ky hop)\s+(?!(?:{_AUX}|nay|lan nay|cung|se|do|tren|tai)\b)"
    rf"(?P<rest>[^.;:!?\n]{{3,250}}?)\s+(?P<verb>(?:(?:{_AUX})\s+)+(?:{meeting_cue_words('subject_verbs_after_aux')})|(?:(?:{_AUX})\s+)*"
    rf"(?:{meeting_cue_words('subject_verbs')})|hop(?=\s+(?:tu\s+|vao\s+)?ngay\b))(?![\w])")
# "… tổ chức cho đảng viên học tập trực tuyến Nghị quyết …"
_SUBJECT_DAY = re.compile(r",?\s+(?:vao\s+)?(?:sang|chieu|toi|trua|ngay)\s+(?:nay|qua|mai|hom nay|\d{1,2}\s*[-/.]\s*\d{1,2}\S*)"
                          r"\s*,?\s*$")
_STUDY = gate(re.compile(rf"(?<![\w])to chuc\s+(?:cho\s+[^.;:!?\n]{{3,120}}?\s+(?P<noun>{meeting_cue_words('study_verbs')})|"
                    rf"(?P<alone>{meeting_cue_words('study_verbs_alone')}))(?![\w])"))
_ISSUING = re.compile(r"(?<![\w])(?:ban hanh|ky|xay dung|yeu cau|de nghi|chi dao)(?![\w])")
# "Phát biểu kết luận … tại Hội nghị rút kinh nghiệm …, ngày 7-4-2015"
# also a session named by its noun in lower case: "… phát biểu … tại buổi họp mặt với … vào chiều 12-2"
_AT = gate(re.compile(r"(?<![\w])tai\s+(?P<noun>hoi nghi|dai hoi|(?P<session>buoi (?:hop mat|gap mat|lam viec)))\s+(?=\w)"))
# "Sáng 10/7, Đảng ủy xã An Phú tham dự Hội nghị trực tuyến toàn quốc … do Bộ Chính trị tổ chức": a
# meeting reported by one who attended it (not "Dự Hội nghị có …", which lists who attended)
_ATTENDS = gate(re.compile(r"(?<![\w])(?:tham du|du)\s+(?P<noun>hoi nghi|hoi thao|toa dam|dai hoi|ky hop|phien hop)(?![\w])"))
# the attendee right before the cue: a body, or a unit by its name ("xã Ngọc Liên")
_ATTENDEE_GAP = re.compile(r"\s*(?:(?:da|vua|cung|truc tuyen)\s+)*$")
_UNIT = re.compile(r"(?<![\w])(?:xã|phường|thị trấn|huyện|quận|thị xã|thành phố|tỉnh)\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ'’-]*(?:\s+[A-ZĐÀ-Ỹ\d][\wÀ-ỹ'’-]*)*$",
                   re.I)
# a meeting's noun, then (its words and) "do <the chair> chủ trì" in the same clause
_CHAIRED_NOUN = gate(re.compile(r"(?<![\w])(?P<noun>hoi nghi|cuoc hop|phien hop|ky hop|hoi thao|toa dam)(?![\w])"))
_DO_CHAIR = re.compile(r"[^.;:!?\n]{0,160}?\s*,?\s+do\s+(?:dong chi|d/c|ong|ba)?[^.;:!?\n]{0,160}?\s(?:dong\s+)?chu tri(?![\w])")
# a speech that opens a sentence, at the meeting named next: "Kết luận hội nghị …", "Phát biểu (chỉ đạo) tại hội nghị …",
# "Tại hội nghị … được tổ chức sáng 12/3, đồng chí …"
_SPOKEN_AT = re.compile(r"[\W_]*(?:(?:phat bieu|ket luan|chi dao)(?:\s+(?:ket luan|chi dao|khai mac|be mac|tong ket))?"
                        r"(?:\s+tai)?|tai)\s+")
# the meeting's own verb of being held, then its day: "… diễn ra sáng nay (5/3)", "… khai mạc / được tổ chức sáng 12/3"
_HELD_ON = re.compile(r"(?:(?:da|vua)\s+)?(?:dien ra|khai mac|be mac|ket thuc|duoc to chuc)\s+(?:vao\s+)?(?:sang|chieu|toi|trua|ngay|hom)\b")
_HELD = re.compile(r"\s+(?:da\s+)?(?:dien ra|duoc to chuc)(?![\w])")
# read as written: "sẽ", not the "Sê" of a place ("huyện Chư Sê", "Sê San"), the same letters once folded
_PLANNED = re.compile(r"(?<![\w])(?:sẽ|dự kiến)\s*$", re.I)
_TRAILING_DAY = re.compile(r"\s*,\s*(?:(?:sang|chieu|toi)\s+)?(?:ngay\s+)?\d{1,2}\s*[-/.]\s*\d{1,2}(?:\s*[-/.]\s*\d{4})?\s*$")
# "đại hội" is a reported meeting only with its name: "Đại hội đại biểu Đảng bộ huyện Ia Grai",
# "Đại hội XIII" — not "tổ chức đại hội thành công", "đại hội Đảng cấp cơ sở".
# "Đại hội điểm nhiệm kỳ 2025 - 2030", "Đại hội nhiệm kỳ …": a pilot congress, or one named by its term alone
_CONGRESS_NAME = re.compile(r"dai hoi\s+(?:dai bieu\s+)?(?:dang bo\s+(?:tinh|huyen|thanh pho|quan|xa|phuong|thi xa|khoi)?\s*(?=\S)"
                            r"|chi bo\s+(?=\S)|lan thu\s+[ivxl\d]+\b|[ivxl]+\b|diem\s+(?=\S)|(?=nhiem ky\s+\d{4}))")
# "Đại hội Chi bộ … nhiệm kỳ 2025 - 2027": a congress named by its term, written with a capital
_TERM = re.compile(r"(?:[^.;,\n]{0,60}?\s)?nhiem ky\s+\d{4}")
# what is planned, asked for or prepared is not a meeting that took place
# ("cần", not "cán bộ", "Ban Cán sự đảng": the same letters once folded)
# "Huyện ủy đã chỉ đạo các xã tổ chức …": a directive to others, not "dự, chỉ đạo và chủ trì", "sự chỉ đạo của";
# "sau khi Huyện ủy tổ chức Hội nghị lần thứ 15 …": an earlier meeting told as the background of another
_MODAL = re.compile(r"(?<![\w])(?:se|du kien|chuan bi|ke hoach|tham muu|de nghi|yeu cau|can(?!\s+(?:bo|su)\b)|phai|nham|"
                    r"tien toi|truoc khi|sau khi|(?<!su )chi dao(?!\s*(?:va|,|cua|truc tiep)(?![\w])))(?![\w])")
# "sẽ", "dự kiến": the future, wherever they stand before the verb
_FUTURE = re.compile(r"(?<![\w])(?:sẽ|dự kiến)(?![\w])", re.I)
# a sentence opened by its basis or purpose ("Thực hiện Kế hoạch số 12-KH/HU …, ", "Nhằm đánh giá …, ",
# "Để chuẩn bị cho Đại hội, ", "Căn cứ …, ", "Theo chỉ đạo của …, "): a preposed adverbial, not the
# clause that reports the meeting
_LEAD_IN = re.compile(r"[\s\-–*•\"“(]*(?:thuc hien|can cu|nham|de|trien khai|chao mung|huong toi|tiep tuc|"
                      r"theo (?:su )?(?:chi dao|tinh than|huong dan|de nghi|yeu cau|chu truong))(?![\w])")
_DATELINE_END = re.compile(r"\s*\)?\s*,")
# a sentence opened by the period it sums up ("Năm qua, ", "Trong năm 2024, ", "Thời gian qua, ", "Trong nhiệm kỳ, ",
# "Từ đầu năm đến nay, ", "6 tháng đầu năm, "): the work of that period, not the report of a meeting
_PERIOD_LEAD = re.compile(r"[\s\-–*•\"“(]*(?:(?:trong\s+)?(?:nam|nhiem ky|thoi gian|(?:\d+|nhung|may)\s+(?:thang|nam))\s+(?:qua|vua qua)|"
                          r"trong\s+(?:nam|nhiem ky|ky)(?:\s+\d{4})?|nam\s+\d{4}|tu dau (?:nam|nhiem ky)(?:\s+(?:den nay|\d{4}))?|"
                          r"(?:\d+|sau)\s+thang\s+(?:dau|cuoi)\s+nam(?:\s+\d{4})?)\s*,")
# "… tiếp tục phiên họp hội nghị …", "… tiếp tục tổ chức hội nghị …": a meeting already reported goes on
_CONTINUES = re.compile(r"(?<![\w])tiep tuc\s+(?:phien\s+|chuong trinh\s+)?$")


def _planned(ctx: Context, s0: int, pos: int, docs: list[DocMention]) -> bool:
    """Whether the clause before a meeting's verb at ``pos`` plans, asks for or prepares it
    ("Ban Thường vụ yêu cầu các huyện ủy tổ chức …", "… sẽ tổ chức …", "ban hành Kế hoạch về tổ
    chức …"). The clause starts after the sentence's last semicolon; what a preposed adverbial
    says ("Thực hiện Kế hoạch số …, sáng 12/3, Đảng ủy xã tổ chức …", "Nhằm …, Huyện ủy tổ chức
    …") is not said of the meeting: the clause reporting it starts after the dateline that ends
    the adverbial, or after the adverbial's first comma outside a document reference. A word
    written with a capital inside the clause is a name ("Cần Thơ"), not a modal. A task given to a
    body ("giao (cho) Ban Tuyên giáo …") is planned too."""
    a = max(s0, ctx.folded.rfind(";", s0, pos) + 1)
    if _FUTURE.search(ctx.text, a, pos):
        return True
    main = a
    for d in ctx.dates_between(a, pos):
        if d.kind in ("full", "day_month", "same_day", "next_day", "prev_day", "weekday"):
            comma = _DATELINE_END.match(ctx.folded, d.end)
            if comma and comma.end() <= pos:
                main = max(main, comma.end())
    if main == a and _LEAD_IN.match(ctx.folded, a):
        cut = next((i for i in range(a, pos) if ctx.folded[i] == "," and not in_chain(i, docs)), None)
        main = cut + 1 if cut is not None else a
    if _ASSIGNS.search(ctx.text, main, pos):
        return True  # "Ban Thường vụ giao Ban Tuyên giáo chủ trì, phối hợp … tổ chức hội nghị …": a task
    for m in _MODAL.finditer(ctx.folded, main, pos):
        if ctx.text[m.start()].isupper() and ctx.folded[main:m.start()].strip(" ,-–\"“("):
            continue  # a name: "Ban Thường vụ Thành ủy Cần Thơ"
        if m.group(0) == "sau khi" and "," in ctx.folded[m.end():pos]:
            continue  # "sau khi nghe …, Ban Tổ chức làm việc với …": the clause after it reports the meeting
        return True
    return False
# "Ban Thường vụ Tỉnh ủy đã họp nghe báo cáo sơ kết …": a meeting named by its body; "… đã họp, thống nhất
# chủ trương …", "… họp, thông qua Kế hoạch …", "… họp, quyết định …", "… họp bầu …": what the sitting decided
# "Ủy ban Kiểm tra Tỉnh ủy họp kỳ thứ 20", "Thường trực Tỉnh ủy họp lần thứ 15": a body's numbered sitting
_MEETS = gate(re.compile(r"(?<![\w])(?:da\s+|vua\s+)?(?:hop\s*,?\s+(?:de\s+)?(?=nghe|cho y kien|thao luan|xem xet|danh gia|ban ve|"
                    r"thong nhat|nhat tri|thong qua|bieu quyet|quyet dinh|kiem diem|bau\b|"
                    r"duoi su chu tri|phien|thuong ky|dinh ky|mo rong|bat thuong|(?:ky|lan) thu\s+\w)|"
                    # "… đã có chuyến thăm và làm việc tại huyện Thiệu Hóa": a visit's working session
                    r"(?P<work>(?:co\s+)?(?:buoi\s+)?lam viec voi|(?:tham va|den)\s+lam viec tai)\s+(?=\S)|"
                    # "Thường trực Tỉnh ủy giao ban với Ban Thường vụ Huyện ủy …", "Thường trực Huyện ủy gặp mặt
                    # các đồng chí nguyên lãnh đạo …": the body right before the verb holds the session
                    r"(?P<brief>giao ban|gap mat|hop mat)\s+(?=\S)|"
                    # "Ban Thường vụ Tỉnh ủy họp bàn / họp khẩn / họp chuyên đề / họp trực tuyến với …": any
                    # sitting of the body right before it, on a day
                    r"(?P<sits>hop)\s+(?!(?:mat|bao cao)\b)(?=\S))"))
# "UBND tỉnh Thái Bình họp …", "HĐND huyện Cẩm Xuyên họp …": a council or people's committee (no Party body)
_STATE = re.compile(r"(?<![\w])(?:thuong truc\s+)?(?:ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan)\s+(?:tinh|thanh pho|huyen|quan|thi xa|xa|phuong)"
                    r"(?P<name>(?:\s+[^\W\d_]+){0,4}?)(?:\s+khoa\s+[ivxl\d]+)?\s*,?\s*(?:(?:da|vua)\s+)?$")


def _state_subject(ctx: Context, s0: int, pos: int) -> str | None:
    """The people's committee or council right before "họp" at ``pos``, as written, its name in capitals."""
    m = _STATE.search(ctx.folded, max(s0, pos - 90), pos)
    if m is None or not ctx.text[m.start()].isupper() or any(not w[0].isupper() for w in ctx.text[m.start("name"):m.end("name")].split()):
        return None
    return ctx.text[m.start():pos].strip(" ,").removesuffix(" đã").removesuffix(" vừa")


# read in the words as written: "để" is not the "đề" of "chuyên đề"
_PURPOSE = re.compile(r"\s*,|\s+(?:để|nhằm|về|với|xem xét|đánh giá|cho ý kiến|thảo luận|bầu)(?![\w])")


def _own_and_purpose(rest: str) -> tuple[str, str]:
    """A session's own words and what it did: "thường kỳ tháng 7 | để đánh giá …", "đầu tiên | , bầu …"."""
    cut = _PURPOSE.search(rest.lower())
    return (rest[:cut.start()], rest[cut.start():]) if cut else (rest, "")


_BRIEF_GAP = re.compile(r"\s*(?:(?:da|vua|to chuc)\s+)*$")


def _brief_by_body(ctx: Context, s0: int, pos: int, whole: bool = False) -> bool:
    """Whether the verb "giao ban", "gặp mặt", "họp mặt" ("họp" when ``whole``) at ``pos`` is written
    in lower case and has a body right before it as its subject (only "đã", "vừa" between)."""
    second = pos if whole else ctx.folded.find(" ", pos) + 1
    if not ctx.text[pos].islower() or not ctx.text[second].islower():
        return False  # "giao Ban Tuyên giáo …": a task given to a body
    gap = _BRIEF_GAP.search(ctx.folded, s0, pos)
    end = gap.start() if gap else pos
    return any(b.end == end for b in ctx.bodies_between(s0, end))


# "Ban Thường vụ Tỉnh ủy thảo luận về …", "Thường trực Tỉnh ủy đã nghe báo cáo …": a collegial body
# deliberating, on a day, under a chair, is one of its meetings ("cho ý kiến chỉ đạo" is a directive)
_DELIBERATES = gate(re.compile(r"(?<![\w])(?:da\s+|vua\s+)?(?P<verb>nghe|thao luan|cho y kien(?!\s+chi dao)|xem xet|"
                               # "Tỉnh ủy X sơ kết công tác quý I …", "Ban Thường vụ quán triệt Nghị quyết …":
                               # any body's review or study, named as the meeting's kind
                               r"(?P<review>so ket|tong ket|quan triet|hoc tap))(?![\w])"))
_DAY_KINDS = ("full", "day_month", "same_day", "next_day", "prev_day", "weekday")
# between a dateline and the body that opens the clause: "Sáng 5/3, ", "Ngày 5/3 (thứ Ba), tại Hội trường …, "
_DATELINE_SUBJECT = re.compile(r"\s*(?:\([^()]{0,20}\))?\s*\)?\s*,\s*(?P<place>tai\s[^,.;]{0,60},\s*)?")
_TIME_OF_DAY = re.compile(r"(?:sang|chieu|toi|trua)\b")
_COLLEGIAL = frozenset({"central_committee", "politburo", "secretariat", "provincial_committee", "district_committee",
                        "party_committee", "standing_committee"})
_CHAIRED = re.compile(r"(?<![\w])chu tri(?!\s*,?\s*phoi hop)(?![\w])")  # not "giao Ban X chủ trì, phối hợp …": a task
# a session of the Politburo or the Secretariat is a "phiên họp", not a "hội nghị"
_SESSION_BODIES = frozenset({"politburo", "secretariat"})
# A title names the meeting the text reports when no introduction comes early.
_TITLE_WINDOW = 600
_ANAPHOR = gate(re.compile(
    r"(?<![\w])(?:(?:du|tai|tham du|toan canh|ket luan|phat bieu tai|bao cao tai|day la)\s+hoi nghi"
    r"(?!\s+(?:tong ket|so ket|giao ban|lan thu|trung uong|toan quoc|nghien cuu|quan triet)\b)|"
    # "Hội nghị do (đồng chí) <post> X chủ trì, diễn ra sáng 27/12", "Hội nghị do <body> tổ chức …": the meeting the
    # title names, by its chair or its organiser
    r"hoi nghi\s+(?:tai diem cau|da|cung|duoc to chuc|dien ra|do\s[^.;:!?\n]{1,160}?\s(?:chu tri|to chuc)(?![\w]))|"
    # "Phát biểu chỉ đạo tại Đại hội, …", "Tại Đại hội, các đại biểu đã bầu …"
    r"(?:tai|du)\s+dai hoi(?=\s*[,.])|dai hoi\s+(?:da|lan nay|khai mac|be mac|dien ra)|"
    # "Sáng 5/3, đồng chí X chủ trì hội nghị.": the meeting the title names, by its chair
    r"chu tri\s+(?:hoi nghi|dai hoi|hoi thao|ky hop)(?=\s*[,.;]|\s+va\s)|"
    # "Mở đầu buổi làm việc, …", "Phát biểu tại buổi gặp mặt, …": the session the title names
    r"(?:tai|du|tham du|mo dau|ket thuc|ket luan)\s+buoi\s+(?:lam viec|gap mat|hop mat))(?![\w])"
))
# "Đoàn kiểm tra của Bộ Chính trị làm việc với Ban Thường vụ Thành ủy …", "Đảng ủy xã … gặp mặt kỷ
# niệm …": a title that names a working session or a gathering by its verb
_TITLE_SESSION = re.compile(r"\s+(?:da\s+|vua\s+)?(?:(?P<work>lam viec voi)|(?P<meet>gap mat|hop mat))\s+(?=\S)")
_TITLE_CUE = re.compile(r"(?<![\w])(?:hoi nghi|hoi thao|toa dam|giao ban|so ket|tong ket|quan triet|trien khai|tap huan)(?![\w])")
_NAME_END = re.compile(
    # a person is never part of a name: "… triển khai kế hoạch này, đồng chí X, <post> phát biểu …"
    r"\.\s|\.$|\n|\s+do\s+(?:dong chi|d/c|ong|ba)\s|"
    # "Hội nghị do Thiếu tướng X, <posts> chủ trì": "do" opens the chair's clause, whoever is named
    r"\s*,?\s+do\s+(?=[^.;:!?\n]{1,160}?\schu (?:tri|toa)(?![\w]))|\s*,\s*(?:do|duoi su chu tri|voi su tham du|co su tham du|"
    r"ket noi|tai|(?:cac\s+)?dong chi|d/c)\s|\s+ket noi\s+(?:toi|den|voi)\s|\s+tai\s+(?:hoi truong|tru so|thu do|nha|diem cau|tinh|thanh pho)\s|"
    r"\s+chu tri\b|\s+nham\s|\s+duoi su chu tri\b|\s+voi su (?:tham gia|tham du|chu tri)\b|"
    # "… tổ chức hội nghị sơ kết … vào ngày 12/3", "… vào sáng 12-3": the day it was held
    r"\s*,?\s+vao\s+(?:(?:sang|chieu|toi|trua)\s+)?(?:ngay\s+)?\d{1,2}\s*[-/.]\s*\d{1,2}(?!\d)|"
    # "… vào tháng 12/2023", "… vào cuối năm": when, not what
    r"\s*,?\s+vao\s+(?:thang|quy|nam|cuoi|dau|giua)\s|"
    r"\s*,?\s+do\s+(?!do\b)(?:[^\s.;]+\s+){1,14}?(?:phoi hop\s+)?to chuc(?![\w])"
)
# "Hội nghị … do Ban Dân vận Huyện ủy tổ chức": the organiser named after the meeting
_BY = re.compile(r"\s*,?\s+do\s+(?!do\b)(?P<who>(?:[^\s.;]+\s+){1,14}?)(?:phoi hop\s+)?to chuc(?![\w])")
_ONLINE = re.compile(r"truc tuyen|diem cau|dau cau")
_PERIOD = re.compile(r"(?:6|sau|9) thang (?:dau|cuoi) nam(?: \d{4})?|quy [ivx]+(?:(?: nam)? \d{4}|[-/]\d{4})?|"
                     r"thang \d{1,2}(?:[/ ]\d{4})?(?: va quy [ivx]+ nam \d{4})?|nam \d{4}")
_FLASHBACK = re.compile(r"\s*(?:truoc do|truoc khi dien ra hoi nghi|truoc hoi nghi nay)\b")


@lru_cache(maxsize=1)
def _post_after_comma() -> re.Pattern[str]:
    """", Ủy viên Trung ương Đảng - Bí thư Tỉnh ủy Lê Đức Thọ …": a person's posts after a comma
    end the meeting's name."""
    heads = sorted({fold(h).lower() for h in reference.title_heads()}, key=len, reverse=True)
    return re.compile(r"\s*,\s+(?:" + "|".join(re.escape(h) for h in heads) + r")(?![\w])")


# "tại" then a place written with a capital (not a meeting or a document it names: "tại Hội nghị
# Trung ương 8", "tại Kết luận số …", "tại Quyết định …", and not "tại Trung tâm …", "tại Hội trường …",
# the hall, which _NAME_END already ends the name at or which names the meeting's kind of venue)
_AT_PLACE = re.compile(r"\s+tại\s+(?!(?:Hội|Đại hội|Kỳ|Phiên|Kết luận|Nghị quyết|Quyết định|Chỉ thị|Quy định|Thông báo|"
                       r"Hướng dẫn|Kế hoạch|Tờ trình|Báo cáo|Điều|Khoản|Mục|Phụ lục|Văn bản|Công văn|Thông tri|Đề án|Chương trình|"
                       r"Quy chế|Thông tư|Nghị định|Luật|Hiến pháp|Điều lệ)\b)(?=[A-ZĐ])")


def _name(ctx: Context, start: int, limit: int) -> tuple[str, int]:
    m = _NAME_END.search(ctx.folded, start, limit)
    end = m.start() if m else limit
    post = _post_after_comma().search(ctx.folded, start, end)
    end = post.start() if post else end
    at = _AT_PLACE.search(ctx.text, start, end)  # "Hội nghị lần thứ 8 tại Hà Nội": where it was held
    end = at.start() if at else end
    name = ctx.text[start:end].strip(" ,;:.|")  # "… |": a caption's separator
    if len(name) > 250:  # a long agenda: keep whole items ("…; phát động thi đua …")
        head = name[:250]
        name = head[:head.rfind(";")] if ";" in head else head.rsplit(" ", 1)[0]
    return name[:1].upper() + name[1:], start + len(name)


# a committee's numbered meeting named by its number alone: "Hội nghị lần thứ 20", "Hội nghị lần thứ 20 (mở rộng)"
_NUMBER_ONLY = re.compile(r"(?:hoi nghi|ky hop)\s+(?:lan\s+)?thu\s+\w+(?:\s*\(mo rong\)|\s+mo rong)?")
# between the committee and its verb: its term, "đã", "vừa"
_SUBJECT_TAIL = re.compile(r"(?:\s*,?\s*khoa\s+[ivxl\d]+)?(?:\s*,?\s*nhiem ky\s+\d{4}\s*-\s*\d{4})?\s*,?\s*(?:(?:da|vua|long trong|chinh thuc)\s+)*$")
_TERM_WORDS = re.compile(r"(?:\s*,?\s*khoa\s+[ivxl\d]+)?(?:\s*,?\s*nhiem ky\s+\d{4}\s*-\s*\d{4})?")
_NUMBERED_BODIES = frozenset({"central_committee", "provincial_committee", "district_committee", "party_committee"})


def _with_committee(ctx: Context, s0: int, verb: int, name: str) -> str:
    """A committee's meeting named by its number alone carries the committee that holds it, as written
    before the verb: "Ban Chấp hành Đảng bộ tỉnh X khóa XIX tổ chức Hội nghị lần thứ 20" is "Hội nghị
    lần thứ 20 Ban Chấp hành Đảng bộ tỉnh X khóa XIX"."""
    if not _NUMBER_ONLY.fullmatch(fold(name).lower()):
        return name
    for b in reversed(ctx.bodies_between(s0, verb)):
        tail = _SUBJECT_TAIL.match(ctx.folded, b.end, verb)
        if tail is not None and tail.end() == verb and b.body.kind.value in _NUMBERED_BODIES:
            term = _TERM_WORDS.match(ctx.folded, b.end, verb)  # matches, maybe empty
            return f"{name} {ctx.text[b.start:term.end() if term else b.end].rstrip(' ,')}"
    return name


def _organised_by(ctx: Context, name_end: int, docs: list[DocMention]) -> tuple[BodyFact, ...]:
    """The bodies of "… do <body> tổ chức" right after a meeting's name."""
    m = _BY.match(ctx.folded, name_end)
    return organizers_in(ctx, m.start("who"), m.end("who"), []) if m else ()  # said outright, even after a reference


def _from_title(ctx: Context, docs: list[DocMention]) -> MeetingMention | None:
    title = ctx.title or ""
    ft = fold(title)
    congress = ft.startswith("dai hoi") and _CONGRESS_NAME.match(ft) is not None  # "Đại hội đại biểu Đảng bộ …"
    session = _TITLE_SESSION.search(ft)
    if not title or not (_TITLE_CUE.search(ft) or congress or session):
        return None
    pos = ft.find("hoi nghi")
    if congress:
        name = title
    elif session and (pos < 0 or pos > session.start()):
        rest = title[session.end():]
        name = (f"Buổi làm việc của {title[:session.start()]} với {rest}" if session["work"]
                else f"Buổi gặp mặt {rest}")
    elif pos >= 0:
        name = title[pos:]
        cut = _NAME_END.search(fold(name))  # a headline that goes on past the name ("Hội nghị do X chủ trì, diễn ra …")
        name = name[:cut.start()] if cut else name
    elif _TITLE_CUE.match(ft):
        name = "Hội nghị " + title[:1].lower() + title[1:]
    else:
        name = "Hội nghị " + title
    in_text = ctx.text.find(title[:60]) if title else -1
    start, end = (in_text, in_text + len(title)) if in_text >= 0 else (0, 0)
    subject_end = session.start() if session else ft.find(" to chuc ") if " to chuc " in ft else len(title)
    organizers = organizers_in(ctx, start, start + max(0, subject_end), docs) if in_text >= 0 else ()
    when = None
    for s0, s1 in ctx.sentences:
        fs = ctx.folded[s0:s1]
        if not (_TITLE_CUE.search(fs) or "hoi nghi" in fs or congress and "dai hoi" in fs):
            continue  # "Sáng 5/3, Đại hội khai mạc …" dates the congress a title names
        issuing = fs.find("ban hanh")
        when = meeting_date(ctx, s0 + issuing + 8 if issuing >= 0 else s0, s1, docs, None, day_bounds(ctx))
        if when:
            break
    return MeetingMention(start, end, name.rstrip(" ."), meeting_kind(fold(name)), 0, date=when,
                          organizers=organizers, from_title=True, via="title")


_OF_A_DOCUMENT = re.compile(r"(?:ket luan|nghi quyet|thong bao|thong cao|bao cao|chuong trinh|ke hoach|chi thi|quy dinh|"
                            r"huong dan|van kien|tai lieu|de cuong)\s*$")


def _title_completes(ctx: Context, meetings: list[MeetingMention]) -> None:
    """The title's meeting name completes the name of the first meeting when it begins the same
    way: "… xã tham dự Hội nghị trực tuyến toàn tỉnh do … tổ chức nhằm …" under the title
    "… Hội nghị trực tuyến toàn tỉnh đánh giá tình hình …"."""
    title = " ".join((ctx.title or "").split())
    pos = fold(title).find("hoi nghi")
    if not meetings or pos < 0 or meetings[0].from_title or _OF_A_DOCUMENT.search(fold(title), 0, pos):
        return  # "Kết luận Hội nghị lần thứ bảy … về …": the title of a document the meeting adopted
    named = title[pos:].rstrip(" .")
    first = meetings[0]
    if len(named) > len(first.name) and fold(named).startswith(fold(first.name).rstrip(" ,")) \
            and len(first.name.split()) >= 3:
        first.name = named[:1].upper() + named[1:]


# an aside on another meeting of the same day, told in its own paragraph ("Cũng trong ngày 4/7, tại Hà Nội, Ủy ban
# Kiểm tra Trung ương tổ chức …", "Cùng ngày, …")
_ASIDE = re.compile(r"\s*(?:cung trong ngay|cung ngay)\b")


def _named_again(ctx: Context, persons: list[PersonMention], prev: MeetingMention, mt: MeetingMention, para_end: int) -> bool:
    """Whether the paragraph after an aside names again someone the report before it named (and the aside did not):
    "Phát biểu kết luận, đồng chí <the first meeting's chair> …" resumes the first report."""
    nxt = para_end + 1
    while nxt < len(ctx.text) and ctx.text[nxt] in " \t\r\n":
        nxt += 1
    stop = ctx.text.find("\n", nxt)
    stop = min(mt.segment_end, len(ctx.text) if stop < 0 else stop)
    key = {fold(p.name) for p in persons if prev.anchor <= p.start < mt.anchor}
    aside = {fold(p.name) for p in persons if mt.anchor <= p.start < para_end}
    return any(fold(p.name) in key - aside for p in persons if nxt <= p.start < stop)


def _flashbacks(ctx: Context, meetings: list[MeetingMention], persons: list[PersonMention]) -> None:
    """"Trước đó, chiều 30/6, Tỉnh ủy đã tổ chức hội nghị …": an earlier meeting told in one
    paragraph; the report of the meeting before it resumes after that paragraph. So does an aside on a meeting of
    the same day ("Cũng trong ngày …, <body> tổ chức …") when the paragraph after it names again someone of
    the report before it. So is a plenum
    held before the meeting reported ("Hội nghị Trung ương 10 diễn ra từ ngày 18 đến 20/9/2024" in
    the report of a provincial meeting of November): the background of what the meeting studied."""
    for prev, mt in itertools.pairwise(meetings):
        earlier_plenum = (mt.kind is MeetingKind.PLENUM and prev.kind is not MeetingKind.PLENUM
                          and prev.date is not None and mt.date is not None and mt.date < prev.date)
        aside = _ASIDE.match(ctx.folded, mt.anchor) is not None
        if not (_FLASHBACK.match(ctx.folded, mt.anchor) or earlier_plenum or aside):
            continue
        para_end = ctx.text.find("\n", mt.anchor)
        if para_end < 0 or para_end >= mt.segment_end or aside and not _named_again(ctx, persons, prev, mt, para_end):
            continue
        prev.resumes = (para_end, mt.segment_end)
        mt.segment_end = para_end


# a line that links to another article: "Xem thêm: …", "Tin liên quan: …", ">> Đọc thêm …"
_RELATED_LINE = re.compile(r"[\s>»*•\-]*(?:xem them|doc them|tin lien quan|bai lien quan|tin cung chuyen muc)\s*[:>»]")


def _related_line(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` is on a line that links to another article ("Xem thêm: Sáng 2/3, Huyện ủy X tổ chức …")."""
    return _RELATED_LINE.match(ctx.folded, ctx.text.rfind("\n", 0, pos) + 1) is not None


def find_meetings(ctx: Context, docs: list[DocMention], persons: list[PersonMention]) -> list[MeetingMention]:
    """Meetings reported by the text, each with its segment, date, organisers and chair."""
    meetings: list[MeetingMention] = []
    previous: date | None = None
    bounds = day_bounds(ctx)
    for m in ctx.triggers.finditer(_INTRO):
        if in_chain(m.start(), docs):
            continue
        if ctx.text[m.start()].isupper() and ctx.folded[max(0, m.start() - 4):m.start()] == "ban ":
            continue  # "Ban Tổ chức Hội nghị": the organising committee, not the verb
        if m["noun"] == "dai hoi" and not _congress_named(ctx, m.start("noun")):
            continue
        s0, s1 = ctx.sentences.at(m.start())
        if _planned(ctx, s0, m.start(), docs):
            continue
        name, name_end = _name(ctx, m.start("noun"), s1)
        name = _with_committee(ctx, s0, m.start(), name)
        when = meeting_date(ctx, s0, s1, docs, previous, bounds)
        if m["manner"] and when is None:
            continue  # "Tổ chức thành công Lễ trao giải …" in a list of past work: no day, no report
        if when is None and _PERIOD_LEAD.match(ctx.folded, s0):
            continue  # "Năm qua, Tỉnh ủy đã tổ chức Hội nghị A (tháng 6), Hội nghị B …": a summary of past work
        if (when is None and ctx.folded.startswith("to chuc", m.start()) and ctx.text[m.start()].isupper()
                and m.start() >= ctx.headline_end() and _TASK_ITEM.fullmatch(ctx.folded, s0, m.start())):
            continue  # "2. Tổ chức hội nghị quán triệt … trong quý I": a plan's task, no subject and no day
        previous = when or previous
        meetings.append(MeetingMention(
            m.start("noun"), name_end, name, meeting_kind(fold(name)), s0, date=when,
            organizers=_organised_by(ctx, name_end, docs) or organizers_in(ctx, s0, m.start(), docs),
            online=bool(_ONLINE.search(ctx.folded, s0, s1)),
            location=location(ctx, s0, m.start()), via="manner" if m["manner"] else "intro",
            continues=_CONTINUES.search(ctx.folded, s0, m.start()) is not None,
        ))
    for m in ctx.triggers.finditer(_MEETS):
        s0, s1 = ctx.sentences.at(m.start())
        organizers = organizers_in(ctx, s0, m.start(), docs, subject=False)
        # "Tổng Bí thư X làm việc với …": a person's posts are not the organiser
        # … and the bodies of a person's posts ("đồng chí X, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy đã …")
        in_posts = [(q.start, q.end) for p in persons if s0 <= p.start < m.start() for q in p.posts]
        last_body = max((b.end for b in ctx.bodies_between(s0, m.start())
                         if not any(a <= b.start < e for a, e in in_posts)), default=s0)
        leader = [p for p in persons if last_body <= p.start < m.start()]
        if m["work"] and _CHAIR_INTRO.search(ctx.folded, s0, s1):
            continue  # "… chủ trì buổi làm việc với …": the chair's verb reports it
        if m["sits"] and (ctx.text[m.start("sits"):m.end("sits")] != "họp"
                          or not _brief_by_body(ctx, s0, m.start("sits"), whole=True)):
            continue  # "hợp nhất" (the same letters folded), "… Họp …" in a heading: not the body's sitting
        if m["brief"] and not _brief_by_body(ctx, s0, m.start("brief")):
            continue  # "Ban Thường vụ giao Ban Tuyên giáo …": a task; "… tổ chức buổi gặp mặt": the noun
        state = None
        if m["work"] and leader:  # "Đoàn công tác của Tỉnh ủy do đồng chí X … làm việc với …": the delegation's body
            organizers = delegation(ctx, s0, m.start(), persons, docs)[1]
        elif not organizers:
            state = _state_subject(ctx, s0, m.start())
            if state is None or m["work"] or m["brief"]:
                continue
        if _planned(ctx, s0, m.start(), docs) or any(mt.anchor == s0 for mt in meetings):
            continue
        rest, name_end = _name(ctx, m.end(), s1)
        when = meeting_date(ctx, s0, s1, docs, _day_before(meetings, s0), bounds)
        if m["work"]:  # "Bộ Chính trị làm việc với Ban Thường vụ Tỉnh ủy …": a working session, on its day
            if when is None:
                continue
            prep = "tại" if m["work"].endswith("tai") else "với"  # "thăm và làm việc tại huyện …"
            rest = rest if prep == "với" else rest[:1].lower() + rest[1:]
            name = f"Buổi làm việc của {organizers[-1].name} {prep} {rest}" if organizers else f"Buổi làm việc {prep} {rest}"
        elif m["sits"]:  # "… họp khẩn về …": the body's sitting, on its day
            if when is None:
                continue
            own, purpose = _own_and_purpose(rest)
            name = f"Cuộc họp {own[:1].lower() + own[1:]} của {organizers[-1].name}{purpose}".replace("  ", " ")
        elif m["brief"]:  # a briefing or a gathering the body held, on its day
            if when is None:
                continue
            name = (f"Buổi giao ban của {organizers[-1].name} {rest[:1].lower() + rest[1:]}" if m["brief"] == "giao ban"
                    else f"Buổi gặp mặt {rest[:1].lower() + rest[1:]}")
        elif state is not None:  # "UBND tỉnh Thái Bình họp phiên thường kỳ tháng 7": a council's session
            frest = fold(rest)
            head = "Kỳ họp" if frest.startswith("ky ") else "Phiên họp"
            rest = rest[4:] if frest.startswith("ky ") else rest[6:] if frest.startswith("phien ") else rest
            own, purpose = _own_and_purpose(rest)
            name = f"{head} {own} của {state}{purpose}".replace("  ", " ")
        elif fold(rest).startswith("ky thu "):  # "… họp kỳ thứ 40": the body's numbered sitting
            name = f"Kỳ họp {rest[3:]} của {organizers[-1].name}"
        elif fold(rest).startswith("phien "):  # "… họp phiên thường kỳ tháng 8": the body's session
            own, purpose = _own_and_purpose(rest[6:])
            name = f"Phiên họp {own} của {organizers[-1].name}{purpose}"
        elif organizers[-1].kind.value in _SESSION_BODIES:
            name = f"Phiên họp {organizers[-1].name} {rest[:1].lower() + rest[1:]}".strip()
        else:
            name = f"Hội nghị {organizers[-1].name} {rest[:1].lower() + rest[1:]}"
        meetings.append(MeetingMention(
            m.end(), name_end, name, meeting_kind(fold(name)), s0,
            date=when, organizers=organizers, online=bool(_ONLINE.search(ctx.folded, s0, s1)), via="meets",
        ))
    _deliberations(ctx, docs, bounds, meetings)
    _named_meetings(ctx, docs, bounds, meetings)
    english_meetings(ctx, docs, bounds, meetings)
    meetings = [mt for mt in meetings if not _related_line(ctx, mt.anchor)]
    meetings.sort(key=lambda mt: mt.anchor)
    if meetings:
        first_intro = meetings[0].anchor
        use_title = first_intro > _TITLE_WINDOW and ctx.triggers.search(_ANAPHOR, 0, first_intro) is not None
    else:
        use_title = ctx.triggers.search(_ANAPHOR) is not None
    if use_title:
        titled = _from_title(ctx, docs)
        if titled is not None:
            meetings.insert(0, titled)
    _dated_by_anaphor(ctx, meetings, docs, bounds)
    meetings = _merge_repeats(meetings, ctx.headline_end() or _opening_heading(ctx))
    meetings = _without_bare(meetings)
    meetings = _without_continued(meetings)
    meetings = _with_preparatory(meetings)
    meetings = _congress_days(meetings)
    _title_completes(ctx, meetings)
    for i, mt in enumerate(meetings):  # meetings named in one sentence share its report
        mt.segment_end = next((x.anchor for x in meetings[i + 1:] if x.anchor > mt.anchor), len(ctx.text))
    _flashbacks(ctx, meetings, persons)
    for mt in meetings:
        if not mt.organizers and mt.end > mt.start and mt.via != "meets":
            mt.organizers = _named_organizer(ctx, mt, docs) or _organised_later(ctx, mt)
        mt.year = mt.date.year if mt.date else None
        fname = fold(mt.name)
        period = _PERIOD.search(fname)
        mt.period = mt.name[period.start():period.end()] if period else None
        mt.online = mt.online or bool(_ONLINE.search(fname)) or _said_online(ctx, mt)
        mt.chair, mt.chair_rule, via = chair_of(ctx, (mt.anchor, mt.segment_end), persons, lead=mt is meetings[0])
        if mt.chair is None and mt.resumes is not None:  # the report goes on after a flashback
            mt.chair, mt.chair_rule, via = chair_of(ctx, mt.resumes, persons)
        if mt.chair is None and mt is meetings[0]:  # "Bí thư Tỉnh ủy X chủ trì hội nghị …" in a title the text leaves out
            mt.chair = _title_chair(ctx, persons)
            mt.chair_rule, via = ("chair", "title") if mt.chair else (mt.chair_rule, via)
        mt.chair_via = via or mt.chair_via
        if mt.chair is None and mt.kind is MeetingKind.WORKING_SESSION:  # the head of the visiting delegation
            mt.chair = delegation(ctx, mt.anchor, ctx.sentences.at(mt.anchor)[1], persons, docs)[0]
            mt.chair_rule, mt.chair_via = ("chair", "delegation") if mt.chair else ("", "")
        if mt.chair is None and mt.kind is MeetingKind.WORKING_SESSION and mt.via == "meets":
            mt.chair = _visitor(ctx, mt, persons)  # "Sáng 15/3, đồng chí X, <posts> đã làm việc với …"
            mt.chair_rule, mt.chair_via = ("chair", "visitor") if mt.chair else ("", "")
        if mt.chair is not None and mt.chair_rule == "chair":
            mt.co_chairs = co_chairs(ctx, mt.chair, (mt.anchor, mt.segment_end), persons)
        mt.participants, mt.participant_bodies = attendance(ctx, (mt.anchor, mt.segment_end), mt.chair, persons, docs)
    return meetings


# the meeting's noun alone as the subject of its being held: "Sáng 5/3, Đại hội khai mạc …"
_BARE_HELD = re.compile(r"(?<![\w])(?P<noun>hoi nghi|dai hoi|ky hop|hoi thao|toa dam)\s+(?:(?:da|duoc|chinh thuc|long trong|trong the)\s+)*"
                        r"(?:khai mac|dien ra|be mac|ket thuc|duoc to chuc)(?![\w])")


_TITLE_CHAIR = re.compile(r"(?<![\w])(?:dong\s+)?chu tri(?![\w])")


def _title_chair(ctx: Context, persons: list[PersonMention]) -> PersonMention | None:
    """The chair a title names before "chủ trì" ("Bí thư Tỉnh ủy Trần Tuệ Hiền chủ trì hội nghị giao ban")
    when the text does not repeat the title: the person of the text with that name."""
    title = ctx.title or ""
    if not title or ctx.headline_end() > 0:
        return None  # a title the text repeats was read with the text
    cue = _TITLE_CHAIR.search(fold(title).lower())
    if cue is None:
        return None
    before = fold(title[:cue.start()]).lower()
    named = [p for p in persons if fold(p.name).lower() in before]
    return named[-1] if named else None


def _dated_by_anaphor(ctx: Context, meetings: list[MeetingMention], docs: list[DocMention], bounds: Bounds) -> None:
    """A meeting the headline names without its day ("Khai mạc Đại hội đại biểu Đảng bộ huyện X lần
    thứ XIII") takes the day of the lead's sentence that says the meeting, by its noun alone, was held
    ("Sáng 5/3, Đại hội khai mạc với …")."""
    end = ctx.headline_end()
    for mt in meetings:
        if mt.date is not None or mt.anchor >= end:
            continue
        noun = " ".join(fold(mt.name).lower().split()[:2])
        for m in _BARE_HELD.finditer(ctx.folded, end):
            if not _in_lead(ctx, m.start()):
                break
            s0, s1 = ctx.sentences.at(m.start())
            if m["noun"] == noun and _clause_start(ctx, s0, m.start()):  # "Sáng 5/3, Đại hội …", not "… cho biết đại hội …"
                mt.date = meeting_date(ctx, s0, s1, docs, None, bounds)
                break


def _deliberations(ctx: Context, docs: list[DocMention], bounds: Bounds, meetings: list[MeetingMention]) -> None:
    """Meetings reported by a collegial body's deliberation: the body right before "nghe", "thảo
    luận", "cho ý kiến", "xem xét" ("Chiều 20/5, dưới sự chủ trì của đồng chí X, Ban Thường vụ
    Tỉnh ủy thảo luận về …"), or any body's review or study ("Ngày 12/3, Tỉnh ủy X sơ kết công tác
    quý I …", "… quán triệt Nghị quyết …"), with a day in the sentence and a chair named in it or the next;
    a review or study that opens the clause after its dateline ("Sáng 5/3, Tỉnh ủy X quán triệt …") needs no chair."""
    for m in ctx.triggers.finditer(_DELIBERATES):
        s0, s1 = ctx.sentences.at(m.start())
        if any(mt.anchor == s0 for mt in meetings) or in_chain(m.start(), docs):
            continue  # "… tổ chức hội nghị để thảo luận …": reported already
        subject = next((b for b in ctx.bodies_between(s0, m.start()) if not ctx.folded[b.end:m.start()].strip()), None)
        if subject is None or not (m["review"] or subject.body.kind.value in _COLLEGIAL
                                   or fold(subject.body.name).startswith("uy ban kiem tra")):
            continue
        if m["review"] and not ctx.text[m.start("review")].islower():
            continue  # "… Tỉnh ủy Sơ kết …" in a heading
        if m["verb"] == "nghe" and ctx.text[m.start("verb"):m.end("verb")] != "nghe":
            continue  # "… Đảng bộ tỉnh Nghệ An": the same letters folded, a place
        if _planned(ctx, s0, subject.start, docs):
            continue
        after = len(ctx.text) - len(ctx.text[s1:].lstrip(" .\n"))
        nxt = ctx.sentences.at(after)[1] if after < len(ctx.text) else s1
        when = meeting_date(ctx, s0, s1, docs, _day_before(meetings, s0), bounds)
        # "Sáng 5/3, Tỉnh ủy X quán triệt Nghị quyết …", "Ngày 4/7, tại Hội trường …, Ủy ban Kiểm tra sơ kết …":
        # a review or study opening the clause after a dateline that says when or where it was held (a time of
        # day, a place) is a meeting that day, chaired or not ("Ngày 12/3, Tỉnh ủy sơ kết … bằng văn bản" is not)
        datelined = m["review"] is not None and any(
            d.kind in _DAY_KINDS and (lead := _DATELINE_SUBJECT.fullmatch(ctx.folded, d.end, subject.start)) is not None
            and (_TIME_OF_DAY.match(d.cue) is not None or lead["place"] is not None)
            for d in ctx.dates_between(s0, subject.start))
        if when is None or not (datelined or _CHAIRED.search(ctx.folded, s0, nxt)) or any(mt.date == when for mt in meetings):
            continue  # "Sáng 5/3, … tổ chức hội nghị … Cùng ngày, Ban Thường vụ đã nghe …": that meeting's business
        rest, name_end = _name(ctx, m.start("verb"), s1)
        body = standing_of(ctx, subject)  # "Thường trực Huyện ủy … đã nghe báo cáo …"
        head = "Phiên họp" if body.kind.value in _SESSION_BODIES else "Hội nghị"
        name = f"Hội nghị {rest[:1].lower() + rest[1:]}" if m["review"] else f"{head} {body.name} {rest[:1].lower() + rest[1:]}"
        meetings.append(MeetingMention(
            m.start("verb"), name_end, name, meeting_kind(fold(name)) if m["review"] else MeetingKind.CONFERENCE,
            s0, date=when, organizers=(body,), online=bool(_ONLINE.search(ctx.folded, s0, s1)), via="deliberates",
        ))


# "Hội nghị … lần thứ 8", "Kỳ họp thứ 20": the number of a body's meeting or a council's session
_ORDINAL = re.compile(r"(?<![\w])(lan|ky hop) thu\s+(\w+)")


def _same_meeting(a: MeetingMention, b: MeetingMention) -> bool:
    """Two reports of one meeting: the same day, and the same ordinal ("Hội nghị Tỉnh ủy lần thứ 8"
    and "Hội nghị lần thứ tám, khóa XI") or nearly the same name."""
    if a.date is None or a.date != b.date or a.from_title or b.from_title:
        return False
    return _same_name(a, b)


def _same_name(a: MeetingMention, b: MeetingMention) -> bool:
    na, nb = fold(a.name), fold(b.name)
    oa, ob = _ORDINAL.search(na), _ORDINAL.search(nb)
    if oa and ob and oa.group(1) == ob.group(1):  # "lần thứ 8" and "lần thứ tám", or the same words ("lần thứ XIII" twice)
        return oa.group(2) == ob.group(2) or ordinal(oa.group(2)) is not None and ordinal(oa.group(2)) == ordinal(ob.group(2))
    wa, wb = set(na.split()), set(nb.split())
    return len(wa & wb) >= 0.8 * min(len(wa), len(wb))


def _same_organizers(a: MeetingMention, b: MeetingMention) -> bool:
    """Whether two meetings name the same organisers: the headline "Ban Chấp hành Đảng bộ tỉnh họp
    phiên bất thường" is the report's "Chiều 26/2, Ban Chấp hành Đảng bộ tỉnh … tổ chức hội nghị
    lần thứ 25 …" that follows it."""
    return bool(a.organizers) and {o.id for o in a.organizers} == {o.id for o in b.organizers}


def _opening_heading(ctx: Context) -> int:
    """Where the text's opening line ends when it reads as a heading though it is not the source's title
    (an article's own headline over a page titled otherwise: "Đảng ủy xã X tổ chức Hội nghị Ban Chấp hành
    lần thứ hai" over "Ngày 1/9/2025, Ban Chấp hành Đảng bộ xã X … tổ chức hội nghị lần thứ hai …"): a
    short line with no stop at its end, a blank line after it; 0 when there is none."""
    end = ctx.text.find("\n")
    line = ctx.text[:end].strip() if end > 0 else ""
    if not line or len(line) > 250 or line[-1] in ".:;!?" or not ctx.text.startswith("\n", end + 1) \
            and not ctx.text.startswith("\r\n", end + 1):
        return 0
    return end


def _merge_repeats(meetings: list[MeetingMention], headline_end: int) -> list[MeetingMention]:
    """A meeting the text introduces twice ("… đã tổ chức Hội nghị Tỉnh ủy lần thứ 8 …" and, in the
    speech, "hôm nay, Ban Chấp hành Đảng bộ tỉnh khai mạc Hội nghị lần thứ tám …") is one: the
    later introduction joins the report of the earlier when nothing stands between them. A
    headline that announces the meeting ("Huyện ủy X tổ chức Hội nghị quán triệt …", undated)
    gives way to the report's own introduction of it, with its day: the one of the same name, or
    the first of the report when both name the same organisers."""
    out: list[MeetingMention] = []
    for mt in meetings:
        if out and out[-1].anchor != mt.anchor and _same_meeting(out[-1], mt):
            if out[-1].anchor < headline_end <= mt.anchor and out[-1].via == "meets":
                out[-1] = mt  # "Thành ủy X giao ban công tác …" over the report's "… tổ chức hội nghị giao ban …"
            continue
        if (out and out[-1].anchor < headline_end <= mt.anchor and out[-1].date is None and mt.date is not None
                and (_same_name(out[-1], mt) or _same_organizers(out[-1], mt))):
            out[-1] = mt
            continue
        out.append(mt)
    return out


def _without_bare(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """A meeting reported without a name or a day ("Thành ủy tổ chức hội nghị với sự tham gia của
    nhiều đại biểu", a headline's "… tổ chức hội nghị") is the one the text reports with its day:
    it goes when another meeting has a day."""
    if not any(mt.date for mt in meetings):
        return meetings
    return [mt for mt in meetings if mt.date is not None or _proper(mt.name)]


def _without_continued(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """A meeting that goes on ("Chiều 5/4, Ban Chấp hành Đảng bộ tỉnh tiếp tục phiên họp hội nghị
    …") is the one its body held that day or the day before, reported elsewhere in the text."""
    def earlier(mt: MeetingMention) -> bool:
        return any(o is not mt and not o.continues and o.date and mt.date and o.organizers == mt.organizers
                   and o.date in (mt.date, mt.date - timedelta(days=1)) for o in meetings)
    return [mt for mt in meetings if not (mt.continues and earlier(mt))]


# "Phiên họp thường kỳ tháng 3 của Ban Thường vụ Tỉnh ủy", "Hội nghị lần thứ 5 của Ban Chấp hành …": a
# session "của" its body, only qualifiers of the session (or a review of its work) between (not
# "Hội nghị quán triệt chỉ đạo của …", "Hội nghị sơ kết công tác thực hiện chỉ đạo của Ban Bí thư")
_SESSION_OF = re.compile(r"(?:phien hop|hoi nghi|ky hop|cuoc hop|buoi hop)"
                         # … or a review of the body's work: "Hội nghị sơ kết công tác quý I của Ban Thường vụ …"
                         r"(?:\s+(?:so ket|tong ket|giao ban)\s+cong tac(?:\s+(?!cua\b|chi dao|nghi quyet|ket luan|chi thi|"
                         r"quy dinh|ke hoach|huong dan)[^\s,;.()]+){0,6}?)?"
                         r"(?:\s+(?:thuong ky|dinh ky|thuong le|mo rong|bat thuong|"
                         r"chuyen de|dau tien|(?:lan\s+)?thu\s+\w+|thang\s+\d{1,2}(?:\s*[-/]\s*\d{4})?|"
                         r"quy\s+[ivx]+(?:\s*[-/]\s*\d{4})?|nam\s+\d{4}|\(mo rong\)))*\s*,?\s+cua\s+")
_PREPARATORY = re.compile(r"phien tru bi\s+(?=dai hoi\b)")


def _with_preparatory(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """A congress opens with its preparatory session: "Chiều 25/9, … tiến hành phiên trù bị Đại hội
    đại biểu Đảng bộ tỉnh lần thứ XX …" and "Sáng 26/9, Đại hội … lần thứ XX … khai mạc" are one
    congress, from the session's day. The first report of the two stays, named as the congress."""
    out = list(meetings)
    for prep in meetings:
        m = _PREPARATORY.match(fold(prep.name))
        if m is None or prep.date is None or prep not in out:
            continue
        congress = MeetingMention(prep.start + m.end(), prep.end, prep.name[m.end():], MeetingKind.CONGRESS, prep.anchor)
        other = next((mt for mt in out if mt is not prep and mt.kind is MeetingKind.CONGRESS and mt.date
                      and timedelta(0) <= mt.date - prep.date <= timedelta(days=3) and _same_name(congress, mt)), None)
        if other is None:
            continue
        first, second = (prep, other) if prep.anchor <= other.anchor else (other, prep)
        if first is prep:
            prep.start, prep.name = congress.start, other.name if len(other.name) > len(congress.name) else congress.name
        first.date = prep.date
        first.organizers = first.organizers or second.organizers
        out.remove(second)
    return out


# "Hội nghị được tổ chức theo hình thức trực tiếp kết hợp trực tuyến đến 13 điểm cầu", "Tại điểm cầu
# huyện …": the report says, after its introduction, that the meeting was held online
_SAID_ONLINE = re.compile(r"[\s\-–•*\"“]*(?:(?:hoi nghi|dai hoi|phien hop|buoi lam viec)\s+(?:(?:duoc|da|cung|con|se)\s+)*"
                          r"(?:to chuc|ket noi|dien ra|truyen hinh|phat)[^.;\n]{0,80}?(?:truc tuyen|diem cau)|"
                          r"(?:tham du hoi nghi\s+)?tai\s+(?:cac\s+)?diem cau)(?![\w])")


def _said_online(ctx: Context, mt: MeetingMention) -> bool:
    """Whether a sentence of the meeting's report, opened by its noun or by "Tại điểm cầu", says it was online."""
    sents = ctx.sentences
    for i in range(sents.index(mt.anchor) + 1, len(sents)):
        s0, s1 = sents.starts[i], sents.ends[i]
        if s0 >= mt.segment_end:
            break
        if _SAID_ONLINE.match(ctx.folded, s0, min(s1, mt.segment_end)):
            return True
    return False


_CONGRESS_WORDS = re.compile(r"[^\W_]+")


def _one_congress(a: MeetingMention, b: MeetingMention) -> bool:
    """Whether two congresses reported on days at most three apart are one: the same ordinal, and
    the words of the shorter name all in the longer ("Đại hội Đảng bộ phường X lần thứ I" and
    "Đại hội Đại biểu Đảng bộ phường X lần thứ I, nhiệm kỳ …"), not another unit's ("… phường Y lần thứ I")."""
    if a.kind is not MeetingKind.CONGRESS or b.kind is not MeetingKind.CONGRESS or not a.date or not b.date \
            or abs((a.date - b.date).days) > 3 or a.from_title or b.from_title:
        return False
    na, nb = fold(a.name).lower(), fold(b.name).lower()
    oa, ob = _ORDINAL.search(na), _ORDINAL.search(nb)
    if not (oa and ob and (oa.group(2) == ob.group(2) or ordinal(oa.group(2)) is not None
                           and ordinal(oa.group(2)) == ordinal(ob.group(2)))):
        return False
    wa, wb = set(_CONGRESS_WORDS.findall(na)), set(_CONGRESS_WORDS.findall(nb))
    short, long = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    return short <= long | {"dai", "bieu"}


def _congress_days(meetings: list[MeetingMention]) -> list[MeetingMention]:
    """A congress reported on each of its days ("Ngày 22/8, Đại hội … đã tiến hành phiên trù bị",
    "Sáng 23/8, Đại hội … chính thức khai mạc") is one, from its first day; the first report stays."""
    out: list[MeetingMention] = []
    for mt in meetings:
        first = next((o for o in out if _one_congress(o, mt)), None)
        if first is None:
            out.append(mt)
            continue
        first.date = min(first.date, mt.date) if first.date and mt.date else first.date or mt.date
        first.organizers = first.organizers or mt.organizers
    return out


_NATIONAL = re.compile(r"(?<![\w])(?:toan quoc|cua dang\s*$)")
_COUNTERPART = re.compile(r"(?<![\w])(?:voi|cua|tai|cho|ve|theo)(?![\w])")


def _named_organizer(ctx: Context, mt: MeetingMention, docs: list[DocMention]) -> tuple[BodyFact, ...]:
    """The body a meeting's name gives as its own ("Hội nghị lần thứ 25 Ban Chấp hành Đảng bộ tỉnh",
    "Hội nghị Ban Thường vụ Tỉnh ủy", "Đại hội đại biểu Đảng bộ tỉnh Gia Lai"), not the other party
    of a working session ("Buổi làm việc với Ban Thường vụ Thành ủy …") nor a body after "của", "tại"."""
    for b in ctx.bodies_between(mt.start, mt.end):
        if b.end <= mt.end and not in_chain(b.start, docs) \
                and (not _COUNTERPART.search(ctx.folded, mt.start, b.start)
                     or _SESSION_OF.fullmatch(ctx.folded, mt.start, b.start)):
            return (b.body,)
    if mt.kind is MeetingKind.CONGRESS and _NATIONAL.search(fold(mt.name)):
        cc = central_body("Ban Chấp hành Trung ương")  # the national congress is convened by the Central Committee
        return (cc,) if cc else ()
    return ()


# a later sentence of the report that names the organiser: "Hội nghị (này) do Ban Thường vụ Tỉnh ủy tổ chức."
_LATER_BY = re.compile(r"(?<![\w])(?:hoi nghi|dai hoi|hoi thao|toa dam|phien hop|ky hop|cuoc hop)\s+(?:nay\s+)?(?:duoc\s+)?do\s+"
                       r"(?!(?:dong chi|d/c|ong|ba)\b)(?P<who>(?:[^\s.;]+\s+){1,14}?)(?:phoi hop\s+)?to chuc(?![\w])")


def _organised_later(ctx: Context, mt: MeetingMention) -> tuple[BodyFact, ...]:
    """The organiser a later sentence of the meeting's report names, opening with the meeting's noun
    ("Hội nghị do Ban Thường vụ Tỉnh ủy Phú Thọ tổ chức.")."""
    pos = ctx.sentences.at(mt.anchor)[1]
    for m in _LATER_BY.finditer(ctx.folded, pos, mt.segment_end):
        if ctx.sentences.at(m.start())[0] == m.start() and ctx.text[m.start()].isupper():
            return organizers_in(ctx, m.start("who"), m.end("who"), [])
    return ()


def _reported(meetings: list[MeetingMention], s0: int, name: str, when: date) -> bool:
    """Whether another clause of the sentence reports the meeting, or the name is one already
    reported on that day. A meeting reported without its day (a headline: "Khai mạc Đại hội
    …") takes the day the later report gives it."""
    words = set(fold(name).split())
    for mt in meetings:
        if mt.anchor == s0 and mt.via != "chair_verb":
            return True
        known = set(fold(mt.name).split())
        if (mt.date is None or mt.date == when) and words and len(words & known) >= 0.8 * len(words):
            mt.date = mt.date or when
            return True
    return False


def _proper(name: str) -> bool:
    """A meeting's own name, not an anaphor ("Hội nghị", "hội nghị lần này", "hội nghị trên") nor the
    noun before what else someone did ("chủ trì hội nghị và phát biểu chỉ đạo")."""
    rest = " ".join(fold(name).split()[2:])
    return len(rest.split()) >= 2 and not re.match(r"(?:nay|lan nay|tren|do|tai|nhu tren|va|cung|voi)\b", rest)


def _clause_start(ctx: Context, s0: int, pos: int) -> bool:
    """Whether a name opens its clause: the sentence's start, or after a comma or a dash."""
    before = ctx.folded[s0:pos].rstrip()
    return not before or before[-1] in ",-–:" or not any(c.isalnum() for c in before)


def _named_meetings(ctx: Context, docs: list[DocMention], bounds: Bounds, meetings: list[MeetingMention]) -> None:
    """Meetings reported without a "<body> tổ chức …" clause, each with a day in its sentence:
    the chair's verb ("Đồng chí X chủ trì Hội nghị A; Hội nghị B"), the name as subject
    ("Hội nghị lần thứ 25 … đã được tổ chức", "Đại hội … diễn ra từ ngày …"), a study
    session ("tổ chức cho đảng viên học tập Nghị quyết …"), the meeting one attended ("Đảng ủy xã
    tham dự Hội nghị trực tuyến … do Bộ Chính trị tổ chức") and, before any other meeting,
    the meeting where someone spoke ("Phát biểu … tại Hội nghị rút kinh nghiệm …, ngày 7-4-2015")."""
    found: list[MeetingMention] = []
    undated: list[MeetingMention] = []

    def add(a: int, name: str, s0: int, s1: int, via: str, organizers: tuple[BodyFact, ...] = ()) -> None:
        name = name.strip(" ,;:.|")
        if not _proper(name) or _PLANNED.search(name):
            return
        when = meeting_date(ctx, s0, s1, docs, _day_before(meetings + found, s0), bounds)
        if when is None:
            if via in ("chair_verb", "subject") and not undated:
                undated.append(MeetingMention(a, a + len(name), name[:1].upper() + name[1:], meeting_kind(fold(name)), s0,
                                              organizers=organizers, online=bool(_ONLINE.search(ctx.folded, s0, s1)), via=via))
            return
        if _reported(meetings + found, s0, name, when):
            return
        found.append(MeetingMention(a, a + len(name), name[:1].upper() + name[1:], meeting_kind(fold(name)), s0,
                                    date=when, organizers=organizers, online=bool(_ONLINE.search(ctx.folded, s0, s1)),
                                    via=via))

    for m in ctx.triggers.finditer(_CHAIR_INTRO):
        if in_chain(m.start(), docs) or _planned(ctx, ctx.sentences.at(m.start())[0], m.start(), docs):
            continue
        s0, s1 = ctx.sentences.at(m.start())
        if m["sits"]:  # "chủ trì họp Ban Bí thư đánh giá …": the body's session
            if _ASSIGNS.search(ctx.text, s0, m.start()):
                continue  # "giao Ban Tổ chức chủ trì họp Ban Chỉ đạo …": a task
            rest, _ = _name(ctx, m.end("sits") + 1, s1)
            add(m.start("sits"), "Phiên họp " + rest, s0, s1, "chair_verb")
            continue
        name, name_end = _name(ctx, m.start("noun"), s1)
        pos = m.start("noun")
        for piece in name.split(";"):  # "chủ trì Hội nghị A; Hội nghị B; Hội nghị C"
            lead = len(piece) - len(piece.lstrip())
            if not re.match(_NOUNS, fold(piece.strip())):
                break
            add(pos + lead, piece, s0, s1, "chair_verb")
            pos += len(piece) + 1
    for m in _subjects(ctx.folded):
        s0, s1 = ctx.sentences.at(m.start())
        # the name opens its clause: capitalised, or in lower case after the dateline ("Sáng 12/3, hội nghị …")
        dated = any(d.end <= m.start() for d in ctx.dates_between(s0, m.start()))
        # "Kết luận hội nghị … diễn ra sáng nay (5/3), Bí thư … nhấn mạnh", "Phát biểu tại hội nghị …
        # khai mạc sáng 12/3, đồng chí …": a speech opens the sentence, the meeting held on its day
        spoken = (_SPOKEN_AT.fullmatch(ctx.folded, s0, m.start()) is not None
                  and _HELD_ON.match(ctx.folded, m.start("verb")) is not None)
        if (not (ctx.text[m.start()].isupper() or dated or spoken) or in_chain(m.start(), docs)
                or not (spoken or _clause_start(ctx, s0, m.start())) or _planned(ctx, s0, m.start(), docs)):
            continue
        name = ctx.text[m.start():m.end("rest")]
        by = _BY.search(ctx.folded, m.start(), m.end("rest") + 1)  # "Hội nghị … do <body> tổ chức đã diễn ra"
        organizers = organizers_in(ctx, by.start("who"), by.end("who"), []) if by else ()
        name = name[:by.start() - m.start()] if by else name
        cut = _NAME_END.search(ctx.folded, m.start(), m.start() + len(name))  # "… do đồng chí X chủ trì đã …"
        name = name[:cut.start() - m.start()] if cut else name
        when_said = _SUBJECT_DAY.search(fold(name))  # "Đại hội … nhiệm kỳ 2025-2030 sáng 29-9 đã tiến hành …"
        add(m.start(), name[:when_said.start()] if when_said else name, s0, s1, "subject", organizers)
    for m in ctx.triggers.finditer(_STUDY):
        s0, s1 = ctx.sentences.at(m.start())
        noun = m.start("noun") if m["noun"] else m.start("alone")
        if in_chain(m.start(), docs) or _ISSUING.search(ctx.folded, s0, m.start()) \
                or _planned(ctx, s0, m.start(), docs):
            continue  # "ban hành Kế hoạch tổ chức quán triệt …", "yêu cầu các cấp ủy tổ chức học tập …"
        name, name_end = _name(ctx, noun, s1)
        if any(noun <= x.start < name_end for x in docs):
            add(noun, "Hội nghị " + name[:1].lower() + name[1:], s0, s1, "study")
            if found and found[-1].start == noun:
                found[-1].start, found[-1].end = noun, name_end
    for m in ctx.triggers.finditer(_CHAIRED_NOUN):
        # "… về cuộc họp của Bộ Chính trị ngày 18-9, do đồng chí Tổng Bí thư X chủ trì, …": a meeting
        # named with its chair
        s0, s1 = ctx.sentences.at(m.start())
        by = _DO_CHAIR.match(ctx.folded, m.end(), s1)
        if by is None or in_chain(m.start(), docs) or _planned(ctx, s0, m.start(), docs):
            continue
        name, _ = _name(ctx, m.start("noun"), s1)
        add(m.start("noun"), name, s0, s1, "chaired_by")
    for m in ctx.triggers.finditer(_ATTENDS):
        s0, s1 = ctx.sentences.at(m.start())
        if not ctx.text[m.start("noun")].isupper() or in_chain(m.start(), docs) or _clause_start(ctx, s0, m.start()) \
                or _planned(ctx, s0, m.start(), docs) or not _attendee_before(ctx, s0, m.start()):
            continue  # "Dự Hội nghị có …": who attended; "Bầu đoàn đại biểu đi dự Đại hội …": a plan
        name, name_end = _name(ctx, m.start("noun"), s1)
        add(m.start("noun"), name, s0, s1, "attends", _organised_by(ctx, name_end, docs))
    first = min((mt.anchor for mt in meetings + found), default=len(ctx.text))
    for m in ctx.triggers.finditer(_AT, 0, first):
        if not (m["session"] or ctx.text[m.start("noun")].isupper()) or in_chain(m.start(), docs):
            continue
        s0, s1 = ctx.sentences.at(m.start())
        name, _ = _name(ctx, m.start("noun"), s1)
        fname = fold(name)
        held = _HELD.search(fname)  # "… tại Hội nghị X diễn ra vào sáng 16/9"
        cut = held or _TRAILING_DAY.search(fname)
        add(m.start("noun"), name[:cut.start()] if cut else name, s0, s1, "at")
        break
    if not meetings and not found and undated and _in_lead(ctx, undated[0].anchor):
        # "Đồng chí X, Bí thư Tỉnh ủy chủ trì hội nghị sơ kết …" opening a report that gives no day:
        # the meeting it reports, undated, when the text reports no other
        found.extend(undated)
    meetings.extend(found)


# before the person who opens a clause: a dateline, a place, "(các) đồng chí(:)"
_SUBJECT_HEAD = re.compile(r"[\W_]*(?:[^,.;]{0,30},\s*)?(?:tai\s[^,.;]{0,60},\s*)?(?:cac\s+)?(?:dong chi|d/c|ong|ba)?\s*:?\s*")


def _visitor(ctx: Context, mt: MeetingMention, persons: list[PersonMention]) -> PersonMention | None:
    """The person who opens the clause reporting a working session ("Sáng 15/3, các đồng chí: A,
    <posts>; B, <posts> đã làm việc với …", "Tổng Bí thư X làm việc với …"): the first named."""
    first = next((p for p in persons if mt.anchor <= p.start < mt.start), None)
    if first is None:
        return None
    head = min([first.start, *(q.start for q in first.posts if q.end <= first.start)])
    return first if _SUBJECT_HEAD.fullmatch(ctx.folded, mt.anchor, head) else None


def _day_before(meetings: list[MeetingMention], pos: int) -> date | None:
    """The day of the last meeting reported before ``pos``: what "Cùng ngày", "Chiều cùng ngày",
    "hôm sau" count from (not the publication date)."""
    before = [mt for mt in meetings if mt.anchor < pos and mt.date is not None]
    return max(before, key=lambda mt: mt.anchor).date if before else None


def _in_lead(ctx: Context, pos: int) -> bool:
    """Whether ``pos`` is in the text's lead: its first paragraph after the headline."""
    start = ctx.headline_end()
    body = len(ctx.text) - len(ctx.text[start:].lstrip())
    end = ctx.text.find("\n", body)
    return body <= pos < (end if end >= 0 else len(ctx.text))


def _subjects(folded: str) -> Iterator[re.Match[str]]:
    """The matches of ``_SUBJECT``, each tried from every noun: a noun inside a place's name ("tại
    Trung tâm Hội nghị tỉnh, Đại hội … đã bế mạc") does not hide the name that opens the clause."""
    pos = 0
    while (m := _SUBJECT.search(folded, pos)) is not None:
        yield m
        pos = m.start() + 1


def _attendee_before(ctx: Context, s0: int, pos: int) -> bool:
    """Whether a body or a named unit stands right before an attendance cue at ``pos``."""
    gap = _ATTENDEE_GAP.search(ctx.folded, s0, pos)
    end = gap.start() if gap else pos
    if any(b.end == end for b in ctx.bodies_between(s0, end)):
        return True
    return _UNIT.search(ctx.text, max(s0, end - 60), end) is not None


def _congress_named(ctx: Context, pos: int) -> bool:
    m = _CONGRESS_NAME.match(ctx.folded, pos)
    if not m:
        return False
    nxt = ctx.text[m.end():m.end() + 1]
    return (m.group(0).rstrip().endswith(("i", "v", "x", "l")) or nxt.isupper()
            or ctx.text[pos].isupper() and _TERM.match(ctx.folded, m.end()) is not None)


