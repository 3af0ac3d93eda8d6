"""The header of an official Party document, read from its flattened copy on a page.

Its left column names the issuing body under its superior ("BAN CHẤP HÀNH TRUNG ƯƠNG / BAN
TỔ CHỨC", "ĐẢNG BỘ TỈNH … / ĐẢNG ỦY XÃ …") above "Số 09-KH/ĐU"; its right column holds the
motto "ĐẢNG CỘNG SẢN VIỆT NAM" and "<Place>, ngày 24 tháng 11 năm 2020"; then the kind in
capitals ("KẾ HOẠCH") and the trích yếu (Hướng dẫn 36-HD/VPTW; ../shared/reference/
conventions.md §1). A header needs its "Số" line plus the motto or the place-and-date line.
The bodies of a letterhead in capitals are given the case of their canonical names
(``cased``, ``compose``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from loaders.find import patterns as P
from loaders.find.documents import DocMention
from loaders.lexicon import CENTRAL_KINDS, COMMITTEE_KINDS, central_body
from loaders.text.bodies import find_bodies
from loaders.text.context import PARTY_MOTTO, Context
from ontology import reference
from ontology.ids import body_id
from ontology.records import BodyFact
from ontology.text import fold, fold_key, is_caps, line_bounds, trie_regex
from ontology.vocab import BodyKind, DocKind, DocSystem

# the words of a unit's name that text/bodies.py may keep in a letterhead's capitals ("HUYỆN ỦY Định Hóa");
# abbreviations ("UBND") stay as they are
_UNIT_WORDS = frozenset(["xa", "phuong", "thi", "tran", "huyen", "uy", "quan", "co", "khoi", "dang", "bo", "tinh", "thanh", "pho", "ban", "thuong", "vu"])
_WINDOW = 400  # how far from the "Số" line the motto and the place-and-date line may stand
_STATE_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
_PLACE_DATE = re.compile(r",\s*ngay\s*$")
_SEPARATOR = re.compile(r"\n|\||\*|[-_—–=.]{3,}|\s{3,}")
_PREAMBLE_CUE = re.compile(r"(?:[-+•–]\s*)?(?:can cu|thuc hien|thi hanh|kinh gui|xet\s)")


@dataclass(frozen=True, slots=True)
class Header:
    """The header of an official text: where it stands and what it says of its own document."""

    start: int
    end: int
    mention: int  # index of the "Số …" reference among the source's references
    issuer: BodyFact | None
    superior: BodyFact | None
    kind: DocKind | None
    title: str | None
    place: str | None
    issued: date | None
    named: BodyFact | None = None  # "CHỈ THỊ / CỦA BAN BÍ THƯ": the issuer the kind line names


def _number_line(ctx: Context, x: DocMention) -> bool:
    """A header's number: "Số 09-KH/ĐU", "Số: 205-QĐ/TW", or the bare symbol alone at the
    head of a line (a degraded copy that lost "Số") — never "Quy định số 205-QĐ/TW"."""
    if x.form != "full" or x.system is not DocSystem.PARTY:
        return False
    if fold(ctx.text[x.start:x.start + 2]) == "so":
        return True
    if not ctx.text[x.start].isdigit():
        return False  # "Công văn 09-QC/TW" in a page's title names the document, it is no header
    a, _ = line_bounds(ctx.text, x.start)
    return not ctx.text[a:x.start].strip(" \t*|")


def _place_date(ctx: Context, lo: int, hi: int) -> tuple[str | None, date | None, int, int] | None:
    """The place-and-date line in a window: place, date, start, end."""
    for d in ctx.dates_between(lo, hi):
        if d.kind != "full" or not _PLACE_DATE.search(ctx.folded[max(0, d.start - 14):d.start]):
            continue
        comma = ctx.folded.rfind(",", max(0, d.start - 14), d.start)
        words: list[tuple[int, int]] = []
        pos = comma
        while len(words) < 5:
            m = re.search(r"([^\W\d_][\w.]*)\s*$", ctx.text[max(0, pos - 30):pos])
            if not m:
                break
            a = max(0, pos - 30) + m.start(1)
            w = ctx.text[a:pos].strip()
            if not w[:1].isupper() or (len(w) > 1 and w.isupper() and not w.endswith(".")):
                break  # "… VIỆT NAM Hà Nội, ngày …", "Số: 30-QĐ/TW Hà Nội": capitals are the header's
            words.insert(0, (a, a + len(w)))
            pos = a
            if ctx.text[pos - 1:pos] not in (" ",):
                break
        place = ctx.text[words[0][0]:words[-1][1]] if words else None
        start = words[0][0] if words else comma
        return place, d.as_date(), start, d.end
    return None


@lru_cache(maxsize=1)
def _kind_words() -> re.Pattern[str]:
    words = sorted(P.type_words(), key=len, reverse=True)
    return re.compile(rf"(?<![\w])(?P<w>{trie_regex(words, flexible_spaces=False)})(?![\w])")


def _kind_line(ctx: Context, lo: int, hi: int) -> tuple[DocKind, int, int] | None:
    """The kind in capitals that follows the number, the motto and the date ("KẾ HOẠCH",
    "QUY ĐỊNH"); only separators or capitals stand between. An OCR copy's "K ÉT LUẬN" is not
    read: the symbol's type code tells the kind then."""
    for m in _kind_words().finditer(ctx.folded, lo, hi):
        gap = ctx.text[lo:m.start()].strip(" \t\n|*-_—–=")
        if gap and not is_caps(gap):
            return None
        if not is_caps(ctx.text[m.start():m.end()]):
            continue
        t = P.type_words().get(" ".join(m["w"].split()))
        if t is not None:
            return t.kind, m.start(), m.end()
    return None


def _title(ctx: Context, pos: int) -> tuple[str | None, int]:
    """The trích yếu after the kind: the rest of its line, or the next line, then lines in
    capitals or that go on in lower case, up to a rule line, a blank line or the preamble."""
    text = ctx.text
    start = pos
    parts: list[str] = []
    _, b = line_bounds(text, pos)
    end = pos
    rest = text[pos:b].strip(" \t|")
    if rest:
        parts.append(rest)
        end = b
    pos = b + 1
    while pos < len(text) and len(" ".join(parts)) < 400:
        a, b = line_bounds(text, pos)
        line = text[a:b].strip(" \t|")
        pos = b + 1
        if not line:
            if parts:
                break
            continue
        if re.fullmatch(r"[-_—–=*.\s]+", line) or line[:1] in "-+•–—":
            break  # a rule line, or the preamble's "- Căn cứ …"
        cue = _PREAMBLE_CUE.match(fold(line))
        if cue and line[:1].isupper() and not is_caps(line) and (parts or not cue.group(0).startswith("thuc")):
            break  # "Căn cứ …", "Thực hiện …" open the preamble; the trích yếu may begin "thực hiện …"
        if parts and not (is_caps(line) or line[:1].islower()) or PARTY_MOTTO.match(fold(line)):
            break  # a new sentence, or the header's other column ("V/v …" above the motto)
        parts.append(line)
        end = b
    title = " ".join(" ".join(parts).split()).strip(" ,;:")
    if not title:
        return None, end
    if is_caps(title):  # "VỀ VIỆC …": lower case, but Roman numerals and "Đảng" stay as they are
        title = " ".join(w if re.fullmatch(r"[IVXLC]+[,.;]?", w) else
                         ("Đảng" + w[4:] if w.startswith("ĐẢNG") and not w[4:5].isalpha() and not _compound(title, i)
                          else w.lower())
                         for i, w in enumerate(title.split(" ")))
        for bm in ctx.bodies_between(start, end):  # "CỦA BAN BÍ THƯ" → "của Ban Bí thư"
            title = title.replace(" ".join(text[bm.start:bm.end].split()).lower(), bm.body.name)
    return title[:1].upper() + title[1:], end


def _compound(title: str, i: int) -> bool:
    """Whether word i, "ĐẢNG", begins a common noun ("ĐẢNG VIÊN", "ĐẢNG ỦY", "ĐẢNG BỘ"), not the Party."""
    words = title.split(" ")
    return i + 1 < len(words) and fold_key(words[i + 1]).strip(",.;") in ("vien", "uy", "bo", "doan", "phi", "vu")


def _caps_segments(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Stretches in capitals between separators in [a, b): the lines of a flattened header."""
    out = []
    pos = a
    for m in [*_SEPARATOR.finditer(text, a, b), None]:
        e = m.start() if m else b
        seg = text[pos:e]
        lead = len(seg) - len(seg.lstrip())
        seg = seg.strip()
        if seg and is_caps(seg):
            out.append((pos + lead, pos + lead + len(seg)))
        pos = m.end() if m else b
    return out


def compose(ctx: Context, label: str, parent: BodyFact | None) -> BodyFact | None:
    """A body named by a header line under its parent ("BAN TỔ CHỨC" under "BAN CHẤP HÀNH
    TRUNG ƯƠNG" is Ban Tổ chức Trung ương; "BAN TUYÊN GIÁO" under "TỈNH ỦY NGHỆ AN" is Ban
    Tuyên giáo Tỉnh ủy Nghệ An)."""
    cased = " ".join(label.split()).lower()
    cased = cased[:1].upper() + cased[1:]
    if parent is None:
        return central_body(cased)
    if parent.kind in CENTRAL_KINDS:
        return central_body(f"{cased} Trung ương") or central_body(f"{cased} Trung ương Đảng")
    if parent.kind in COMMITTEE_KINDS:
        name = f"{cased} {parent.name}"
        province = reference.province_by_name(parent.province) if parent.province else None
        found = find_bodies(name, fold(name), province, ctx.reference_date)
        if found and found[0].start == 0 and found[0].end == len(name):
            return found[0].body
        if fold_key(cased) in ("ban thuong vu", "van phong", "uy ban kiem tra"):
            kind = BodyKind.STANDING_COMMITTEE if fold_key(cased) == "ban thuong vu" else BodyKind.COMMITTEE_AGENCY
            return BodyFact(body_id(name + (f" {parent.province}" if parent.province and parent.province not in name
                                            else "")), name, kind, parent.id, parent.province)
    return None


def _whole_line(ctx: Context, raw: str) -> BodyFact | None:
    """A body named by a whole header line ("BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG BỘ TỈNH THANH HÓA")."""
    body = central_body(raw)
    if body is not None:
        return body
    name = " ".join(raw.split())
    found = find_bodies(name, fold(name), ctx.province, ctx.reference_date)
    return found[0].body if found and found[0].start == 0 and found[0].end == len(name) else None


def cased(body: BodyFact | None) -> BodyFact | None:
    """A body named from a letterhead, its words in capitals put in the case of its canonical
    name ("HUYỆN ỦY Định Hóa" → "Huyện ủy Định Hóa"); the id does not change."""
    if body is None or not any(len(w) > 1 and w.isupper() for w in body.name.split()):
        return body
    name = " ".join(w.lower() if w.isupper() and fold_key(w) in _UNIT_WORDS else w for w in body.name.split())
    return replace(body, name=name[:1].upper() + name[1:])


def _header_bodies(ctx: Context, a: int, b: int, skip: list[tuple[int, int]]) -> list[BodyFact]:
    """The bodies of the header's left column, top (superior) to bottom (issuer). A name
    wrapped over two lines ("BAN CHẤP HÀNH / TRUNG ƯƠNG") is read whole."""
    out: list[BodyFact] = []
    pending = ""
    for s, e in _caps_segments(ctx.text, a, b):
        pos = s
        for lo, _hi in skip:
            if s <= lo < e:
                e = lo
        if e <= s:
            continue
        for bm in ctx.bodies_between(s, e):
            rest = ctx.text[pos:bm.start].strip(" ,")
            if rest and out and (c := compose(ctx, rest, out[-1])) is not None:
                out.append(c)
            out.append(bm.body)
            pos = bm.end
            pending = ""
        rest = ctx.text[pos:e].strip(" ,")
        if not rest or not is_caps(rest) or re.match(r"(?i)s[ốo]\b", rest):
            continue
        c = compose(ctx, rest, out[-1] if out else None)
        if c is None and pending:
            c = _whole_line(ctx, f"{pending} {rest}")
        if c is not None:
            out.append(c)
            pending = ""
        else:
            pending = f"{pending} {rest}".strip() if pos == s else rest
    return [b for b in map(cased, out) if b is not None]


def read_header(ctx: Context, mentions: list[DocMention]) -> Header | None:
    """The first Party document header of the source."""
    f = ctx.folded
    for i, x in enumerate(mentions):
        if not _number_line(ctx, x):
            continue
        lo, hi = max(0, x.start - _WINDOW), min(len(f), x.end + _WINDOW)
        mottos = [m for m in PARTY_MOTTO.finditer(f, lo, hi) if is_caps(ctx.text[m.start():m.end()])]
        if not mottos and any(is_caps(ctx.text[m.start():m.end()]) for m in _STATE_MOTTO.finditer(f, lo, hi)):
            continue  # a State document's header ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        pd = _place_date(ctx, lo, hi)
        if not mottos and pd is None:
            continue
        anchors = [x.start] + [m.start() for m in mottos[:1]] + ([pd[2]] if pd else [])
        top = min(anchors)
        a, _ = line_bounds(ctx.text, top)
        start = a
        lines = 0
        while start > 0 and lines < 4:  # the issuer lines above: capitals, between stars and rules
            pa, _ = line_bounds(ctx.text, start - 1)
            prev = ctx.text[pa:start - 1].strip(" \t|*-_—–")
            if prev and not is_caps(prev):
                break
            lines += bool(prev)
            start = pa
        after = max(x.end, pd[3] if pd else 0, *(m.end() for m in mottos[:1]))
        kind_hit = _kind_line(ctx, after, min(len(f), after + 200))
        title, end = (None, after)
        named = None
        if kind_hit is not None:
            of = re.match(r"\s*cua\s+", ctx.folded[kind_hit[2]:kind_hit[2] + 12])
            bm = ctx.body_at(kind_hit[2] + of.end()) if of else None
            named = bm.body if bm is not None else None
            title, end = _title(ctx, bm.end if bm is not None else kind_hit[2])
            end = max(end, kind_hit[2])
        skip = [(m.start(), m.end()) for m in mottos] + [(x.start, x.end)] + ([(pd[2], pd[3])] if pd else [])
        bodies = _header_bodies(ctx, start, max([x.start, *(m.start() for m in mottos[:1])]), skip)
        issuer = bodies[-1] if bodies else None
        superior = bodies[-2] if len(bodies) > 1 else None
        if title is None and (vv := re.compile(r"(?<![\w])v/v\s*").search(f, x.end, min(len(f), x.end + 200))):
            title, end = _title(ctx, vv.end())  # a letter's "V/v …" under its number
            title = title if title is None else "Về việc " + title[:1].lower() + title[1:]
        kind = kind_hit[0] if kind_hit else None
        return Header(start, end, i, issuer, superior, kind, title, pd[0] if pd else None, pd[1] if pd else None,
                      cased(named))
    return None
