"""The day of a meeting from the sentence that reports it.

A day without a year ("ngày 23-12") takes the year of the page: on or before its publication
date (or the end of the month its date line gives); without one, the year of the latest date
the text mentions, but not before the documents and plenums the paragraph carries out; or the year
the meeting says of itself (a review of N years of carrying out a document of year Y: Y + N). Dates
inside a document reference's modifiers date the document, not the meeting, unless a time
of day ("sáng 16/9") says otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from loaders.find.documents import DocMention, in_chain
from loaders.read.meta import published_month_from_text
from loaders.text.context import Context
from loaders.text.dates import DateMention, complete, last_weekday
from ontology import reference

# a time of day dates an event, never a document, even where a reference's subject runs on
# ("Nghị quyết số 59-NQ/TW về hội nhập quốc tế diễn ra vào sáng 16/9")
_TIME_OF_DAY = re.compile(r"(?:vao\s+)?(?:sang|chieu|toi|trua|dem)\b")
@dataclass(frozen=True, slots=True)
class Bounds:
    """Where a day without a year may fall: on or before the page's day (its publication date,
    or the end of the month its date line gives); else in the year of the latest date the text
    mentions, but not before the documents and plenums its own paragraph carries out."""

    before: date | None
    after: date | None


def day_bounds(ctx: Context) -> Bounds:
    """The bounds of a day without a year in this text."""
    before = ctx.published
    if before is None:
        ym = published_month_from_text(ctx.text)
        if ym:
            y, m = ym
            before = date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)
    return Bounds(before, ctx.lower_bound)


def _doc_day(x: DocMention) -> date | None:
    """The day a document was issued: as the text dates it, else its plenum's month, else the
    authority list's day when the reference names no year."""
    day = x.issued
    months = reference.plenum_months()
    if day is None and x.plenum and x.term and (x.term, x.plenum) in months:
        y, m = months[(x.term, x.plenum)].split("-")[:2]
        day = date(int(y), int(m), 1)
    elif day is None and x.number and x.issuer_code and not x.year:
        issued = {r.issued for r in _reference_index().get((x.type_code or "", x.issuer_code, x.number), ())}
        if issued and None not in issued and len({d.year for d in issued if d}) == 1:
            day = min(d for d in issued if d)
    return day


def _floor(ctx: Context, docs: list[DocMention], a: int, b: int) -> date | None:
    """The latest day a meeting told in ``[a, b)`` cannot precede: the documents named there
    (their dates, or the authority list's when the text gives none) and the plenums named there."""
    best: date | None = None
    for x in docs:
        if not a <= x.start < b:
            continue
        floor = _doc_day(x)
        if floor and (best is None or floor > best):
            best = floor
    return best


# "sơ kết 5 năm thực hiện Chỉ thị số 39-CT/TW …", "tổng kết 10 năm thực hiện Nghị quyết …": a review
# held that many years after the document it reviews was issued
_YEARS_OF = re.compile(r"(?<![\w])(?:so ket|tong ket)\s+(?P<n>\d{1,2}|mot|hai|ba|bon|nam|sau|bay|tam|chin|muoi)\s+nam\s+"
                       r"(?:thuc hien|trien khai|thi hanh|hoc tap)(?![\w])")
_YEAR_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10}


def _implied_year(ctx: Context, a: int, b: int, docs: list[DocMention]) -> int | None:
    """The year a meeting told in ``[a, b)`` says of itself: a review of N years of carrying out a
    document issued in year Y was held in Y + N. (Not a congress by its term: "nhiệm kỳ 2020 -
    2025" congresses were held in 2019 and in 2020.)"""
    review = _YEARS_OF.search(ctx.folded, a, b)
    if review is None:
        return None
    n = int(review["n"]) if review["n"].isdigit() else _YEAR_WORDS[review["n"]]
    doc = next((x for x in docs if review.end() <= x.start < b), None)
    day = _doc_day(doc) if doc is not None else None
    return day.year + n if day is not None else None


@lru_cache(maxsize=1)
def _reference_index() -> dict[tuple[str, str, int], tuple[reference.RefDocument, ...]]:
    out: dict[tuple[str, str, int], list[reference.RefDocument]] = {}
    for r in reference.central_documents():
        out.setdefault((r.type_code, r.issuer_code, r.number), []).append(r)
    return {k: tuple(v) for k, v in out.items()}


def _day(ctx: Context, d: DateMention, previous: date | None, bounds: Bounds, floor: date | None,
         implied: int | None = None) -> date | None:
    if d.kind == "full":
        return d.as_date()
    if d.kind == "day_month" and d.day and d.month:
        if bounds.before:
            return complete(d.day, d.month, before=bounds.before)
        if implied is not None:  # no page date: the year the meeting says of itself, not before the text's latest date
            try:
                said = date(implied, d.month, d.day)
            except ValueError:
                said = None
            if said is not None and (bounds.after is None or said >= bounds.after) and (floor is None or said >= floor):
                return said
        if bounds.after:
            try:
                same_year = date(bounds.after.year, d.month, d.day)
            except ValueError:
                same_year = None
            if same_year and (floor is None or same_year >= floor):
                return same_year
        after = max((x for x in (bounds.after, floor) if x), default=None)
        return complete(d.day, d.month, after=after) if after else None
    if d.kind == "weekday":
        return last_weekday(d.cue, ctx.published) if ctx.published else None
    base = previous or ctx.published
    if base is None:
        return None
    return base + {"same_day": timedelta(0), "next_day": timedelta(1), "prev_day": timedelta(-1)}.get(d.kind, timedelta(0))


def meeting_date(ctx: Context, a: int, b: int, docs: list[DocMention], previous: date | None,
                  bounds: Bounds) -> date | None:
    """The date of a meeting from its sentence: day-level dates outside document modifiers."""
    cands = [d for d in ctx.dates_between(a, b)
             if d.kind in ("full", "day_month", "same_day", "next_day", "prev_day", "weekday")
             and (not in_chain(d.start, docs) or _TIME_OF_DAY.match(d.cue))]
    cands.sort(key=lambda d: (d.kind not in ("full", "day_month"), d.start))
    para = (ctx.text.rfind("\n", 0, a) + 1, (ctx.text.find("\n", b) + 1 or len(ctx.text) + 1) - 1)
    undated = any(d.kind == "day_month" for d in cands) and not bounds.before
    floor = _floor(ctx, docs, *para) if undated else None
    implied = _implied_year(ctx, a, b, docs) if undated else None
    for d in cands:
        day = _day(ctx, d, previous, bounds, floor, implied)
        if day:
            return day
    return None
