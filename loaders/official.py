"""An official Party document's own text: its header, its signature blocks and its "Nơi nhận".

The layout is fixed by the Party's rules on document format (Hướng dẫn 36-HD/VPTW; see
../shared/reference/conventions.md §1): a header whose left column names the issuing body
under its superior ("BAN CHẤP HÀNH TRUNG ƯƠNG / BAN TỔ CHỨC", "ĐẢNG BỘ TỈNH … / ĐẢNG ỦY XÃ …")
above "Số 09-KH/ĐU" (with or without a colon), whose right column holds the motto
"ĐẢNG CỘNG SẢN VIỆT NAM" and "<Place>, ngày 24 tháng 11 năm 2020"; then the kind in
capitals ("KẾ HOẠCH") and the trích yếu; the preamble and its enacting clause ("Bộ Chính
trị quy định …"); at the end a signature block ("T/M BAN THƯỜNG VỤ / BÍ THƯ / <name>",
"K/T …", "T/L …") and the list of recipients ("Nơi nhận:" or, at the top, "Kính gửi:").
Copied onto web pages the columns are flattened in any order, sometimes on one line, and
degraded copies lose words: each part is found on its own, and a header needs its "Số"
line plus the motto or the place-and-date line.

``read`` is the one verb: it finds these parts in a prepared source and returns them with
the source's document references, the header's own reference marked and completed so that
resolution gives the source's own document its canonical id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from loaders import doc_patterns as P
from loaders.bodies import BodyMention, central_body, find_bodies
from loaders.context import PARTY_MOTTO, Context
from loaders.documents import DocMention
from ontology import reference
from ontology.records import BodyFact, DocumentFact
from ontology.text import fold, fold_key, trie_regex
from ontology.vocab import BodyKind, DocKind, DocSystem

# the words of a unit's name that bodies.py may keep in a letterhead's capitals ("HUYỆN ỦY Định Hóa");
# abbreviations ("UBND") stay as they are
_UNIT_WORDS = frozenset(["xa", "phuong", "thi", "tran", "huyen", "uy", "quan", "co", "khoi", "dang", "bo", "tinh", "thanh", "pho", "ban", "thuong", "vu"])
_WINDOW = 400  # how far from the "Số" line the motto and the place-and-date line may stand
_STATE_MOTTO = re.compile(r"cong\s+hoa\s+xa\s+hoi\s+chu\s+nghia\s+viet\s+nam")
_PLACE_DATE = re.compile(r",\s*ngay\s*$")
_SEPARATOR = re.compile(r"\n|\||\*|[-_—–=.]{3,}|\s{3,}")
_CENTRAL_KINDS = {BodyKind.CENTRAL_COMMITTEE, BodyKind.POLITBURO, BodyKind.SECRETARIAT, BodyKind.CENTRAL_AGENCY}
_COMMITTEE_KINDS = {BodyKind.PROVINCIAL_COMMITTEE, BodyKind.DISTRICT_COMMITTEE, BodyKind.PARTY_COMMITTEE}
# the series code a local committee's own documents carry ("Số 445-KL/TƯ" under "TỈNH ỦY …" is …/TU)
_SERIES_CODE = {BodyKind.PROVINCIAL_COMMITTEE: "TU", BodyKind.DISTRICT_COMMITTEE: "HU",
                BodyKind.PARTY_COMMITTEE: "ĐU"}
# the verbs of an enacting clause: "Bộ Chính trị quy định …", "Ban Bí thư ban hành Quy chế …"
_ENACTING = re.compile(r"\s+(?:quy dinh|ban hanh|quyet dinh|chi thi|ket luan|huong dan|thong bao|xay dung|"
                       r"de ra|yeu cau|giao)(?![\w])")
_PREAMBLE_CUE = re.compile(r"(?:[-+•–]\s*)?(?:can cu|thuc hien|thi hanh|kinh gui|xet\s)")
_MARK = re.compile(r"(?<![\w/])(?P<mode>t\s?/\s?m|k\s?/\s?t|t\s?/\s?l|tm\.|kt\.|tl\.|q\.)\s*")
_RECIPIENTS = re.compile(r"(?<![\w])(?P<cue>noi nhan|kinh gui)\s*:")
_ITEM_MARK = re.compile(r"\s*[-+•–—*]\s*")
_SIGNED_NOTE = re.compile(r"\s*[(\[]?\s*(?:da ky|ky ten[^)\]\n]*|ky|signed)\s*[)\]]?\s*$")


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


@dataclass(frozen=True, slots=True)
class Signature:
    """A signature block: "T/M <body>" / "K/T <post>" / "T/L <body>", the signer's post, the name."""

    start: int
    end: int
    mode: str  # T/M | K/T | T/L | Q.
    behalf: BodyFact | None
    post: str | None  # the role, as a post's id takes it ("Phó Trưởng" of "Phó Trưởng Ban Tổ chức …")
    post_title: str | None  # the post with its body ("Phó Trưởng Ban Tổ chức Trung ương")
    post_body: BodyFact | None
    name: str
    name_start: int
    name_end: int


@dataclass(frozen=True, slots=True)
class Recipient:
    """One item of "Nơi nhận" / "Kính gửi", with the canonical bodies it names."""

    start: int
    end: int
    text: str
    bodies: tuple[BodyFact, ...]


@dataclass(frozen=True, slots=True)
class OfficialText:
    """What an official text says about itself, and the source's references (the header's
    own reference marked as the source's document)."""

    mentions: list[DocMention]
    header: Header | None = None
    own: tuple[int, int] | None = None
    issuer: BodyFact | None = None
    signatures: tuple[Signature, ...] = ()
    recipients: tuple[Recipient, ...] = ()

    def owns(self, pos: int) -> bool:
        """Whether an offset lies in the document's own text (not in a page's news around it)."""
        return self.own is not None and self.own[0] <= pos < self.own[1]

    def document(self, d: DocumentFact) -> DocumentFact:
        """The source's own document completed from its header: kind, date, place, issuer, title."""
        h = self.header
        if h is None:
            return d
        issuer = self.issuer
        return replace(
            d,
            kind=h.kind or d.kind,
            issued=h.issued or d.issued,
            year=h.issued.year if h.issued else d.year,
            issuer=issuer.id if issuer else d.issuer,
            issuer_name=issuer.name if issuer else d.issuer_name,
            title=h.title or d.title,
            place=h.place or d.place,
            basis="text",
        )


def read(ctx: Context, mentions: list[DocMention]) -> OfficialText:
    """The header, signature blocks and recipients of an official text in a source (nothing
    when the source has no Party document header)."""
    header = _header(ctx, mentions)
    if header is None:
        return OfficialText(mentions)
    committee = _committee_of(ctx, header.issuer, header.superior)
    signatures = tuple(_signatures(ctx, header, committee))
    recipients, rec_end = _recipients(ctx, header.start)
    enacting = _enacting(ctx, header.end)
    behalf = next((s.behalf for s in signatures if s.behalf is not None and s.mode in ("T/M", "T/L")), None)
    issuer = behalf or header.named or enacting or header.issuer
    end = max([rec_end, *(s.name_end for s in signatures)]) or len(ctx.text)  # the closing, else the text's end
    ctx.revise_bodies(lambda bm: _revised(ctx, bm, header, signatures))
    x = mentions[header.mention]
    code = x.issuer_code
    if issuer is not None and issuer.kind not in _CENTRAL_KINDS and (code or "").upper() in ("TW", "TƯ"):
        owner = _committee_of(ctx, issuer, header.superior)
        code = _SERIES_CODE.get(owner.kind, code) if owner is not None else code
    marked = replace(x, header=True, issued=x.issued or header.issued, issuer_code=code,
                     issuer_body=issuer or x.issuer_body)
    out = [marked if i == header.mention else (replace(m, header=False) if m.header else m)
           for i, m in enumerate(mentions)]
    return OfficialText(out, header, (header.start, end), issuer, signatures, tuple(recipients))


def _revised(ctx: Context, bm: BodyMention, header: Header, signatures: tuple[Signature, ...]) -> BodyMention | None:
    """A body mention as the layout shows it: a letterhead's name in the case of its canonical
    name; none read across the lines of a signature block ("T/M ĐẢNG ỦY / PHÓ BÍ THƯ")."""
    if any(s.start <= bm.start < s.end for s in signatures) and "\n" in ctx.text[bm.start:bm.end]:
        return None
    if header.start <= bm.start < header.end or any(s.start <= bm.start < s.end for s in signatures):
        return replace(bm, body=_cased(bm.body) or bm.body, parent=_cased(bm.parent))
    return bm


# ---------------------------------------------------------------- header


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    a = text.rfind("\n", 0, pos) + 1
    b = text.find("\n", pos)
    return a, len(text) if b < 0 else b


def _is_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _number_line(ctx: Context, x: DocMention) -> bool:
    """A header's number: "Số 09-KH/ĐU", "Số: 205-QĐ/TW", or the bare symbol alone at the
    head of a line (a degraded copy that lost "Số") — never "Quy định số 205-QĐ/TW"."""
    if x.form != "full" or x.system is not DocSystem.PARTY:
        return False
    if fold(ctx.text[x.start:x.start + 2]) == "so":
        return True
    if not ctx.text[x.start].isdigit():
        return False  # "Công văn 09-QC/TW" in a page's title names the document, it is no header
    a, _ = _line_bounds(ctx.text, x.start)
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
        if gap and not _is_caps(gap):
            return None
        if not _is_caps(ctx.text[m.start():m.end()]):
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
    _, b = _line_bounds(text, pos)
    end = pos
    rest = text[pos:b].strip(" \t|")
    if rest:
        parts.append(rest)
        end = b
    pos = b + 1
    while pos < len(text) and len(" ".join(parts)) < 400:
        a, b = _line_bounds(text, pos)
        line = text[a:b].strip(" \t|")
        pos = b + 1
        if not line:
            if parts:
                break
            continue
        if re.fullmatch(r"[-_—–=*.\s]+", line) or _ITEM_MARK.match(line) and line.lstrip()[:1] in "-+•–—":
            break  # a rule line, or the preamble's "- Căn cứ …"
        cue = _PREAMBLE_CUE.match(fold(line))
        if cue and line[:1].isupper() and not _is_caps(line) and (parts or not cue.group(0).startswith("thuc")):
            break  # "Căn cứ …", "Thực hiện …" open the preamble; the trích yếu may begin "thực hiện …"
        if parts and not (_is_caps(line) or line[:1].islower()) or PARTY_MOTTO.match(fold(line)):
            break  # a new sentence, or the header's other column ("V/v …" above the motto)
        parts.append(line)
        end = b
    title = " ".join(" ".join(parts).split()).strip(" ,;:")
    if not title:
        return None, end
    if _is_caps(title):  # "VỀ VIỆC …": lower case, but Roman numerals and "Đảng" stay as they are
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
        if seg and _is_caps(seg):
            out.append((pos + lead, pos + lead + len(seg)))
        pos = m.end() if m else b
    return out


def _compose(ctx: Context, label: str, parent: BodyFact | None) -> BodyFact | None:
    """A body named by a header line under its parent ("BAN TỔ CHỨC" under "BAN CHẤP HÀNH
    TRUNG ƯƠNG" is Ban Tổ chức Trung ương; "BAN TUYÊN GIÁO" under "TỈNH ỦY NGHỆ AN" is Ban
    Tuyên giáo Tỉnh ủy Nghệ An)."""
    cased = " ".join(label.split()).lower()
    cased = cased[:1].upper() + cased[1:]
    if parent is None:
        return central_body(cased)
    if parent.kind in _CENTRAL_KINDS:
        return central_body(f"{cased} Trung ương") or central_body(f"{cased} Trung ương Đảng")
    if parent.kind in _COMMITTEE_KINDS:
        name = f"{cased} {parent.name}"
        province = reference.province_by_name(parent.province) if parent.province else None
        found = find_bodies(name, fold(name), province, ctx.reference_date)
        if found and found[0].start == 0 and found[0].end == len(name):
            return found[0].body
        if fold_key(cased) in ("ban thuong vu", "van phong", "uy ban kiem tra"):
            kind = BodyKind.STANDING_COMMITTEE if fold_key(cased) == "ban thuong vu" else BodyKind.COMMITTEE_AGENCY
            from ontology.ids import body_id

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


def _cased(body: BodyFact | None) -> BodyFact | None:
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
            if rest and out and (c := _compose(ctx, rest, out[-1])) is not None:
                out.append(c)
            out.append(bm.body)
            pos = bm.end
            pending = ""
        rest = ctx.text[pos:e].strip(" ,")
        if not rest or not _is_caps(rest) or re.match(r"(?i)s[ốo]\b", rest):
            continue
        c = _compose(ctx, rest, out[-1] if out else None)
        if c is None and pending:
            c = _whole_line(ctx, f"{pending} {rest}")
        if c is not None:
            out.append(c)
            pending = ""
        else:
            pending = f"{pending} {rest}".strip() if pos == s else rest
    return [b for b in map(_cased, out) if b is not None]


def _header(ctx: Context, mentions: list[DocMention]) -> Header | None:
    """The first Party document header of the source."""
    f = ctx.folded
    for i, x in enumerate(mentions):
        if not _number_line(ctx, x):
            continue
        lo, hi = max(0, x.start - _WINDOW), min(len(f), x.end + _WINDOW)
        mottos = [m for m in PARTY_MOTTO.finditer(f, lo, hi) if _is_caps(ctx.text[m.start():m.end()])]
        if not mottos and any(_is_caps(ctx.text[m.start():m.end()]) for m in _STATE_MOTTO.finditer(f, lo, hi)):
            continue  # a State document's header ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
        pd = _place_date(ctx, lo, hi)
        if not mottos and pd is None:
            continue
        anchors = [x.start] + [m.start() for m in mottos[:1]] + ([pd[2]] if pd else [])
        top = min(anchors)
        a, _ = _line_bounds(ctx.text, top)
        start = a
        lines = 0
        while start > 0 and lines < 4:  # the issuer lines above: capitals, between stars and rules
            pa, _ = _line_bounds(ctx.text, start - 1)
            prev = ctx.text[pa:start - 1].strip(" \t|*-_—–")
            if prev and not _is_caps(prev):
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
                      _cased(named))
    return None


# ---------------------------------------------------------------- who issued and signed


def _committee_of(ctx: Context, body: BodyFact | None, superior: BodyFact | None) -> BodyFact | None:
    """The Party committee a body belongs to: itself, or the parent of a standing committee or
    an agency (the header's superior line, a body the text names, or the Central Committee)."""
    if body is None:
        return None
    if body.kind in _COMMITTEE_KINDS or body.kind in _CENTRAL_KINDS and body.kind is not BodyKind.CENTRAL_AGENCY:
        return body
    if body.parent is None:
        return superior
    known = [superior, *(bm.body for bm in ctx.bodies), *(bm.parent for bm in ctx.bodies)]
    parent = next((c for c in known if c is not None and c.id == body.parent), None)
    if parent is None and body.kind is BodyKind.CENTRAL_AGENCY:
        parent = central_body("Ban Chấp hành Trung ương")
    return parent or superior


def _enacting(ctx: Context, pos: int) -> BodyFact | None:
    """The body of the enacting clause after the header: "…, Bộ Chính trị quy định", "Ban
    Bí thư ban hành Quy chế …", "BAN CHẤP HÀNH TRUNG ƯƠNG QUY ĐỊNH …" — a body that is the
    subject of its clause (at the head of a line or after a comma) followed by the verb."""
    limit = min(len(ctx.text), pos + 2500)
    for bm in ctx.bodies_between(pos, limit):
        if not _ENACTING.match(ctx.folded, bm.end):
            continue
        line_a = ctx.text.rfind("\n", 0, bm.start) + 1
        lead = ctx.text[line_a:bm.start].strip()
        if not lead or lead.endswith((",", ":")):
            return bm.body
    return None


@lru_cache(maxsize=1)
def _posts() -> re.Pattern[str]:
    heads = {fold_key(h) for h in reference.title_heads()}
    return re.compile(r"(?:(?:pho|quyen)\s+)?(?:" + trie_regex(heads) + r")(?:\s+thuong truc)?")


def _post_title(folded_post: str) -> str:
    """'pho bi thu thuong truc' → 'Phó Bí thư Thường trực', in the written form of the heads."""
    written = {fold_key(h): h for h in reference.title_heads()}
    words = folded_post.split()
    prefix = {"pho": "Phó", "quyen": "Quyền"}.get(words[0]) if words else None
    if prefix:
        words = words[1:]
    qual = words[-2:] == ["thuong", "truc"] and " ".join(words) not in written
    if qual:
        words = words[:-2]
    head = written.get(" ".join(words), " ".join(words).capitalize())
    return " ".join(p for p in (prefix, head, "Thường trực" if qual else None) if p)


def _split_post(ctx: Context, a: int, b: int) -> tuple[int, int] | None:
    """Where the signer's post stands in [a, b): the longest post phrase that ends the stretch."""
    seg = ctx.folded[a:b].rstrip()
    for m in re.finditer(r"(?:^|\s)(?=\S)", seg):
        k = m.end()
        if _posts().fullmatch(seg, k):
            return a + k, a + len(seg)
    return None


def _behalf(ctx: Context, raw: str, committee: BodyFact | None, issuer: BodyFact | None) -> BodyFact | None:
    """The body named after T/M or T/L: a central body, else one of the header's committee."""
    key = fold_key(raw)
    if not key:
        return None
    body = central_body(raw)
    if body is not None:
        return body
    if committee is not None:
        if key in ("tinh uy", "thanh uy", "huyen uy", "quan uy", "thi uy", "dang uy", "ban chap hanh",
                   "ban chap hanh dang bo", fold_key(committee.name)):
            return committee
        return _cased(_compose(ctx, raw, committee))
    return issuer if issuer is not None and fold_key(issuer.name).startswith(key) else None


def _post_body(ctx: Context, title: str, behalf: BodyFact | None, committee: BodyFact | None,
               issuer: BodyFact | None) -> BodyFact | None:
    """The body of the signer's post: "Bí thư" of the committee, "Trưởng Ban" of the agency."""
    key = fold_key(title)
    if key in ("tong bi thu", "thuong truc ban bi thu") or committee is None:
        return None
    if re.fullmatch(r"(?:pho )?bi thu(?: thuong truc)?", key):
        return committee if committee.kind not in _CENTRAL_KINDS else None
    agency = issuer if issuer is not None and issuer.kind in (BodyKind.CENTRAL_AGENCY,
                                                               BodyKind.COMMITTEE_AGENCY) else None
    if re.fullmatch(r"(?:pho )?(?:truong ban|chu nhiem)", key):
        return agency
    if re.fullmatch(r"(?:pho )?chanh van phong", key):
        if agency is not None and fold_key(agency.name).startswith("van phong"):
            return agency
        return _compose(ctx, "Văn phòng", committee)
    return None


def _name_in(ctx: Context, a: int, b: int) -> tuple[int, int] | None:
    """The last personal name in [a, b): two to five words in title case or capitals, the first
    a family name (or three words or more: a signature's place vouches for the rarer family
    names, "Ma Văn Phúc")."""
    best = None
    for m in re.finditer(r"(?<![\w])[^\W\d_]+(?: [^\W\d_]+){1,4}", ctx.text[a:b]):
        words = m.group(0).split()
        for k in range(len(words) - 1):
            cand = words[k:]
            if fold_key(cand[0]) not in reference.surnames() and len(cand) < 3:
                continue
            if all(w[:1].isupper() and (w.isupper() or w[1:].islower() or len(w) == 1) for w in cand):
                start = a + m.start() + len(" ".join(words[:k])) + (1 if k else 0)
                best = (start, start + len(" ".join(cand)))
                break
    return best


def _signatures(ctx: Context, header: Header, committee: BodyFact | None) -> list[Signature]:
    """The signature blocks after the header."""
    out: list[Signature] = []
    for m in _MARK.finditer(ctx.folded, header.end):
        if not ctx.text[m.start()].isupper():
            continue
        mode = {"tm.": "T/M", "kt.": "K/T", "tl.": "T/L", "q.": "Q."}.get(m["mode"], m["mode"].replace(" ", "").upper())
        _, line_end = _line_bounds(ctx.text, m.end())
        head_a, head_b = m.end(), line_end
        tail = re.search(r"[\s,;]*$", ctx.text[head_a:head_b])
        head_b = head_a + (tail.start() if tail else len(ctx.text[head_a:head_b]))
        if not _is_caps(ctx.text[head_a:head_b]):
            continue  # a block names a body or a post in capitals: "Q. Ba Đình" is a district
        post: tuple[int, int] | None = None
        # one line: "T/M BAN THƯỜNG VỤ BÍ THƯ" — the post ends it when what stands before it names a body
        split = _split_post(ctx, head_a, head_b)
        behalf_raw = ctx.text[head_a:head_b]
        if split is not None and split[0] > head_a:
            left = ctx.text[head_a:split[0]]
            principal = _posts().fullmatch(fold_key(left)) is not None  # "K/T BÍ THƯ PHÓ BÍ THƯ"
            if principal if mode == "K/T" else _behalf(ctx, left, committee, header.issuer) is not None:
                behalf_raw, post = left, split
        pos = line_end + 1
        name: tuple[int, int] | None = None
        for _ in range(6):
            if pos >= len(ctx.text):
                break
            a, b = _line_bounds(ctx.text, pos)
            pos = b + 1
            gap = next(reversed(list(re.finditer(r"\S\s{3,}(?=\S)", ctx.text[a:b]))), None)
            if gap is not None:  # columns side by side: the signature is the right-hand one
                a += gap.end()
            elif re.match(r"\s*(?:[-+•]|noi nhan|kinh gui)", ctx.folded[a:b]):
                continue  # a line of the recipients' column
            line = ctx.text[a:b]
            if not line.strip() or _SIGNED_NOTE.fullmatch(fold(line)):
                continue
            if post is None:
                caps = re.search(r"(?:[^\W\d_]*[A-ZĐÀ-Ỹ][^\W\d_]*\s*)+$", line.rstrip())
                hit = _split_post(ctx, a + caps.start(), a + len(line.rstrip())) if caps else None
                if hit is not None:
                    post = hit
                    continue
            name = _name_in(ctx, a, b)
            if name is not None and ctx.body_at(name[0]) is None and not _posts().fullmatch(ctx.folded, *name):
                break
            name = None
        if name is None:
            continue
        body = _behalf(ctx, behalf_raw, committee, header.issuer) if mode in ("T/M", "T/L") else None
        title = _post_title(ctx.folded[post[0]:post[1]]) if post else None
        post_body = _post_body(ctx, title, body, committee, header.issuer) if title else None
        raw_name = ctx.text[name[0]:name[1]]
        clean = " ".join(w.capitalize() if w.isupper() else w for w in raw_name.split())
        role, full = title, title
        if title and post_body is not None:
            # "Trưởng Ban" + "Ban Tổ chức …" is "Trưởng Ban Tổ chức …", as a post is named in text
            words, body_words = title.split(), post_body.name.split()
            shared = next((k for k in (2, 1) if len(words) > k
                           and fold_key(" ".join(words[-k:])) == fold_key(" ".join(body_words[:k]))), 0)
            role = " ".join(words[:len(words) - shared])
            full = f"{role} {post_body.name}"
        out.append(Signature(m.start(), name[1], mode, body, role, full, post_body, clean, name[0], name[1]))
    return out


# ---------------------------------------------------------------- recipients


def _recipients(ctx: Context, start: int) -> tuple[list[Recipient], int]:
    """The items of "Nơi nhận:" and "Kính gửi:" lists after an offset, and where they end.
    The archive copy ("Lưu …") and "Như trên" name no recipient."""
    out: list[Recipient] = []
    end = 0
    for m in _RECIPIENTS.finditer(ctx.folded, start):
        if not ctx.text[m.start()].isupper():
            continue
        pos = m.end()
        items = 0
        while pos < len(ctx.text) and items < 25:
            _, b = _line_bounds(ctx.text, pos)
            line = ctx.text[pos:b]
            if not line.strip():
                if items:
                    break
                pos = b + 1
                continue
            marker = _ITEM_MARK.match(line)
            if items and marker is None:
                break
            if marker is None and re.match(r"\s{3,}", line):
                pos = b + 1  # "Nơi nhận:      T/M BAN BÍ THƯ": the next column, not an item
                continue
            lead = marker.end() if marker else len(line) - len(line.lstrip())
            a = pos + lead
            item = ctx.text[a:b]
            # a column of the signature block may share the line: "- Bộ Chính trị,   PHÓ BÍ THƯ"
            cut = re.search(r"\s{3,}|\s+(?=(?:T/M|K/T|T/L)\b)", item)
            if cut:
                item = item[:cut.start()]
            item = item.rstrip(" ,;.")
            key = fold(item)
            # the archive copy and "Như trên" name no recipient; "Các huyện ủy, …" is a class of bodies
            if item and not key.startswith(("luu", "nhu tren", "nhu dieu", "cac ")) and not _MARK.match(key):
                found = tuple(dict.fromkeys(bm.body for bm in ctx.bodies_between(a, a + len(item))))
                if not found:
                    plain = re.sub(r"\s*\([^)]*\)\s*$", "", item)
                    c = central_body(plain)
                    found = (c,) if c is not None else ()
                out.append(Recipient(a, a + len(item), item, found))
            if m["cue"] == "noi nhan":  # "Kính gửi" stands at the top: the text goes on after it
                end = max(end, a + len(item))
            items += 1
            pos = b + 1
    return out, end
