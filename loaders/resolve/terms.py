"""The term (khóa) of a central reference, and how near two subjects are.

Numbers of a central series restart with every congress term, so the term is part of a
central document's key. It comes from the text (a date, "khóa XII", a plenum), else from
the authority list of central documents (the entry whose subject matches), else from the
years of work the text counts before it ("tổng kết 10 năm thực hiện <B>": the entry of about
that year, or the term of that year), else from the authority list again (the latest entry
that already existed), else from the numbering of the series (``numbering``): the latest
term in which that number already existed on the day of the text.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from loaders.find.documents import DocMention
from loaders.resolve import numbering
from loaders.text.context import Context
from ontology import reference
from ontology.reference import RefDocument, term_at, term_by_name
from ontology.text import fold_key

_STOP = {"ve", "cua", "va", "cac", "trong", "doi", "voi", "tai", "nhung", "mot", "so", "viec", "cho", "de", "theo", "dang"}
GRACE = timedelta(days=45)
# the share of an estimate's spread by which a term's number may come sooner than estimated
SPREAD_SHARE = 0.25


def _words(text: str | None) -> set[str]:
    """The content words of a folded subject."""
    return {w for w in re.findall(r"[a-z0-9]+", fold_key(text or "")) if w not in _STOP}


def subject_match(a: str | None, b: str | None) -> float:
    """Overlap of the content words of two subjects (0 when either is missing)."""
    wa, wb = _words(a), _words(b)
    shared = wa & wb
    if len(shared) < 3:  # "xây dựng Đảng" says too little to tell two resolutions apart
        return 0.0
    return len(shared) / min(len(wa), len(wb))


def issued_after(ref: RefDocument, published: date | None) -> bool:
    """Whether an authority-list document came after a text published on a day (beyond the
    grace of a late publication date): the text cannot cite it."""
    return published is not None and ref.issued is not None and ref.issued > published + GRACE


def _term_number(name: str) -> int:
    """The number of a term by its name (0 for none)."""
    term = term_by_name(name)
    return term.number if term else 0


def series_term(code: str, issuer: str, number: int, x: DocMention, ctx: Context,
                 refs: list[RefDocument]) -> tuple[str | None, RefDocument | None, str]:
    """The term of a central reference and the authority-list entry it is, with the basis."""
    if x.term:
        ref = next((r for r in refs if r.term == x.term), None)
        return x.term, ref, "text"
    if x.issued:
        t = term_at(x.issued)
        ref = next((r for r in refs if t and r.term == t.term), None)
        return (t.term if t else None), ref, "text"
    if x.year:
        t = term_at(date(x.year, 7, 1))
        ref = next((r for r in refs if r.issued and r.issued.year == x.year), None)
        if ref:
            return ref.term, ref, "text"
        return term_of_year(code, issuer, number, x.year), None, "text"
    if x.subject:
        cited = [r for r in refs if not issued_after(r, ctx.published)]
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in cited), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term, scored[0][1], "subject"
    day = ctx.reference_date
    years = _years_of_work(ctx, x.start)
    if day is not None and years is not None:
        # "tổng kết 10 năm thực hiện Nghị quyết 29-NQ/TW" in 2022: the one of about 2012
        year = day.year - years
        near = [r for r in refs if r.issued and abs(r.issued.year - year) <= 1]
        if len(near) == 1:
            return near[0].term, near[0], "years of work"
        if not any(r.issued and abs(r.issued.year - year) <= 3 for r in refs):
            term = term_of_year(code, issuer, number, year)
            if term is not None:
                return term, next((r for r in refs if r.term == term), None), "years of work"
    if day is None:
        if len(refs) == 1:
            return refs[0].term, refs[0], "reference"
        return None, None, "unresolved"
    # A document of the authority list that already existed wins over one only estimated:
    # the list holds the documents that are cited (the latest such one if several).
    known = [r for r in refs if r.issued is None or r.issued <= day + GRACE]
    if known:
        ref = max(known, key=lambda r: _term_number(r.term))
        return ref.term, ref, "date"
    if ctx.published is None and refs:
        # without a publication date the text's latest date only bounds it from below: a text
        # that mentions 2013 at the latest may cite a 2024 resolution, the earliest listed one
        ref = min(refs, key=lambda r: r.issued or date.max)
        return ref.term, ref, "date"
    for t in reversed(reference.terms()):
        if t.start > day:
            continue
        if any(r.term == t.term for r in refs):
            continue  # its document of that number came after the text
        if numbering.has_anchors(code, issuer):
            # the pace of a series varies between terms by a third or more (…/TW resolutions: 23
            # to 40 days a number), and an estimate carried over from another term's pace is
            # that uncertain (152-HD/BTGTW came in 2024, though khóa XII's pace puts the 152nd of
            # khóa XIII in late 2025): a term is ruled out only when the number had not been
            # reached even at a pace a third faster (a quarter of the estimate's spread sooner)
            est, spread = numbering.estimate_with_spread(code, issuer, number, t)
            if est - timedelta(days=spread * SPREAD_SHARE) <= day + GRACE:
                return t.term, None, "date"
            continue
        return t.term, None, "date"
    return None, None, "unresolved"


# "sơ kết 5 năm thực hiện", "sau 10 năm triển khai", "qua 3 năm thi hành" right before a reference
_YEARS_OF_WORK = re.compile(r"(?<![\w/.-])(?P<n>\d{1,2}|muoi)\s+nam\s+(?:(?:trien khai\s+)?thuc hien|trien khai|thi hanh|"
                            r"hoc tap va lam theo)\s+(?:cac\s+)?$")


def _years_of_work(ctx: Context, start: int) -> int | None:
    """The years of work the text counts right before a reference ("tổng kết 10 năm thực hiện
    <B>"): B was issued about that many years before the text."""
    m = _YEARS_OF_WORK.search(ctx.folded, max(0, start - 60), start)
    if m is None:
        return None
    n = 10 if m["n"] == "muoi" else int(m["n"])
    return n if 1 <= n <= 40 else None


def term_of_year(code: str, issuer: str, number: int, year: int) -> str | None:
    """The term of a number the text dates by its year only. In a congress year the year
    holds the old term's last weeks and the new term's first months: a number the new term
    cannot have reached by the year's end (399-QĐ/TW "năm 2026") is the old term's."""
    t = term_at(date(year, 7, 1))
    if t is None:
        return None
    prev = term_at(t.start - timedelta(days=1))
    if t.start.year != year or prev is None or not numbering.has_anchors(code, issuer):
        return t.term
    if numbering.estimate(code, issuer, number, t) > date(year, 12, 31):
        return prev.term
    return t.term
