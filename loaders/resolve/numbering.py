"""When was document number N of a series issued? Numbers restart with each term and grow
with time, so the authority list's dated documents are anchors of a per-series line.

Used to decide which term a bare number belongs to ("39-CT/TW" in a 2016 article cannot
be the 39th directive of khóa XII, which came in 2019-2020, so it is the 2014 one) and to
estimate a year the text does not give. Estimates are marked as such in the output.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache

from ontology import reference
from ontology.reference import RefDocument, Term

# Days between consecutive numbers of a series with no dated document in the list.
DEFAULT_DAYS_PER_NUMBER = 30.0
# A single low number says little about a series' pace (01-HD/TW came eight months into
# khóa XIII); slopes are taken from numbers from this one up.
MIN_ANCHOR = 5


def series_key(type_code: str, issuer_code: str) -> tuple[str, str]:
    """The key of a numbering series: type code and issuer code, folded to upper case."""
    return type_code.upper(), issuer_code.upper()


@lru_cache(maxsize=1)
def _anchors() -> dict[tuple[tuple[str, str], str], list[tuple[int, date]]]:
    out: dict[tuple[tuple[str, str], str], list[tuple[int, date]]] = defaultdict(list)
    for d in reference.central_documents():
        if d.issued:
            out[(series_key(d.type_code, d.issuer_code), d.term)].append((d.number, d.issued))
    for v in out.values():
        v.sort()
    return dict(out)


@lru_cache(maxsize=4096)
def _slope(key: tuple[str, str]) -> float | None:
    """Days per number of a series, from its anchors in every term."""
    slopes = []
    for t in reference.terms():
        pts = [p for p in _anchors().get((key, t.term), []) if p[0] >= MIN_ANCHOR]
        if pts:
            n, d = pts[-1]
            slopes.append((d - t.start).days / n)
    return sum(slopes) / len(slopes) if slopes else None


def has_anchors(type_code: str, issuer_code: str) -> bool:
    """Whether the authority list dates any document of this series."""
    return _slope(series_key(type_code, issuer_code)) is not None


def estimate(type_code: str, issuer_code: str, number: int, term: Term) -> date:
    """The likely issue date of a number in a term: linear between dated anchors, and past
    the last one at the series' pace."""
    return estimate_with_spread(type_code, issuer_code, number, term)[0]


def estimate_with_spread(type_code: str, issuer_code: str, number: int, term: Term) -> tuple[date, float]:
    """The estimate and how far off it may be, in days: zero between two dated anchors,
    else the distance to the nearest anchor times the series' pace (the pace of one series
    varies between terms, so extrapolation grows uncertain fast)."""
    key = series_key(type_code, issuer_code)
    pts = [(0, term.start)] + _anchors().get((key, term.term), [])
    below = max((p for p in pts if p[0] <= number), key=lambda p: p[0])
    above = [p for p in pts if p[0] > number]
    if above:
        hi = min(above, key=lambda p: p[0])
        span = (hi[1] - below[1]).days
        est = below[1] + timedelta(days=span * (number - below[0]) / (hi[0] - below[0]))
        spread = 0.0 if below[0] > 0 else span * 0.25
    else:
        slope = _slope(key) or DEFAULT_DAYS_PER_NUMBER
        est = below[1] + timedelta(days=slope * (number - below[0]))
        spread = slope * (number - below[0])
    if term.end and est > term.end:
        est = term.end
    return est, spread


def candidates(type_code: str | None, issuer_code: str, number: int, kind: object = None) -> list[RefDocument]:
    """Documents of the authority list with this number in this series (or of this kind)."""
    out = []
    for d in reference.central_documents():
        if d.number != number or d.issuer_code.upper() != issuer_code.upper():
            continue
        if type_code is not None and d.type_code.upper() == type_code.upper() or kind is not None and d.kind == kind:
            out.append(d)
    return out


def nearest_plenum(term: Term, day: date) -> date | None:
    """The middle of the month of the term's plenum nearest to a day. A resolution of the
    Central Committee itself is adopted at one of its plenums (12-NQ/TW at the 4th plenum
    of khóa XI, 36-NQ/TW at the 8th of khóa XII), so an estimate of its date moves there."""
    months = [date.fromisoformat(f"{m}-15") for (t, _), m in reference.plenum_months().items() if t == term.term]
    return min(months, key=lambda d: abs((d - day).days)) if months else None
