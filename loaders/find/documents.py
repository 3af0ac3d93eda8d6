"""Find document references and what the text says about each: date, issuer, term, plenum,
subject. Resolution to canonical entities is the next stage (``loaders.resolve``)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import MISSING, dataclass, fields, make_dataclass, replace
from datetime import date
from typing import Any

from loaders.find import patterns as P
from loaders.lexicon import CENTRAL_KINDS, central_body, committee_of
from loaders.text.context import Context
from ontology import reference
from ontology.records import BodyFact
from ontology.reference import term_by_name
from ontology.text import fold_key, roman_to_int
from ontology.vocab import BodyKind, DocKind, DocSystem


@dataclass(frozen=True, slots=True)
class DocMention:
    """One reference to a document, as written, with the facts the text attaches to it."""

    start: int
    end: int
    form: str  # full | state | short | plenum | congress | local_congress
    kind: DocKind
    system: DocSystem = DocSystem.PARTY
    type_code: str | None = None
    issuer_code: str | None = None
    number: int | None = None
    state_year: int | None = None
    issued: date | None = None
    issued_dm: tuple[int, int] | None = None
    year: int | None = None
    term: str | None = None
    plenum: int | None = None
    issuer_body: BodyFact | None = None
    subject: str | None = None
    subject_start: int | None = None
    chain_end: int = 0
    adopted_at: tuple[int, int] | None = None
    # the reference names its plenum ("Nghị quyết số 18-NQ/TW … Hội nghị lần thứ sáu …",
    # "… của Hội nghị Trung ương 4"), not just where it was adopted ("… tại Hội nghị lần thứ tư")
    plenum_named: bool = False
    header: bool = False
    issuer_raw: str | None = None  # the issuer part as written ("TƯ", "T.U")
    term_written: int | None = None  # the number of the "khóa" after it, central or not (XV → 15)
    # a province's congress resolution: the congress it names, in its canonical form
    # ("Đại hội Đảng bộ tỉnh Bình Định lần thứ XX")
    congress_of: str | None = None


# A reference as first read, before its modifiers: the fields of ``DocMention``, not frozen (a
# frozen dataclass sets each of its fields through ``object.__setattr__``, four times the
# cost); ``_with_modifiers`` builds the ``DocMention`` of each, once.
_Draft: Any = make_dataclass("_Draft", [(f.name, f.type) if f.default is MISSING else (f.name, f.type, f.default)
                                        for f in fields(DocMention)], slots=True)

_STATE_YEAR = re.compile(r"\s*/\s*(?P<y>(?:19|20)\d{2})(?![\d/-])")


def _canonical_code(folded_code: str, kind_hint: DocKind | None) -> tuple[str, DocKind] | None:
    table = P.code_table()
    code = table.get(folded_code)
    if code is None:
        return None
    t = reference.type_for_code(code)
    if t is None:
        return None
    kind = t.kind
    if code == "QĐ" and kind_hint in (DocKind.QUY_DINH, DocKind.QUYET_DINH):
        kind = kind_hint
    elif code == "QĐ":
        kind = DocKind.QUY_DINH
    elif code == "TT" and kind_hint is DocKind.THONG_TU:
        kind = DocKind.THONG_TU
    return code, kind


def _issuer_code(ctx: Context, start: int, end: int) -> str:
    """The issuer part as a code: "T.Ư" and "TƯ" are Trung ương (TW); "T.U" is Tỉnh ủy (TU)."""
    up = ctx.text[start:end].replace(" ", "").upper()
    if up in ("TƯ", "T.Ư"):
        return "TW"
    return up.replace(".", "")


def _term_number(raw: str) -> int | None:
    """'XV' → 15, '15' → 15 (folded)."""
    raw = raw.strip()
    return int(raw) if raw.isdigit() else roman_to_int(raw)


def _term_name(raw: str) -> str | None:
    t = term_by_name(raw)
    return t.term if t else None


def find_mentions(ctx: Context) -> list[DocMention]:
    """All document references in the text, in order, without overlaps."""
    pats = P.patterns()
    f = ctx.folded
    found: list[Any] = []  # drafts
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(m: Any, shared: bool = False) -> None:
        if free(m.start, m.end) or (shared and (m.start, m.end) in taken):
            found.append(m)
            taken.append((m.start, m.end))

    lead_rx = pats["lead"]
    for m in pats["full"].finditer(f):
        window = max(0, m.start() - 48)
        lead = ctx.triggers.search(lead_rx, window, m.start())  # (tried at its words only: the trigger pass)
        start = lead.start() if lead else m.start()
        word = lead["word"] if lead else None
        so = bool(lead and lead["so"])
        word_type = P.type_words().get(" ".join(word.split())) if word else None
        hint = word_type.kind if word_type else None
        coded = _canonical_code(m["code"], hint)
        if coded is None:
            if m["sep"][-1] == "/" and m["sep2"] == "-" and m["code"] in reference.state_issuers():
                # a State office's letter: "văn bản số 4912/UBND-NC" (issuer, then its department)
                add(_Draft(start, m.end(), "state", DocKind.CONG_VAN, DocSystem.STATE,
                               ctx.text[m.start("code"):m.end("code")].upper(), _issuer_code(ctx, m.start("iss"), m.end("iss")),
                               int(m["num"])))
            continue
        code, kind = coded
        issuer = _issuer_code(ctx, m.start("iss"), m.end("iss"))
        iss_key = fold_key(issuer)
        party_issuer = reference.issuer_for_code(issuer) is not None
        # State symbols put a slash after the number and a hyphen before the issuer
        # ("742/QĐ-UBND", "16/TTr-STTTT"); Party ones a hyphen, then a slash ("09-KL/BTCTW")
        state = (iss_key in reference.state_issuers() or (m["sep"] == "/" and m["syear"] is not None)
                 or (m["sep"][-1] == "/" and m["sep2"] == "-" and not party_issuer))
        # "Số: 742/QĐ-UBND" at the head of a line near the top: the text's own number
        header = so and (start < 800 and f[max(0, start - 1)] in "\n|" or place_date_after(ctx, m.end()) is not None)
        if state:
            add(_Draft(start, m.end(), "state", kind if kind is not DocKind.QUY_DINH else DocKind.QUYET_DINH,
                           DocSystem.STATE, code, issuer, int(m["num"]),
                           state_year=int(m["syear"]) if m["syear"] else None, header=header))
            continue
        if not party_issuer and not ctx.text[m.start("iss")].isupper():
            continue
        if word_type is not None and word_type.kind is not kind and code != "QĐ":
            kind = word_type.kind  # "Chương trình hành động số 10-Ctr/TU"
        add(_Draft(start, m.end(), "full", kind, DocSystem.PARTY, code, issuer, int(m["num"]), header=header,
                       issuer_raw=ctx.text[m.start("iss"):m.end("iss")]))
    # (each plenum form is tried at the type words only in a text that holds its anchor, which
    # every match of the form holds: most texts hold none, and the type words are many)
    for m in ctx.triggers.finditer(pats["plenum_b"]) if pats["plenum_b_anchor"].search(f) else ():
        _add_plenum(m, m["types"], [m["p"]], [m["t"]] if m["t"] else [], add)
    for m in ctx.triggers.finditer(pats["plenum_a"]) if pats["plenum_a_anchor"].search(f) else ():
        if m["types"] in ("nq", "kl") and not ctx.text[m.start():m.start() + 2].isupper():
            continue  # "NQ TW4" only in capitals
        plist = re.split(r"\s*(?:,|\bva\b)\s*", m["plist"])
        tlist = re.split(r"\s*(?:,|\bva\b)\s*", m["tlist"]) if m["tlist"] else []
        _add_plenum(m, m["types"], plist, tlist, add)
    for m in ctx.triggers.finditer(pats["congress"]):
        raw = m["t1"] or m["t2"]
        span = m.start("t1") if m["t1"] else m.start("t2")
        if not ctx.text[span].isupper():
            continue
        term = _term_name(raw)
        if term:
            add(_Draft(m.start(), m.end(), "congress", DocKind.NGHI_QUYET, term=term))
    for m in ctx.triggers.finditer(pats["local_congress"]):
        draft = _local_congress(ctx, m)
        if draft is not None:
            add(draft)
    for m in ctx.triggers.finditer(pats["short"]):
        t = P.type_words()[" ".join(m["word"].split())]
        n = int(m["num"])
        if n == 0 or n >= 1900:
            continue
        if (y := _STATE_YEAR.match(f, m.end())) is not None:
            # "Nghị quyết số 202/2025 của Quốc hội": a State text numbered within its year
            add(_Draft(m.start(), y.end(), "state", t.kind if t.kind is not DocKind.QUY_DINH else DocKind.QUYET_DINH,
                           DocSystem.STATE, _short_code(t.kind), None, n, state_year=int(y["y"])))
            continue
        add(_Draft(m.start(), m.end(), "short", t.kind, number=n, type_code=_short_code(t.kind)))
        pos = m.end()
        while (more := pats["more"].match(f, pos)) is not None:
            k = int(more["num"])
            if k == 0 or k >= 1900:
                break
            add(_Draft(more.start("num"), more.end("num"), "short", t.kind, number=k, type_code=_short_code(t.kind)))
            pos = more.end()
    for m in ctx.triggers.finditer(pats["abbrev"]):
        if not ctx.text[m.start():m.end("code")].isupper():
            continue
        coded = _canonical_code(m["code"], None)
        if coded and m["tw"]:  # "NQ/TW 26": the series written before the number
            add(_Draft(m.start(), m.end(), "full", coded[1], DocSystem.PARTY, coded[0], "TW", int(m["num"]),
                       issuer_raw="TW"))
        elif coded:
            add(_Draft(m.start(), m.end(), "short", coded[1], number=int(m["num"]), type_code=coded[0]))
    found.sort(key=lambda x: x.start)
    ctx.doc_starts = sorted({x.start for x in found})
    out = []
    starts = ctx.doc_starts
    for x in found:
        i = bisect.bisect_right(starts, x.start)  # the next reference's start
        out.append(_with_modifiers(ctx, x, starts[i] if i < len(starts) else len(f)))
    return _share_trailing(ctx, out)


_LIST_GAP = re.compile(r"\s*(?:,|va|,\s*va)\s*")


def _share_trailing(ctx: Context, xs: list[DocMention]) -> list[DocMention]:
    """In a list of one series' numbers under one type word, qualified once at its end
    ("Nghị quyết số 18-NQ/TW, 19-NQ/TW ngày 25/10/2017 của Hội nghị Trung ương 6"), the
    qualifiers belong to every item: the year, term, plenum and issuer (not the exact day,
    which neighbours in a list need not share)."""
    out = list(xs)
    for i in range(len(out) - 2, -1, -1):
        a, b = out[i], out[i + 1]
        if a.form != "full" or b.form != "full" or (a.type_code, a.issuer_code) != (b.type_code, b.issuer_code):
            continue
        if a.chain_end > a.end or not _LIST_GAP.fullmatch(ctx.folded, a.end, b.start):
            continue
        if not ctx.folded[b.start].isdigit():
            continue  # "Chỉ thị 05-CT/TW và Chỉ thị 35-CT/TW ngày 30/5/2019": each names its own
        year = b.year or (b.issued.year if b.issued else None)
        out[i] = replace(a, year=year, term=b.term, plenum=b.plenum, plenum_named=b.plenum_named,
                         issuer_body=b.issuer_body)
    return out


def _short_code(kind: DocKind) -> str | None:
    return reference.default_code(kind)


def _add_plenum(m: re.Match[str], types: str, plist: list[str], tlist: list[str],
                add: Callable[[Any, bool], None]) -> None:
    """One reference per type, plenum and term of a plenum form; they share the span."""
    kinds = [P.type_words()[" ".join(w.split())].kind
             for w in re.split(r"\s*(?:,|\bva\b)\s*", types) if " ".join(w.split()) in P.type_words()]
    terms: list[str | None] = [t for t in (_term_name(x) for x in tlist) if t] or [None]
    first = True
    for kind in kinds or [DocKind.NGHI_QUYET]:
        for p in plist:
            n = P.ordinal(p)
            if not n:
                continue
            for term in terms:
                add(_Draft(m.start(), m.end(), "plenum", kind, type_code=_short_code(kind), term=term, plenum=n),
                    not first)
                first = False


#: the characters each modifier's pattern can start with, as ``_with_modifiers`` tests them
#: before trying it (a whitespace character too where the flag is set);
#: tests/test_loaders_layout.py reads each pattern's first characters and checks them here
FIRST_LETTERS: dict[str, tuple[str, bool]] = {
    "MOD_NGAY": ("n", False), "MOD_YEAR": ("n", False), "MOD_IS": ("l", False), "MOD_PLENUM": ("tch", False),
    "MOD_OF": ("cd", False), "MOD_BY": ("dvmc", False), "MOD_TERM": ("k", False), "MOD_MEETING": ("tchd", False),
    "MOD_SUBJECT": ("v\"“”«", True), "MOD_QUOTED": ("\"“«", False),
}


_CONGRESS_ORDINAL = re.compile(r"\s*,?\s*lan thu\s+(?P<o>[ivxl]{1,5})(?![\w])")
_CONGRESS_TERM = re.compile(r"\s*,?\s*\(?\s*nhiem ky\s+(?P<y>(?:19|20)\d{2})\s*[-–]\s*(?:19|20)\d{2}")


def _local_congress(ctx: Context, m: re.Match[str]) -> Any:
    """A province's congress resolution ("Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ XX,
    nhiệm kỳ 2020 - 2025"): the province named after "Đảng bộ tỉnh / thành phố", else the
    article's (a "thành phố" only when the article's is a city), the ordinal before or after."""
    f, text = ctx.folded, ctx.text
    body = ctx.body_at(m.start("org"))
    if m["level"] not in ("tinh", "thanh pho") or body is not None and body.body.kind is BodyKind.DISTRICT_COMMITTEE:
        return _district_congress(ctx, m, body)  # a district's, or a provincial city's ("… thành phố Vinh")
    committee, end = None, m.end()
    if body is not None and body.end > m.end() and body.body.kind is BodyKind.PROVINCIAL_COMMITTEE:
        committee, end = body.body, body.end  # the province named after "Đảng bộ tỉnh"
    if committee is None:
        prov = ctx.province
        if prov is None or (m["level"] == "thanh pho") != (reference.committee_word(prov, ctx.published) == "Thành ủy"):
            return None
        committee = committee_of(prov, ctx.published)
    raw, span = m["o1"], m.start("o1")
    if raw is None and (after := _CONGRESS_ORDINAL.match(f, end)) is not None:
        raw, span, end = after["o"], after.start("o"), after.end()
    if raw is None or not text[span].isupper() or roman_to_int(raw) is None:
        return None
    years = _CONGRESS_TERM.match(f, end)
    level = "thành phố" if committee.name.startswith("Thành ủy") else "tỉnh"
    place = committee.name.split(" ", 2)[2].removeprefix("Thành phố ")
    name = f"Đại hội Đảng bộ {level} {place} lần thứ {raw.upper()}"
    return _Draft(m.start(), years.end() if years else end, "local_congress", DocKind.NGHI_QUYET,
                  issuer_body=committee, year=int(years["y"]) if years else None, congress_of=name)


def _district_congress(ctx: Context, m: re.Match[str], body: Any) -> Any:
    """A district's congress resolution ("Nghị quyết Đại hội Đảng bộ huyện Krông Pắc lần thứ XIII"):
    the district the body finder read after "Đảng bộ huyện / quận / thị xã", placed in the
    article's province (as news places a district: "huyện Châu Thành (Bến Tre)"), so that
    districts of one name in two provinces stay two; none without a province or a name."""
    f, text = ctx.folded, ctx.text
    if body is None or body.body.kind is not BodyKind.DISTRICT_COMMITTEE or body.end <= m.end():
        return None
    province = ctx.province.name if ctx.province is not None else body.body.province
    if province is None:
        return None
    raw, span, end = m["o1"], m.start("o1"), body.end
    if raw is None and (after := _CONGRESS_ORDINAL.match(f, end)) is not None:
        raw, span, end = after["o"], after.start("o"), after.end()
    if raw is None or not text[span].isupper() or roman_to_int(raw) is None:
        return None
    years = _CONGRESS_TERM.match(f, end)
    level = text[m.start("level"):m.end("level")].lower()
    place = body.body.name.split(" ", 2)[2]
    name = f"Đại hội Đảng bộ {level} {place} ({province}) lần thứ {raw.upper()}"
    return _Draft(m.start(), years.end() if years else end, "local_congress", DocKind.NGHI_QUYET,
                  issuer_body=body.body, year=int(years["y"]) if years else None, congress_of=name)


def _with_modifiers(ctx: Context, x: Any, limit: int) -> DocMention:
    """Read the chain of modifiers after a reference: ngày …, năm …, của <body>, khóa …,
    tại Hội nghị …, về <subject>."""
    f = ctx.folded
    sent_end = ctx.sentences.at(x.start)[1]
    limit = min(limit, sent_end)
    pos = x.end
    issued, year, term, plenum, issuer, subject, adopted = x.issued, x.year, x.term, x.plenum, x.issuer_body, None, None
    issued_dm = None
    written: int | None = None
    subject_start = None
    plenum_named = x.form == "plenum"
    state_named = False  # a State issuer the body finder does not name
    opened = False  # a parenthesis the chain opened: "Kế hoạch số 140 (ngày 8/1/2020) của Tỉnh ủy …"
    for _ in range(10):
        skip = (P.MOD_CLOSE if opened else P.MOD_SKIP).match(f, pos, limit)
        if opened and skip is None:
            skip = P.MOD_SKIP.match(f, pos, limit)
        elif opened:
            opened = False
        p = skip.end() if skip else pos
        opened = opened or "(" in f[pos:p]
        if p >= limit:
            break
        c = f[p]  # each modifier's pattern is tried only where its first letter stands (``FIRST_LETTERS``)
        d = ctx.date_at(p) or (ctx.date_at(m.end()) if c == "n" and (m := P.MOD_NGAY.match(f, p, limit)) else None)
        if d is not None:
            if issuer is not None and _opens_clause(ctx, d.end, limit):
                break  # "… của Bộ Chính trị, ngày 5/4/2024 Ban Thường vụ Huyện ủy ban hành …": the next clause's day
            if d.kind == "full" and issued is None:
                issued = d.as_date()
            elif d.kind == "day_month" and issued is None and d.day and d.month:
                issued_dm = (d.day, d.month)
            elif d.kind == "year" and year is None:
                year = d.year
            pos = d.end
            continue
        if c == "n" and (m := P.MOD_YEAR.match(f, p, limit)) is not None:
            year = year or int(m["y"])
            pos = m.end()
            continue
        if plenum is None and c == "l" and (m := P.MOD_IS.match(f, p, limit)) is not None and P.MOD_PLENUM.match(f, m.end(), limit):
            p = m.end()
            c = f[p]
        if c in "tch" and (m := P.MOD_PLENUM.match(f, p, limit)) is not None:
            if plenum is None:
                plenum_named = not m["at"]
            plenum = plenum or P.ordinal(m["p1"] or m["p2"])
            if m["t"]:
                term = term or _term_name(m["t"])
            pos = m.end()
            continue
        if c in "cd" and (m := P.MOD_OF.match(f, p, limit)) is not None:
            b = ctx.body_at(m.end())
            if b is not None:
                issuer = issuer or b.body
                pos = b.end
                continue
            if f.startswith("trung uong", m.end()):
                issuer = issuer or central_body("Ban Chấp hành Trung ương")
                pos = m.end() + len("trung uong")
                continue
            if issuer is None and (st := P.MOD_STATE_ISSUER.match(f, m.end(), limit)) is not None \
                    and ctx.text[m.end()].isupper():
                state_named = True  # "Chỉ thị 05 của Thủ tướng", "Quyết định 37 của UBND tỉnh"
                pos = st.end()
            break
        if issuer is None and c in "dvmc" and (m := P.MOD_BY.match(f, p, limit)) is not None:
            b = ctx.body_at(m.end())
            verb = P.MOD_BY_VERB.match(f, b.end, limit) if b is not None else None
            if b is not None and verb is not None:
                issuer = b.body  # "Kế hoạch số 97-KH/TU đã được Ban Thường vụ Tỉnh ủy Bến Tre ban hành …"
                on = P.MOD_NGAY.match(f, verb.end() + 1, limit)
                d = ctx.date_at(on.end()) if on is not None and f[verb.end():verb.end() + 1] == " " else None
                if d is not None and d.kind == "full" and issued is None:
                    issued = d.as_date()  # "… ban hành ngày 22/12/2016"
                pos = b.end  # (the verb stays out of the chain: the participle the relation cues read)
                continue
        b = ctx.body_at(p)
        if b is not None and issuer is None and x.form != "plenum":
            if "," in f[pos:p]:
                break  # "Thực hiện Kế hoạch số 46-KH/TU, Ban Thường vụ Huyện ủy Bình Sơn (Quảng Ngãi) đã ban
                # hành <A>", "… Chỉ thị số 05-CT/TW, Tỉnh ủy Bến Tre ban hành <A>": after a comma the body opens
                # the next clause (its subject), it is not the reference's issuer
            issuer = b.body  # "Kế hoạch số 126-KH/TU Ban Thường vụ Tỉnh ủy"
            pos = b.end
            continue
        if c == "k" and (m := P.MOD_TERM.match(f, p, limit)) is not None:
            if issuer is None or issuer.kind in CENTRAL_KINDS:
                term = term or _term_name(m["t"])
            written = written or _term_number(m["t"])
            pos = m.end()
            continue
        if c in "tchd" and (m := P.MOD_MEETING.match(f, p, limit)) is not None and adopted is None:
            if m.start("noun") == p and "," in f[pos:p]:
                break  # "… thực hiện Chỉ thị số 45-CT/TW, Đại hội … sẽ diễn ra": after a comma a bare
                # meeting opens the next clause; "tại/của Hội nghị …" still says where it was adopted
            end = _clause_end(f, m.end(), limit)
            adopted = (m.start("noun"), end)
            pos = end
            continue
        if ((c in "v\"“”«" or c.isspace()) and (m := P.MOD_SUBJECT.match(f, p, limit)) is not None
                or c in "\"“«" and (m := P.MOD_QUOTED.match(f, p, limit)) is not None):
            end = _subject_end(ctx, m.end(), limit)
            subject = ctx.text[m.end():end].strip(" ,;:\"“”«»()")
            subject_start = p
            pos = end
            break
        break
    system, kind = x.system, x.kind
    if x.form == "short" and (state_named or issuer is not None and issuer.kind is BodyKind.STATE_BODY):
        # "Nghị quyết 18 của Chính phủ", "Quyết định 35 của Thủ tướng Chính phủ": a State text
        system, kind = DocSystem.STATE, kind if kind is not DocKind.QUY_DINH else DocKind.QUYET_DINH
    # every field named: built directly, not by dataclasses.replace (twice as fast, and this
    # runs for every reference); tests/test_loaders_layout.py checks that no field is left out
    return DocMention(start=x.start, end=x.end, form=x.form, kind=kind, system=system, type_code=x.type_code,
                      issuer_code=x.issuer_code, number=x.number, state_year=x.state_year, issued=issued,
                      issued_dm=issued_dm, year=year, term=term, plenum=plenum, issuer_body=issuer,
                      subject=subject or None, subject_start=subject_start, chain_end=pos, adopted_at=adopted,
                      plenum_named=plenum_named, header=x.header, issuer_raw=x.issuer_raw, term_written=written,
                      congress_of=x.congress_of)




def _opens_clause(ctx: Context, pos: int, limit: int) -> bool:
    """Whether a body's name follows (after a comma, if any): the date before it opens that
    body's clause rather than closing the reference."""
    m = _SPACE_COMMA.match(ctx.folded, pos, limit)
    at = m.end() if m else pos
    return at < limit and ctx.text[at].isupper() and ctx.body_at(at) is not None


_SPACE_COMMA = re.compile(r"\s*,?\s*")
# a committee named without its place ("Tỉnh ủy", "Ban Thường vụ Huyện ủy")
_BARE_COMMITTEE = re.compile(r"(?:ban thuong vu |ban chap hanh |thuong truc )?(?:tinh uy|thanh uy|huyen uy|quan uy|thi uy|dang uy)")
# a body's verb that makes it a clause's subject: "…, Tỉnh ủy Bến Tre (đã) ban hành …"
_CLAUSE_VERB = re.compile(r"\s+(?:(?:da|vua|se|cung|moi|tiep tuc|kip thoi)\s+)*"
                          r"(?:ban hanh|xay dung|ky ban hanh|chi dao|trien khai|to chuc|co)\b")
_CLAUSE_END = re.compile(r"[,;.:()\n\"“”]")


def _clause_end(f: str, start: int, limit: int) -> int:
    m = _CLAUSE_END.search(f, start, limit)
    return m.start() if m else limit


_SUBJECT_STOP = re.compile(
    r"[;.\n()]|[\"”»]|,\s+(?:ngay|cua|do|tai)\s|\s(?:va|gan voi|cung voi)\s+(?:viec\s+)?(?:thuc hien|trien khai)\s|"
    r"\s+va\s+(?=(?:cac\s+)?(?:chuong trinh|ke hoach|nghi quyet|chi thi|ket luan|quy dinh|huong dan|quyet dinh|de an)\b)"
)


_JOINER_BEFORE = re.compile(r"(?:\s*(?:[,;]|(?<!\w)(?:va|cung nhu|hoac)(?!\w)))+\s*$")


def _subject_end(ctx: Context, start: int, limit: int) -> int:
    m = _SUBJECT_STOP.search(ctx.folded, start, limit)
    end = m.start() if m else limit
    nxt = ctx.next_doc_start(start)
    if nxt is not None and nxt < end:
        end = nxt
    # "… về <subject> và <the next reference>": the joining word is the list's, not the subject's
    joined = _JOINER_BEFORE.search(ctx.folded, start, end)
    if joined is not None and joined.start() > start:
        end = joined.start()
    # "… về sắp xếp tổ chức bộ máy, Tỉnh ủy ban hành <A>": a body with its verb after a comma
    # is the next clause's subject
    for comma in re.finditer(",", ctx.folded[start:end]):
        at = start + comma.end()
        while at < end and ctx.folded[at].isspace():
            at += 1
        if at >= end or not ctx.text[at].isupper():
            continue
        b = ctx.body_at(at)
        bare = _BARE_COMMITTEE.match(ctx.folded, at)  # "…, Tỉnh ủy ban hành"
        body_end = b.end if b is not None else (bare.end() if bare is not None else None)
        if body_end is not None and _CLAUSE_VERB.match(ctx.folded, body_end, limit):
            end = start + comma.start()
            break
    words = ctx.text[start:end].split()
    if len(words) > 30:
        end = start + len(" ".join(words[:30]))
    return end


# "Số: 16-CT/TW Hà Nội, ngày 12 tháng 09 năm 2007": a heading run into one line
_PLACE_AFTER = re.compile(r"\s*\|?\s*(?P<place>(?:TP\.\s?)?[^\W\d_]+(?:[ -][^\W\d_]+){0,4}),\s*ngày\s+(?=\d)")


def place_date_after(ctx: Context, pos: int) -> date | None:
    """The date of a place-date line right after a number ("… Hà Nội, ngày 12 tháng 09 năm 2007")."""
    m = _PLACE_AFTER.match(ctx.text, pos)
    if m is None or not all(w[:1].isupper() for w in m["place"].replace("-", " ").split()):
        return None
    d = ctx.date_at(m.end())
    return d.as_date() if d is not None and d.kind == "full" else None


def in_chain(pos: int, docs: list[DocMention]) -> bool:
    """Whether an offset lies inside a reference or the modifiers that follow it."""
    return any(d.start <= pos < max(d.end, d.chain_end) for d in docs)
