"""The compiled patterns of document references, built once from ``ontology/data``.

All patterns run on folded text (lower case, no diacritics, same length as the
normalised text). Forms, with the real texts that forced them:

- full:     "số 09-KL/BTCTW", "số 26 - NQ/TW", "số 01- KH/CTĐ", "10-Ctr/TU", "03-CT-TW",
            "41/QĐ/TW", "05/CT-TW", "Số: 16 -\\nHD/BTCTW" (hard-wrapped header), "15-CT/T.Ư",
            "493-CV/T.U", "36-NQ.TW", "02-CTrHĐ/TU", "445-KL/TƯ" (a scanned TU)
- state:    "08/NQ-CP", "114/2014/NĐ-CP", "1314/NQ-UBTVQH15", "742/QĐ-UBND", "16/TTr- STTTT",
            "586-/KH-UBND" (typed as State documents)
- short:    "Chỉ thị 05", "Quy định 144", "Kết luận số 21", "Kế hoạch số 52", "NQ 26", "CT05", "KL số 21", "NQ/TW 26" (its series)
- plenum:   "Nghị quyết Trung ương 4, khóa XII", "NQTW 6 khóa XIII", "NQTƯ 4",
            "Nghị quyết Trung ương 4, 6, 7, 8 (khóa XII)", "Nghị quyết Trung ương 4 (khóa XI, XII)", "Nghị quyết Hội nghị lần thứ tư BCH TW
            khóa XII", "Kết luận của Hội nghị TƯ 7 khoá XI", "Kết luận, Quy định của Hội nghị
            lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XIII)"
- congress: "Nghị quyết Đại hội XIII", "Nghị quyết XIII của Đảng"
- local congress: "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh (Bình Định) lần thứ XX", "Nghị quyết Đại
            hội lần thứ XVII Đảng bộ thành phố Hà Nội", "Nghị quyết Đại hội XI của Đảng bộ thành phố"; a
            district's: "Nghị quyết Đại hội Đảng bộ huyện Krông Pắc lần thứ XIII", "Nghị quyết Đại hội lần
            thứ XXV Đảng bộ huyện Định Hóa", "… Đảng bộ thị xã Sơn Tây …", "… Đảng bộ quận Ba Đình …"
"""

from __future__ import annotations

import re
from functools import lru_cache

from loaders.text.triggers import gate, gate_later
from ontology import reference
from ontology.text import fold_key, trie_regex

ORDINALS = {
    "nhat": 1, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10, "muoi mot": 11, "muoi hai": 12, "muoi ba": 13, "muoi bon": 14, "muoi tu": 14, "muoi lam": 15,
    "muoi nam": 15, "muoi sau": 16, "muoi bay": 17, "muoi tam": 18,
}
_ORD = r"(?:\d{1,2}|" + "|".join(sorted(ORDINALS, key=len, reverse=True)) + r")"
_TERM = r"(?:[ivxl]{1,5}|\d{1,2})"
_CC = r"(?:ban chap hanh trung uong|ban chap hanh tw|bch trung uong|bch tw|bchtw|trung uong)(?:\s+dang)?"


def ordinal(word: str) -> int | None:
    """'tư' → 4, '11' → 11 (folded input)."""
    w = " ".join(word.split())
    return int(w) if w.isdigit() else ORDINALS.get(w)


@lru_cache(maxsize=1)
def code_table() -> dict[str, str]:
    """Folded type code → canonical code ('qdi' → 'QĐi', 'ctr' → 'CTr')."""
    out: dict[str, str] = {}
    for t in reference.doc_types():
        for c in t.codes:
            out.setdefault(fold_key(c), c)
    return out


@lru_cache(maxsize=1)
def type_words() -> dict[str, reference.DocType]:
    """Folded names that introduce a reference ('chi thi' → Chỉ thị), longest first."""
    out: dict[str, reference.DocType] = {}
    for t in reference.doc_types():
        for n in t.names:
            if len(n) > 4:  # abbreviations are matched by ABBREV, in upper case only
                out.setdefault(fold_key(n), t)
    return dict(sorted(out.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def abbreviations() -> tuple[str, ...]:
    """Folded abbreviations that name a type before a bare number ("NQ 26", "CT05", "QĐ 55"):
    the short names of ``doc_types.yaml``."""
    return tuple(sorted({fold_key(n) for t in reference.doc_types() for n in t.names if len(n) <= 4},
                        key=lambda a: (-len(a), a)))


def _words_alt() -> str:
    return trie_regex(list(type_words()))


@lru_cache(maxsize=1)
def patterns() -> dict[str, re.Pattern[str]]:
    """Compiled patterns by form."""
    words = _words_alt()
    # "26-NQ/TW", "26 - NQ/TW", "41/QĐ/TW", "21-KL-TW", "586-/KH-UBND", "15-CT/T.Ư", "26-NQ.TW"
    sym = (r"(?P<num>\d{1,5})\s*(?P<sep>-\s*/|[-/])\s*(?:(?P<syear>(?:19|20)\d{2})\s*/\s*)?"
           r"(?P<code>[a-z]{1,6})(?:\s*(?P<sep2>[/-])\s*|\.(?=[a-z]))"
           r"(?P<iss>(?:[a-z]\.\s?(?=[a-z]))?[a-z]{1,10}\d{0,3})(?![a-z0-9])")
    # the symbol is the anchor (fast to find); the type word before it is read by "lead"
    full = re.compile(rf"(?<![\d/.-]){sym}")
    lead = re.compile(rf"(?:(?<![\w])(?P<word>{words})\s+(?:(?:so|so hieu)\s*:?\s*)?|(?P<so>(?<![\w])so\s*:?\s*))$")
    short = re.compile(
        rf"(?<![\w])(?P<word>{words})\s+(?:so\s+)?(?P<num>\d{{1,4}})(?![\d])(?!\s*[-/]{{1,2}}\s*[a-z])(?![.,]\d)"
    )
    abbrev = re.compile(rf"(?<![\w])(?P<code>{trie_regex(abbreviations())})(?P<tw>\s?[/.]\s?tw\s)?\s?(?:so\s+)?"
                        rf"(?P<num>\d{{1,3}})(?![\d\w])"
                        r"(?!\s*[-/]{1,2}\s*[a-z])")
    more = re.compile(r"(?P<sep>\s*[;,]\s*|\s+va\s+)(?:so\s+)?(?P<num>\d{1,4})(?![\d\w/%.-])(?!\s+(?:nam|thang|ngay|nguoi|%))")
    types = rf"(?P<types>(?:{words}|nq|kl)(?:\s*(?:,|va)\s*(?:{words}))*)"
    plenum_a = re.compile(
        rf"(?<![\w]){types}(?:\s+|(?<=nq|kl)(?=t))(?:cua\s+)?(?:hoi nghi\s+)?(?:trung uong|tw|t\.\s?u|tu)\s*(?:lan thu\s+)?"
        rf"(?P<plist>{_ORD}(?:\s*(?:,|va)\s*{_ORD})*)(?![\w])"
        rf"(?:\s*,?\s*\(?\s*khoa\s+(?P<tlist>{_TERM}(?:\s*(?:,|va)\s*{_TERM})*)(?![\w])\s*\)?)?"
    )
    plenum_b = re.compile(
        rf"(?<![\w]){types}\s+(?:cua\s+)?(?:tai\s+)?hoi nghi\s+(?:lan thu\s+)?(?P<p>{_ORD})\s*,?\s*{_CC}"
        rf"(?:\s*,?\s*\(?\s*khoa\s+(?P<t>{_TERM})(?![\w])\s*\)?)?"
    )
    congress = re.compile(
        r"(?<![\w])nghi quyet\s+(?:(?:dai hoi|dh)\s+(?:(?:dai bieu toan quoc|dang toan quoc|toan quoc)\s+)?"
        r"(?:lan thu\s+)?(?P<t1>[ivxl]{1,5})(?![\w])(?!\s+(?:cua\s+)?dang bo)|(?P<t2>[ivxl]{1,5})\s+cua dang)"
    )
    # a province's congress: its ordinal before the Đảng bộ, or after it and its name ("lần thứ XX")
    local_congress = re.compile(
        r"(?<![\w])nghi quyet\s+(?:dai hoi|dh)\s+(?:dai bieu\s+)?(?:(?:lan thu\s+)?(?P<o1>[ivxl]{1,5})\s+(?:cua\s+)?)?"
        r"(?P<org>dang bo\s+(?P<level>tinh|thanh pho|huyen|quan|thi xa))(?![\w])"
    )
    for rx in (lead, short, abbrev, plenum_a, plenum_b, congress, local_congress):  # found by the trigger pass
        gate(rx)
    # what every match of a plenum form holds after its type words, looked for once in a text
    # before the form is tried at each type word (a text without it has no such reference): the
    # plenum and the ordinal after it, the list going on or ending there; the plenum's ordinal and
    # the Central Committee
    plenum_a_anchor = re.compile(rf"t(?:rung uong|w|\.\s?u|u)\s*(?:lan thu\s+)?{_ORD}(?:(?![\w])|\s*(?:,|va))")
    plenum_b_anchor = re.compile(rf"hoi nghi\s+(?:lan thu\s+)?{_ORD}\s*,?\s*{_CC}")
    return {"full": full, "lead": lead, "short": short, "abbrev": abbrev, "more": more, "plenum_a": plenum_a,
            "plenum_b": plenum_b, "congress": congress, "local_congress": local_congress,
            "plenum_a_anchor": plenum_a_anchor,
            "plenum_b_anchor": plenum_b_anchor}


gate_later(patterns)


# ----------------------------------------------------------- modifiers after a reference

MOD_SKIP = re.compile(r"[\s,]*(?:\(\s*)?")
# the close of a parenthesis a reference's modifiers opened, and the next one's opening
MOD_CLOSE = re.compile(r"\s*\)[\s,]*(?:\(\s*)?")
MOD_NGAY = re.compile(r"ngay\s+")
MOD_YEAR = re.compile(r"nam\s+(?P<y>(?:19|20)\d{2})(?!\d)")
MOD_OF = re.compile(r"(?:cua|do)\s+")
# "… đã được <body> ban hành": the agent of an issuing verb after the reference is its issuer
MOD_BY = re.compile(r"(?:(?:da|vua|moi|cung)\s+)*duoc\s+")
MOD_BY_VERB = re.compile(r"\s*(?:(?:da|vua|moi)\s+)*(?:ky ban hanh|ban hanh|ky)(?!\w)")
MOD_TERM = re.compile(rf"khoa\s+(?P<t>{_TERM})(?![\w])\s*\)?")
MOD_PLENUM = re.compile(
    rf"(?P<at>tai\s+|thong qua tai\s+)?(?:cua\s+)?hoi nghi\s+(?:lan thu\s+(?P<p1>{_ORD})\s*,?\s*{_CC}|(?:trung uong|tw|t\.\s?u)\s*(?:lan thu\s+)?(?P<p2>{_ORD}))"
    rf"(?![\w])(?:\s*,?\s*\(?\s*khoa\s+(?P<t>{_TERM})(?![\w])\s*\)?)?"
)
# "Nghị quyết 18 là nghị quyết quan trọng của Hội nghị Trung ương 5": the copula names the
# reference's plenum as an apposition does (the plenum itself is read by MOD_PLENUM)
MOD_IS = re.compile(r"la\s+(?:mot\s+)?(?:nghi quyet|chi thi|ket luan|quy dinh|van kien)(?:\s+[a-z]+){0,4}?\s+"
                    r"(?=(?:cua\s+)?hoi nghi\s)")
MOD_MEETING = re.compile(r"(?:tai\s+|cua\s+)?(?P<noun>hoi nghi|dai hoi)\s+(?!lan thu|trung uong|tw\b)")
MOD_SUBJECT = re.compile(r"[\"“”«]?\s*ve\s+")
MOD_QUOTED = re.compile(r"[\"“«]")
# a State issuer after "của / do" that the body finder does not name: "của Thủ tướng", "của UBND tỉnh",
# "của Ủy ban nhân dân thành phố", "của HĐND tỉnh", "của Bộ Y tế" (not the Bộ Chính trị)
MOD_STATE_ISSUER = re.compile(r"(?:thu tuong|chinh phu|quoc hoi|ubnd|uy ban nhan dan|hdnd|hoi dong nhan dan|"
                              r"bo\s+(?!chinh tri(?![\w]))[a-z]+)(?![\w])")
