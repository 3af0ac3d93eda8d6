"""Dates in text: full ("ngày 11-1-2024", "30 tháng 10 năm 2016", "14.5.2011"), day-month
("Sáng 13/01", "(16-4)"), month-year ("tháng 12/2018", "quý IV/2018") and years ("năm 2024").

Patterns run on the folded text; offsets are the same in the normalised text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from loaders.text.triggers import Triggers, finditer, gate
from ontology.text import roman_to_int


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date as written: which parts are known, and where."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    kind: str  # full | day_month | month_year | quarter | year | same_day | next_day | prev_day | weekday
    cue: str = ""  # the time word before it: ngay, sang, chieu, toi, trua, vao ngay …; a weekday's English name

    def as_date(self) -> date | None:
        """The date, when day, month and year are all known and valid."""
        if self.year and self.month and self.day:
            try:
                return date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None


# Every pattern starts at a digit or a keyword (fast to find); the time word before a
# date ("Sáng", "Chiều ngày", "vào ngày") is read by a look back.
# ("Sáng qua 5/3", "Chiều hôm nay 6/3", "Sáng mai 6/8": a relative day word then the day it names;
# "Chiều thứ Năm 17/9", "sáng thứ Hai, 3/3": a time of day and a weekday; a weekday alone is no
# cue, "Thứ ba, 2/3 số hộ …" counts)
# ("Sáng mồng 5/3", "ngày mùng 2/9": the first ten days of a month may be said "mồng", "mùng")
_CUE_BEFORE = re.compile(r"(?P<cue>(?:(?:sang|chieu|toi|trua|dem|hom)\s+(?:(?:hom\s+)?(?:nay|qua|mai)\s+)?(?:ngay\s+)?(?:mong\s+|mung\s+)?"
                         r"|(?:sang|chieu|toi|trua|dem)\s+(?:thu\s+(?:hai|ba|tu|nam|sau|bay|[2-7])|chu\s+nhat)\s*,?\s*(?:ngay\s+)?"
                         r"|vao\s+(?:ngay\s+)?|tu\s+ngay\s+|den\s+ngay\s+|ngay\s+(?:mong\s+|mung\s+)?))$")
# (a digit first, the look back after it: the engine then skips ahead to the next digit)
_NUMERIC = re.compile(r"(?P<d>\d(?<![\d/.\-]\d)\d?)\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})(?:\s*(?P=s)\s*(?P<y>\d{4}))?(?![\d])")
# "từ ngày 16 đến 18/9/2025", "từ ngày 9 đến ngày 11/5": a range of days starts on its first
# also "ngày 14 và 15/3", "ngày 14-15/3", "Trong 2 ngày 18, 19/9", "ngày 16, 17 và 18/7", and after a
# time of day: "Sáng 18 và 19-9", "Chiều 18-19/9"
_RANGE = gate(re.compile(r"(?<![\w])(?:tu\s+(?:ngay\s+)?|(?:(?:sang|chieu|toi|trua)\s+)?ngay\s+|(?:sang|chieu|toi|trua)\s+)(?P<d1>\d{1,2})(?:\s*,\s*\d{1,2}(?=\s*,|\s+va\s))*"
                    r"\s*(?:(?<=\s)(?:den|toi|va)\s+|[-–]\s*|,\s*)"
                    r"(?:het\s+)?(?:ngay\s+)?(?P<d>\d{1,2})(?:\s*"
                    r"(?P<s>[-/.])\s*(?P<m>\d{1,2})(?:\s*(?P=s)\s*(?P<y>\d{4}))?"
                    # ("từ ngày 13 đến ngày 21 tháng 3/2020": the month in words)
                    r"|\s+thang\s+(?P<mw>\d{1,2})(?:(?:\s*,?\s+nam\s+|\s*[/-]\s*)(?P<yw>\d{4}))?)(?![\d])"))
# a span in brackets: "trong 3 ngày (24-26/7/2015)", "Trong 2 ngày (5 và 6/3)", "(16, 17 và 18/7)"
# (a literal first: the engine skips ahead to each bracket)
_PAREN_RANGE = re.compile(r"\((?:ngay\s+)?(?P<d1>\d{1,2})(?:\s*,\s*\d{1,2})*\s*(?:[-–]|(?<=\s)(?:va|den|toi)(?=\s))\s*"
                          r"(?:ngay\s+)?(?P<d>\d{1,2})\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})(?:\s*(?P=s)\s*(?P<y>\d{4}))?\s*\)")
# "từ ngày 02/5 đến ngày 04/5/2013", "từ 28/12 đến 30/12/2019", "22-5 - 23-5-2012": each day
# with its month, the year only at the end; the range starts on its first day, in the year
# before when its month comes after the last day's ("từ 30/12 đến 2/1/2020")
_RANGE_MONTHS = gate(re.compile(r"(?<![\w])(?:tu\s+(?:ngay\s+)?|ngay\s+)(?P<d>\d{1,2})\s*(?P<s>[-/.])\s*(?P<m>\d{1,2})\s*"
                                r"(?:(?<=\s)(?:den|toi|va)\s+|[-–]\s*)(?:het\s+)?(?:ngay\s+)?"
                                r"(?P<d2>\d{1,2})\s*(?P=s)\s*(?P<m2>\d{1,2})\s*(?P=s)\s*(?P<y>\d{4})(?!\d)"))
# (also "ngày 21 tháng 3/2020")
_FULL_WORDS = re.compile(r"(?P<d>\d(?<!\d\d)\d?)\s+thang\s+(?P<m>\d{1,2})(?:\s*,?\s+nam\s+|\s*[/-]\s*)(?P<y>\d{4})(?!\d)")
# "Sáng thứ Hai, ngày 20 tháng 10", "ngày 18 tháng Năm": a day and a month in words without a
# year (a year or "/2020" after the month is another form); like a day and month in digits, it
# needs a time word before it
_MONTH_NAMES = {"gieng": 1, "hai": 2, "ba": 3, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
                "muoi": 10, "muoi mot": 11, "muoi hai": 12, "chap": 12}
_DAY_MONTH_WORDS = re.compile(r"thang(?<!\wthang)\s+(?:(?P<m>\d{1,2})(?!\d|\s*[/-]\s*\d|\s*,?\s+nam\s+\d)|"
                              r"(?P<mw>muoi\s+mot|muoi\s+hai|muoi|gieng|chap|hai|ba|tu|sau|bay|tam|chin|nam(?!\s*,?\s*\d))(?!\w))")
# (the day before the month word: a literal first lets the engine skip ahead to "thang")
_DAY_BEFORE = re.compile(r"(?<![\d.,/])(?P<d>\d{1,2})\s+$")
_MONTH_YEAR = re.compile(r"thang(?<!\wthang)\s+(?P<m>\d{1,2})\s*(?:[/-]|\s+nam\s+)\s*(?P<y>\d{4})(?!\d)")
_QUARTER = re.compile(r"quy(?<!\wquy)\s+(?P<q>iv|iii|ii|i|[1-4])\s*(?:[/-]|\s+nam\s+)\s*(?P<y>\d{4})(?!\d)")
_YEAR = re.compile(r"nam(?<!\wnam)\s+(?P<y>(?:19|20)\d{2})(?!\d)")
_RELATIVE = gate(re.compile(r"\b(?:sang|chieu|toi|trua)\s+(?P<rel>cung ngay|hom sau|hom truoc|hom nay|nay)\b|"
                       # "Chiều qua, …", "Sáng mai (16/4) …": yesterday and tomorrow by the time of day
                       r"\b(?:sang|chieu|toi|trua|dem)\s+(?P<rel4>qua|mai)(?=\s*[,(])|"
                       r"(?<![\w])(?P<rel3>cung ngay)(?=\s*,)|"
                       r"\b(?:vao\s+)?(?P<rel2>ngay mai|hom qua|hom nay)\b"))
# English pages of Vietnamese sites: "on May 5", "May 5, 2024", "5 May 2024", "on Monday".
_EN_MONTHS = {m: i for i, names in enumerate((("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
                                               ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
                                               ("september", "sept", "sep"), ("october", "oct"), ("november", "nov"),
                                               ("december", "dec")), 1) for m in names}
_EN_MON = "|".join(sorted(_EN_MONTHS, key=len, reverse=True))
_EN_MONTH_DAY = gate(re.compile(rf"(?<![\w])(?P<mon>{_EN_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,?\s+(?P<y>(?:19|20)\d{{2}}))?(?![\w])"))
# (the digit first, the look back after it: the engine skips ahead to the next digit)
_EN_DAY_MONTH = re.compile(rf"(?P<d>\d(?<![\w]\d)\d?)(?:st|nd|rd|th)?\s+(?P<mon>{_EN_MON})\.?(?:\s*,?\s+(?P<y>(?:19|20)\d{{2}}))?(?![\w])")
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# "Sáng thứ Ba, …", "Chiều Chủ nhật, …": a weekday alone, the last such day by the publication date
# (not "thứ Ba (5/3)" nor "thứ Ba, ngày 5/3", which give the day themselves, nor "thứ hai" counting)
_VI_WEEKDAYS = {"hai": "monday", "ba": "tuesday", "tu": "wednesday", "nam": "thursday", "sau": "friday", "bay": "saturday",
                "chu nhat": "sunday"}
_VI_WEEKDAY = gate(re.compile(r"(?<![\w])(?:sang|chieu|toi|trua)\s+(?:thu\s+(?P<wd>hai|ba|tu|nam|sau|bay)|(?P<sun>chu nhat))"
                              r"\s*,(?!\s*(?:ngay\s+)?\d)"))
_EN_WEEKDAY = gate(re.compile(rf"(?<![\w])on\s+(?P<wd>{'|'.join(_EN_WEEKDAYS)})(?![\w])"))
# Years that look ahead or span a period are not evidence of when a text was written.
# "triển khai nhiệm vụ năm 2026", "phương hướng năm 2025" name the year ahead, not the present.
_FORWARD = re.compile(r"(?:den|toi|tam nhin|giai doan|nhiem ky|dinh huong|muc tieu|truoc|nhiem vu|phuong huong)\s+"
                      r"(?:nam\s+)?$")


def _ok(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    return y is None or 1900 <= y <= 2100


def find_dates(folded: str, triggers: Triggers | None = None) -> list[DateMention]:
    """All date mentions, in text order, without overlaps (the most specific wins). With the
    text's trigger pass, the patterns that start with a word run only where it stands."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(x: DateMention) -> None:
        if free(x.start, x.end):
            found.append(x)
            taken.append((x.start, x.end))

    def cue(pos: int) -> str:
        m = _CUE_BEFORE.search(folded, max(0, pos - 24), pos)
        return " ".join(m["cue"].replace(",", " ").split()) if m else ""

    # (before the range of bare days, which would read "3-6 - 4-6-2015" as 3 to 6 April)
    for m in finditer(_RANGE_MONTHS, folded, triggers):
        mo, d, m2 = int(m["m"]), int(m["d"]), int(m["m2"])
        first_year = int(m["y"]) - (mo > m2)
        if _ok(first_year, mo, d) and _ok(first_year, m2, int(m["d2"])):
            add(DateMention(m.start(), m.end(), first_year, mo, d, "full", "tu ngay"))
    for m in _PAREN_RANGE.finditer(folded):
        y, mo, d1 = (int(m["y"]) if m["y"] else None), int(m["m"]), int(m["d1"])
        if _ok(y, mo, d1) and d1 <= int(m["d"]):
            add(DateMention(m.start() + 1, m.end() - 1, y, mo, d1, "full" if y else "day_month", "("))
    for m in finditer(_RANGE, folded, triggers):
        yy, mo, d1 = m["y"] or m["yw"], int(m["m"] or m["mw"]), int(m["d1"])
        y = int(yy) if yy else None
        if _ok(y, mo, d1) and d1 <= int(m["d"]):
            when = folded[m.start():m.start() + 6].split()[0]  # "sang", "chieu" … or "tu", "ngay"
            add(DateMention(m.start(), m.end(), y, mo, d1, "full" if y else "day_month",
                            when if when in ("sang", "chieu", "toi", "trua") else "tu ngay"))
    for m in _FULL_WORDS.finditer(folded):
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if _ok(y, mo, d):
            add(DateMention(m.start(), m.end(), y, mo, d, "full", cue(m.start())))
    for m in _DAY_MONTH_WORDS.finditer(folded):
        day = _DAY_BEFORE.search(folded, max(0, m.start() - 6), m.start())
        if day is None:
            continue
        mo = int(m["m"]) if m["m"] else _MONTH_NAMES[" ".join(m["mw"].split())]
        c, d = cue(day.start()), int(day["d"])
        if c and _ok(None, mo, d):
            add(DateMention(day.start(), m.end(), None, mo, d, "day_month", c))
    for m in _NUMERIC.finditer(folded):
        mo, d = int(m["m"]), int(m["d"])
        if m["y"]:
            y = int(m["y"])
            if _ok(y, mo, d) and not folded.startswith(("/", "-"), m.end()):
                add(DateMention(m.start(), m.end(), y, mo, d, "full", cue(m.start())))
            continue
        # a day and a month alone need a time word before them or parentheses around them:
        # plain "21/21" or "04/04" are counts, not dates
        c = cue(m.start())
        paren = folded[max(0, m.start() - 1):m.start()] == "(" and folded[m.end():m.end() + 1] == ")"
        if (c or paren) and _ok(None, mo, d):
            add(DateMention(m.start(), m.end(), None, mo, d, "day_month", c or "("))
    for m in _MONTH_YEAR.finditer(folded):
        y, mo = int(m["y"]), int(m["m"])
        if _ok(y, mo, None):
            add(DateMention(m.start(), m.end(), y, mo, None, "month_year"))
    for m in _QUARTER.finditer(folded):
        q = m["q"]
        n = int(q) if q.isdigit() else roman_to_int(q) or 1
        add(DateMention(m.start(), m.end(), int(m["y"]), 3 * (n - 1) + 1, None, "quarter"))
    for m in _YEAR.finditer(folded):
        add(DateMention(m.start("y"), m.end(), int(m["y"]), None, None, "year"))
    # "5 May 2024" names its month at a word start too: no month word, no English date at all
    months = triggers is None or triggers.folded is not folded or triggers.has(_EN_MONTH_DAY)
    for rx in (_EN_MONTH_DAY, _EN_DAY_MONTH) if months else ():
        for m in finditer(rx, folded, triggers):
            y, mo, d = (int(m["y"]) if m["y"] else None), _EN_MONTHS[m["mon"]], int(m["d"])
            if _ok(y, mo, d):
                add(DateMention(m.start(), m.end(), y, mo, d, "full" if y else "day_month", "on"))
    for m in finditer(_EN_WEEKDAY, folded, triggers):
        add(DateMention(m.start(), m.end(), None, None, None, "weekday", m["wd"]))
    for m in finditer(_VI_WEEKDAY, folded, triggers):
        add(DateMention(m.start(), m.end() - 1, None, None, None, "weekday", _VI_WEEKDAYS[m["wd"] or "chu nhat"]))
    for m in finditer(_RELATIVE, folded, triggers):
        rel: str = m["rel"] or m["rel2"] or m["rel3"] or {"qua": "hom qua", "mai": "ngay mai"}[m["rel4"]]
        kind = {"cung ngay": "same_day", "hom nay": "same_day", "nay": "same_day", "hom sau": "next_day",
                "ngay mai": "next_day", "hom truoc": "prev_day", "hom qua": "prev_day"}[rel]
        add(DateMention(m.start(), m.end(), None, None, None, kind, rel))
    found.sort(key=lambda x: x.start)
    return found


def is_forward_looking(folded: str, mention: DateMention) -> bool:
    """Whether a year is a target or a period ("đến năm 2030", "nhiệm kỳ 2020-2025")."""
    before = folded[max(0, mention.start - 30): mention.start]
    if _FORWARD.search(before):
        return True
    after = folded[mention.end: mention.end + 8]
    return bool(re.match(r"\s*[-–]\s*(?:19|20)\d{2}", after)) or bool(re.search(r"(?:19|20)\d{2}\s*[-–]\s*$", before))


# a quoted title ("Nghị quyết về “… trở thành nước công nghiệp theo hướng hiện đại năm 2020”")
_QUOTED = re.compile(r"“[^”\n]{0,300}”|\"[^\"\n]{0,300}\"")


def latest_mentioned(folded: str, mentions: list[DateMention]) -> date | None:
    """The latest date a text mentions as past or present: a lower bound of when it was written.
    A bare year inside a quoted title is the title's target, not the present."""
    best: date | None = None
    quoted = [(q.start(), q.end()) for q in _QUOTED.finditer(folded)]
    for m in mentions:
        if m.kind == "year" and any(a < m.start < b for a, b in quoted):
            continue
        if m.kind == "full":
            d = m.as_date()
        elif m.kind in ("month_year", "quarter") and m.year and m.month:
            d = date(m.year, m.month, 1)
        elif m.kind == "year" and m.year and not is_forward_looking(folded, m):
            d = date(m.year, 1, 1)
        else:
            d = None
        if d and (best is None or d > best):
            best = d
    return best


def complete(day: int, month: int, *, before: date | None = None, after: date | None = None) -> date | None:
    """Give a day-month its year: the latest such day on or before ``before`` (a publication
    date, with a week's grace for previews), else the first on or after ``after`` (the
    latest date the text mentions)."""
    if before is not None:
        limit = before + timedelta(days=7)
        for y in (limit.year, limit.year - 1):
            try:
                d = date(y, month, day)
            except ValueError:
                continue
            if d <= limit:
                return d
        return None
    if after is not None:
        for y in (after.year, after.year + 1):
            try:
                d = date(y, month, day)
            except ValueError:
                continue
            if d >= after:
                return d
    return None


def last_weekday(name: str, on_or_before: date) -> date | None:
    """The latest day with that English weekday name on or before a day ("on Monday" in a
    report published that week)."""
    if name not in _EN_WEEKDAYS:
        return None
    return on_or_before - timedelta(days=(on_or_before.weekday() - _EN_WEEKDAYS.index(name)) % 7)
