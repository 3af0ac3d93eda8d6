"""Build a canonical ``DocumentFact`` from the mentions that resolved to it.

What the text says wins; reference facts (the authority list) fill the gaps and are
marked in ``basis``. The year comes from the text, else the reference facts, else the
term when the span from the term's start to the text's date lies in one calendar year,
else an estimate from the numbering of the series (``basis`` says "estimate").
"""

from __future__ import annotations

from datetime import date

from loaders import numbering
from loaders.context import Context
from loaders.documents import DocMention
from ontology import reference
from ontology.records import BodyFact, DocumentFact
from ontology.reference import RefDocument


def _first(values: list[object]) -> object:
    return next((v for v in values if v not in (None, "")), None)


def build_document(ctx: Context, doc_id: str, group: list[tuple[DocMention, dict[str, object]]]) -> DocumentFact:
    """Merge the mentions of one document in one source."""
    from loaders.bodies import central_body
    from loaders.resolve import spans_of

    xs = [x for x, _ in group]
    infos = [i for _, i in group]
    first = next((x for x in xs if x.form in ("full", "state")), xs[0])
    ref: RefDocument | None = _first([i.get("ref") for i in infos])  # type: ignore[assignment]
    resolved = all(i.get("resolved", True) for i in infos) or any(i.get("resolved", True) for i in infos
                                                                  if i.get("symbol"))
    symbol = _first([i.get("symbol") for i in infos])
    issued: date | None = _first([x.issued for x in xs])  # type: ignore[assignment]
    issuer: BodyFact | None = _first([x.issuer_body for x in xs])  # type: ignore[assignment]
    owner: BodyFact | None = _first([i.get("owner") for i in infos])  # type: ignore[assignment]
    issuer_default: BodyFact | None = _first([i.get("issuer_default") for i in infos])  # type: ignore[assignment]
    term = _first([i.get("term") for i in infos] + [x.term for x in xs if x.form != "full" or not x.issuer_body])
    # the record's plenum is the one the text names the document by ("Nghị quyết Trung ương 4,
    # khóa XII", "Nghị quyết số 18-NQ/TW … Hội nghị lần thứ sáu"); "tại Hội nghị lần thứ tư"
    # only says where it was adopted (ADOPTED_AT)
    plenum = _first([x.plenum for x in xs if x.plenum_named])
    subject = max((x.subject for x in xs if x.subject), key=len, default=None)
    basis = str(_first([i.get("basis") for i in infos]) or "text")
    dm = _first([x.issued_dm for x in xs])
    if issued is None and ref is not None and ref.issued is not None:
        issued = ref.issued
        basis = "reference" if basis in ("date", "reference", "plenum") else basis
    if issued is None and dm is not None:
        day, month = dm  # type: ignore[misc]
        year = _first([x.year for x in xs]) or _year_from_term(ctx, term)  # type: ignore[arg-type]
        if year:
            try:
                issued = date(int(year), month, day)  # type: ignore[arg-type]
            except ValueError:
                issued = None
    if issuer is None and ref is not None:
        issuer = central_body(ref.issuer)
    if issuer is None:
        issuer = issuer_default or owner
    year, year_basis = _year(ctx, xs, issued, term, symbol, doc_id)  # type: ignore[arg-type]
    if year_basis == "estimate":
        basis = "estimate"
    number = next((x.number for x in xs if x.number is not None), ref.number if ref else None)
    congress = _first([i.get("congress") for i in infos])
    if congress and issued is None:
        t = reference.term_by_name(str(congress))
        if t:
            year = t.start.year
    title = subject or (ref.subject if ref and ref.subject else None)
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
        plenum=int(plenum) if plenum else None,  # type: ignore[call-overload]
        congress=str(congress) if congress else None,
        title=title,
        resolved=bool(resolved) and bool(symbol or congress),
        candidates=tuple(_first([i.get("candidates") for i in infos]) or ()),  # type: ignore[arg-type]
        basis=basis,
        note=_first([i.get("note") for i in infos]),  # type: ignore[arg-type]
        mentions=spans_of(ctx, xs),
    )


# An estimated year is given only when the estimate may be off by less than this.
MAX_SPREAD_DAYS = 200


def _year_from_term(ctx: Context, term: object) -> int | None:
    day = ctx.reference_date
    return day.year if day else None


def _year(ctx: Context, xs: list[DocMention], issued: date | None, term: object, symbol: object,
          doc_id: str) -> tuple[int | None, str]:
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
    x = next((x for x in xs if x.number is not None and x.type_code), None)
    if x is None or upper is None or ctx.published is None and ctx.lower_bound is None:
        return None, ""
    code, iss = str(symbol).split("/", 1) if "/" in str(symbol) else (x.type_code or "", "TW")
    est, spread = numbering.estimate_with_spread(code, iss, x.number or 0, t)
    if ctx.published and est > ctx.published:
        est = ctx.published
    if spread > MAX_SPREAD_DAYS:
        return None, ""  # too uncertain: no year is better than a wrong one
    return est.year, "estimate"
