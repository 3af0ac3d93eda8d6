"""Build a canonical ``DocumentFact`` from the mentions that resolved to it.

What the text says wins; reference facts (the authority list) fill the gaps and are
marked in ``basis``. The year comes from the text, else the reference facts, else the
term when the span from the term's start to the text's date lies in one calendar year,
else an estimate from the numbering of the series (``basis`` says "estimate").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from loaders.find.documents import DocMention
from loaders.lexicon import central_body, cue_ending
from loaders.resolve import numbering
from loaders.text.context import Context
from ontology import reference
from ontology.records import BodyFact, DocumentFact, Span
from ontology.reference import RefDocument
from ontology.text import fold
from ontology.vocab import BodyKind, DocKind, DocSystem


@dataclass(frozen=True, slots=True)
class Resolution:
    """How one mention resolved: the document it names and what the resolution adds to
    the text's facts (the authority-list entry, the owner of a local series …)."""

    doc_id: str
    basis: str = "text"
    resolved: bool = True
    symbol: str | None = None
    term: str | None = None
    ref: RefDocument | None = None
    owner: BodyFact | None = None  # the body whose local series the symbol belongs to
    issuer_default: BodyFact | None = None  # the body a central symbol names (…/BTCTW)
    local_term: str | None = None
    year: int | None = None  # a State document's year (from its symbol or date)
    plenum: int | None = None
    congress: str | None = None
    candidates: tuple[str, ...] = ()
    note: str | None = None


def spans_of(ctx: Context, xs: list[DocMention]) -> tuple[Span, ...]:
    """The distinct spans of a document's mentions."""
    seen = []
    for x in xs:
        end = x.end
        while end > x.start and ctx.text[end - 1].isspace():
            end -= 1
        s = Span(x.start, end, ctx.text[x.start:end])
        if s not in seen:
            seen.append(s)
    return tuple(seen)


def _whole_title(subject: str | None) -> str | None:
    """A subject that is more than the cue before another reference: "Kế hoạch … về thực
    hiện <Chỉ thị …>" leaves "thực hiện", which names no subject."""
    if not subject:
        return None
    return None if len(subject.split()) <= 4 and cue_ending(fold(subject)) is not None else subject


def build_document(ctx: Context, doc_id: str, group: list[tuple[DocMention, Resolution]]) -> DocumentFact:
    """Merge the mentions of one document in one source."""
    xs = [x for x, _ in group]
    rs = [r for _, r in group]
    # the first value each field is given, read in one pass over the resolutions and one over the
    # mentions (not a generator or a list per field: this runs for every document of every text);
    # a value is given when it is neither None nor empty
    ref: RefDocument | None = None
    owner: BodyFact | None = None
    issuer_default: BodyFact | None = None
    symbol = r_term = r_basis = r_year = congress = note = None
    candidates: tuple[str, ...] = ()
    all_resolved, resolved_symbol = True, False
    for r in rs:
        if ref is None and r.ref is not None:
            ref = r.ref
        if not r.resolved:
            all_resolved = False
        elif r.symbol:
            resolved_symbol = True
        if owner is None and r.owner is not None:
            owner = r.owner
        if issuer_default is None and r.issuer_default is not None:
            issuer_default = r.issuer_default
        if symbol is None and r.symbol not in (None, ""):
            symbol = r.symbol
        if r_term is None and r.term not in (None, ""):
            r_term = r.term
        if r_basis is None and r.basis not in (None, ""):
            r_basis = r.basis
        if r_year is None and r.year not in (None, ""):
            r_year = r.year
        if congress is None and r.congress not in (None, ""):
            congress = r.congress
        if note is None and r.note not in (None, ""):
            note = r.note
        if not candidates and r.candidates:
            candidates = r.candidates
    resolved = all_resolved or resolved_symbol
    first: DocMention | None = None
    issued = x_issuer = x_term = plenum = dm = x_year = subject = congress_of = None
    for x in xs:
        if first is None and x.form in ("full", "state"):
            first = x
        if issued is None and x.issued not in (None, ""):
            issued = x.issued
        if x_issuer is None and x.issuer_body not in (None, ""):
            x_issuer = x.issuer_body
        if x_term is None and (x.form != "full" or not x.issuer_body) and x.term not in (None, ""):
            x_term = x.term
        # the record's plenum is the one the text names the document by ("Nghị quyết Trung ương 4,
        # khóa XII", "Nghị quyết số 18-NQ/TW … Hội nghị lần thứ sáu"); "tại Hội nghị lần thứ tư"
        # only says where it was adopted (ADOPTED_AT)
        if plenum is None and x.plenum_named and x.plenum not in (None, ""):
            plenum = x.plenum
        if dm is None and x.issued_dm not in (None, ""):
            dm = x.issued_dm
        if x_year is None and x.year not in (None, ""):
            x_year = x.year
        if x.subject and (subject is None or len(x.subject) > len(subject)):  # the longest, the first of equals
            subject = x.subject
        if congress_of is None and x.congress_of:
            congress_of = x.congress_of
    if first is None:
        first = xs[0]
    # a central symbol names its issuer ("26-HD/BTCTW … của Bộ Chính trị" is Ban Tổ chức's)
    issuer = issuer_default or x_issuer
    term = r_term if r_term is not None else x_term
    basis = str(r_basis or "text")
    if issued is None and ref is not None and ref.issued is not None:
        issued = ref.issued
        basis = "reference" if basis in ("date", "reference", "plenum") else basis
    if issued is None and dm is not None:
        day, month = dm
        year = x_year or _year_from_term(ctx)
        if year:
            try:
                issued = date(year, month, day)
            except ValueError:
                issued = None
    if issuer is None and ref is not None:
        issuer = central_body(ref.issuer)
    if issuer is None and first.system is not DocSystem.STATE:
        issuer = owner
    plenary = first.kind is DocKind.NGHI_QUYET and issuer is not None and issuer.kind is BodyKind.CENTRAL_COMMITTEE
    year, year_basis = _year(ctx, xs, issued, term, symbol, plenary)
    if year is None:
        year = r_year
    if year is None and owner is not None and symbol and first.system is DocSystem.PARTY:
        year = _local_year(ctx, owner)
        basis = "term" if year else basis
    if year_basis == "estimate":
        basis = "estimate"
    number = next((x.number for x in xs if x.number is not None), ref.number if ref else None)
    if congress and issued is None:
        t = reference.term_by_name(str(congress))
        if t:
            year = t.start.year
    # a province's congress resolution is titled by its congress
    title = congress_of or _whole_title(subject) or (ref.subject if ref and ref.subject else None)
    return DocumentFact(
        id=doc_id,
        kind=first.kind,
        system=first.system,
        number=f"{number:02d}" if number is not None and symbol else (str(number) if number is not None else None),
        symbol=str(symbol) if symbol else None,
        issuer=issuer.id if issuer else None,
        issuer_name=issuer.name if issuer else None,
        scope=owner.name if owner else None,
        scope_id=owner.id if owner else None,
        issued=issued,
        year=year,
        term=str(term) if term else None,
        plenum=plenum or None,
        congress=str(congress) if congress else None,
        title=title,
        resolved=bool(resolved) and bool(symbol or congress or congress_of),
        candidates=candidates,
        basis=basis,
        note=note,
        mentions=spans_of(ctx, xs),
    )


# An estimated year is given only when the estimate may be off by less than this.
MAX_SPREAD_DAYS = 200


def _local_year(ctx: Context, owner: BodyFact) -> int | None:
    """The year of a local document the text dates by nothing but its own date: the year of
    the text when its series began that year (the local term, or a committee founded by the
    2025 merger) — the document lies between the two."""
    day = ctx.published
    if day is None:
        return None
    start = reference.local_term_at(day).start
    if (owner.kind is BodyKind.PROVINCIAL_COMMITTEE and owner.province and day >= reference.MERGER_EFFECTIVE
            and reference.founded_by_merger(owner.province)):
        start = max(start, reference.MERGER_EFFECTIVE)
    return start.year if start.year == day.year else None


def _year_from_term(ctx: Context) -> int | None:
    """The year of a document dated by day and month under a term: the text's own year."""
    day = ctx.reference_date
    return day.year if day else None


def _year(ctx: Context, xs: list[DocMention], issued: date | None, term: str | None, symbol: str | None,
          plenary: bool = False) -> tuple[int | None, str]:
    if issued:
        return issued.year, "text"
    for x in xs:
        if x.year:
            return x.year, "text"
        if x.state_year:
            return x.state_year, "text"
    if not symbol or not term:
        return None, ""
    t = reference.term_by_name(str(term))
    day = ctx.reference_date
    if t is None:
        return None, ""
    upper = min(d for d in (day, t.end) if d) if (day or t.end) else None
    if upper and upper >= t.start and upper.year == t.start.year:
        return t.start.year, "term"
    numbered = next((x for x in xs if x.number is not None and x.type_code), None)
    if numbered is None or upper is None or ctx.published is None and ctx.lower_bound is None:
        return None, ""
    code, iss = str(symbol).split("/", 1) if "/" in str(symbol) else (numbered.type_code or "", "TW")
    est, spread = numbering.estimate_with_spread(code, iss, numbered.number or 0, t)
    if plenary and (at := numbering.nearest_plenum(t, est)) is not None:
        est = at
    if ctx.published and est > ctx.published:
        est = ctx.published
    if spread > MAX_SPREAD_DAYS:
        return None, ""  # too uncertain: no year is better than a wrong one
    return est.year, "estimate"
