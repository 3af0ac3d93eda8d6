"""What a source says about itself in its first lines: its title and its publication date."""

from __future__ import annotations

import re
from datetime import date

from ontology.text import fold

_HEAD_LINES = 12
_DMY = re.compile(r"(?<!\d)(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})(?!\d)")
_DMY_WORDS = re.compile(r"(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s*(?:nam\s+)?(\d{4})(?!\d)")
# A header line: a time, a weekday, "cập nhật", "ngày đăng", "GMT" — or nothing but the date.
_HEADER_CUE = re.compile(r"\d{1,2}\s*:\s*\d{2}|\d{1,2}h\d{2}|\bthu\s+(?:hai|ba|tu|nam|sau|bay|\d)\b|\bchu nhat\b|"
                         r"cap nhat|ngay dang|dang luc|dang ngay|\bgmt\b|xuat ban|^tac gia\b|^(?:posted|published|updated)\b")
# a machine date with its time: "2024-03-05 14:32", "2024-03-05T14:32:00+07:00"
_YMD_TIME = re.compile(r"^\s*((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})(?:[ t]+\d{1,2}:\d{2}(?::\d{2})?\S*)?\s*$")
_NAV = re.compile(r"\b(?:banner|home|menu|trang chu|dang nhap|print|latest)\b")
_MIN_YEAR = 1930
# a page's machine date line: "date 2025-09-20", or only the month: "date 2023-10"
_ISO_LINE = re.compile(r"^\s*(?:date|ngay|published)\s*:?\s*((?:19|20)\d{2})-(\d{1,2})(?:-(\d{1,2}))?(?![\d-])")


def _valid(d: int, m: int, y: int) -> date | None:
    if y < _MIN_YEAR or y > 2100:
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _date_line(text: str) -> tuple[date, int] | None:
    """The header's date and the offset where its line ends."""
    offset = 0
    for line in text.split("\n", _HEAD_LINES)[:_HEAD_LINES]:
        end = offset + len(line)
        offset = end + 1
        folded = fold(line)
        iso = _ISO_LINE.match(folded)
        if iso and iso.group(3):
            d = _valid(int(iso.group(3)), int(iso.group(2)), int(iso.group(1)))
            if d:
                return d, end
        f = folded.strip()  # (folding keeps every space a space)
        if not f or len(f) > 90:
            continue
        ymd = _YMD_TIME.match(f)
        if ymd:
            d = _valid(int(ymd.group(3)), int(ymd.group(2)), int(ymd.group(1)))
            if d:
                return d, end
        m = _DMY.search(f) or _DMY_WORDS.search(f)
        if not m:
            continue
        rest = (f[: m.start()] + f[m.end():]).strip(" ,|-'")
        if _HEADER_CUE.search(f) or len(rest) <= 3:
            d = _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if d:
                return d, end
    return None


def published_from_text(text: str) -> date | None:
    """The publication date from header lines such as "Cập nhật lúc 20:47, Thứ Tư, 02/01/2019"
    or a machine date line ("date 2025-09-20")."""
    found = _date_line(text)
    return found[0] if found else None


def header_end(text: str) -> int:
    """Where the page's header (title, credits, date line) ends: just after its date line,
    or 0 when the page has none."""
    found = _date_line(text)
    return found[1] if found else 0


def published_month_from_text(text: str) -> tuple[int, int] | None:
    """(year, month) of a page whose date line gives only the month ("date 2023-10")."""
    for line in text.split("\n")[:_HEAD_LINES]:
        iso = _ISO_LINE.match(fold(line))
        if iso and not iso.group(3) and 1 <= int(iso.group(2)) <= 12:
            return int(iso.group(1)), int(iso.group(2))
    return None


def _heading_like(line: str) -> bool:
    f = fold(line)
    words = [w for w in line.split() if any(c.isalpha() for c in w)]
    if len(words) < 5 or len(line) > 300 or _NAV.search(f):
        return False
    return not (_DMY.search(f) and len(words) < 8)


# a byline's label: who wrote, who took the photos, where it comes from
_BYLINE = re.compile(r"(?:bai|anh|tac gia|nguon|theo|pv|ctv|phong vien|bien tap|thuc hien|trinh bay)\b[^:]{0,20}:")


def title_line(text: str) -> int | None:
    """The index of the title's line when the text has a header date line: the heading-like
    line nearest above it (a byline or a section's name between them is passed over)."""
    found = _date_line(text)
    if found is None:
        return None
    lines = text[: found[1]].split("\n")
    for i in range(len(lines) - 2, -1, -1):
        line = lines[i].strip()
        # a sentence of the body is no heading, nor a byline ("Bài và ảnh: Nguyễn Văn An")
        if _heading_like(line) and line[-1] not in ".;:" and not _BYLINE.match(fold(line)):
            return i
    return None


def title_from_text(text: str) -> str | None:
    """The title: the heading-like line above the header's date line, else the first
    heading-like line among the first ones (not navigation, not a date)."""
    at = title_line(text)
    if at is not None:
        return text.split("\n")[at].strip().rstrip(" .")
    candidates = [ln.strip() for ln in text.split("\n")[:8] if ln.strip()]
    for line in candidates:
        if _heading_like(line):
            return line.rstrip(" .")
    return candidates[0] if candidates else None
