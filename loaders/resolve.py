"""Resolve document references to canonical entities, in text order.

- Central series (…/TW, …/BTCTW …) are national; the term (khóa) is part of the key
  because numbers restart with every term. The term comes from the text (a date,
  "khóa XII", a plenum), else from the date of the mentioning text: the latest term in
  which that number already existed (``loaders.numbering``).
- Local series (…/TU, …/HU, …/ĐU, …/CTĐ) belong to their issuing body: the body named
  ("của Ban Thường vụ Tỉnh ủy"), else the article's province or unit.
- Short forms ("Chỉ thị 05", "Quy định 213") bind to a full reference in the same text,
  else to the one candidate of the reference facts; plenum forms ("Nghị quyết Trung
  ương 4, khóa XII") to the one resolution of that plenum. When more than one candidate
  remains the reference stays unresolved, with its candidates listed — never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from loaders import numbering
from loaders.context import Context
from loaders.documents import DocMention
from ontology import ids, reference
from ontology.records import BodyFact, DocumentFact, Span
from ontology.reference import RefDocument, term_at, term_by_name
from ontology.text import fold_key
from ontology.vocab import BodyKind, DocKind, DocSystem

_CENTRAL_BODY_CODE = {
    "body:ban-chap-hanh-trung-uong": "TW", "body:bo-chinh-tri": "TW", "body:ban-bi-thu": "TW",
    "body:ban-to-chuc-trung-uong": "BTCTW", "body:uy-ban-kiem-tra-trung-uong": "UBKTTW",
    "body:van-phong-trung-uong-dang": "VPTW", "body:ban-tuyen-giao-trung-uong": "BTGTW",
    "body:ban-dan-van-trung-uong": "BDVTW", "body:dang-doan-quoc-hoi": "ĐĐQH",
    "body:ban-noi-chinh-trung-uong": "BNCTW", "body:ban-kinh-te-trung-uong": "BKTTW",
}
_AGENCY_CODE = {"Ban Tổ chức": "BTCTU", "Ban Tuyên giáo": "BTGTU", "Ủy ban Kiểm tra": "UBKTTU",
                "Văn phòng": "VPTU", "Ban Dân vận": "BDVTU"}
_PROVINCIAL_KINDS = {BodyKind.PROVINCIAL_COMMITTEE, BodyKind.STANDING_COMMITTEE, BodyKind.COMMITTEE_AGENCY}
_NO_ISSUER = reference.Issuer("TW", True, "Ban Chấp hành Trung ương")
_STOP = {"ve", "cua", "va", "cac", "trong", "doi", "voi", "tai", "nhung", "mot", "so", "viec", "cho", "de", "theo", "dang"}
GRACE = timedelta(days=45)


@dataclass
class Resolved:
    """The canonical documents of a source and which one each mention resolved to."""

    documents: list[DocumentFact]
    by_mention: list[str]
    self_document: str | None = None
    warnings: list[str] = field(default_factory=list)


def _words(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold_key(text or "")) if w not in _STOP}


def subject_match(a: str | None, b: str | None) -> float:
    """Overlap of the content words of two subjects (0 when either is missing)."""
    wa, wb = _words(a), _words(b)
    shared = wa & wb
    if len(shared) < 3:  # "xây dựng Đảng" says too little to tell two resolutions apart
        return 0.0
    return len(shared) / min(len(wa), len(wb))


def _series_term(code: str, issuer: str, number: int, x: DocMention, ctx: Context,
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
        return (t.term if t else None), None, "text"
    if x.subject:
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in refs), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term, scored[0][1], "subject"
    day = ctx.reference_date
    if day is None:
        if len(refs) == 1:
            return refs[0].term, refs[0], "reference"
        return None, None, "unresolved"
    # A document of the authority list that already existed wins over one only estimated:
    # the list holds the documents that are cited (the latest such one if several).
    known = [r for r in refs if r.issued is None or r.issued <= day + GRACE]
    if known:
        ref = max(known, key=lambda r: term_by_name(r.term).number if term_by_name(r.term) else 0)
        return ref.term, ref, "date"
    for t in reversed(reference.terms()):
        if t.start > day:
            continue
        if any(r.term == t.term for r in refs):
            continue  # its document of that number came after the text
        if numbering.has_anchors(code, issuer):
            if numbering.estimate(code, issuer, number, t) <= day + GRACE:
                return t.term, None, "date"
            continue
        return t.term, None, "date"
    return None, None, "unresolved"


def _body_code(body: BodyFact | None) -> tuple[str | None, BodyFact | None]:
    """The issuer code of a body's series, and the body that owns the series."""
    if body is None:
        return None, None
    if body.id in _CENTRAL_BODY_CODE:
        return _CENTRAL_BODY_CODE[body.id], None
    if body.kind is BodyKind.PROVINCIAL_COMMITTEE:
        return "TU", body
    if body.kind is BodyKind.STANDING_COMMITTEE and body.parent:
        # a standing committee issues in its committee's series: "Ban Thường vụ Huyện ủy Cư Kuin" → …/HU
        name = body.name.removeprefix("Ban Thường vụ ")
        if name.startswith(("Tỉnh ủy", "Thành ủy")):
            return "TU", BodyFact(body.parent, name, BodyKind.PROVINCIAL_COMMITTEE, None, body.province)
        code = {"Quận ủy": "QU", "Thị ủy": "TXU"}.get(" ".join(name.split()[:2]), "HU")
        return code, BodyFact(body.parent, name, BodyKind.DISTRICT_COMMITTEE, None, body.province)
    if body.kind is BodyKind.COMMITTEE_AGENCY:
        for label, code in _AGENCY_CODE.items():
            if body.name.startswith(label):
                return code, body
    if body.kind is BodyKind.DISTRICT_COMMITTEE:
        return {"Quận ủy": "QU", "Thị ủy": "TXU"}.get(" ".join(body.name.split()[:2]), "HU"), body
    if body.kind is BodyKind.EMULATION_CLUSTER:
        return "CTĐ", body
    return None, None


def _local_owner(ctx: Context, code: str, x: DocMention) -> BodyFact | None:
    """The body whose local series a symbol belongs to."""
    _, owner = _body_code(x.issuer_body)
    if owner is not None:
        return owner
    key = code.upper()
    if key in ("ĐU", "DU", "ĐUK", "CB"):
        near = [b.body for b in ctx.bodies if b.body.kind is BodyKind.PARTY_COMMITTEE and b.start < x.start]
        return near[-1] if near else None
    if key == "CTĐ":
        before = [b.body for b in ctx.bodies if b.body.kind is BodyKind.EMULATION_CLUSTER and b.start < x.start]
        anywhere = [b.body for b in ctx.bodies if b.body.kind is BodyKind.EMULATION_CLUSTER]
        return (before or anywhere or [None])[-1]
    if key in ("HU", "QU", "TXU", "THU"):
        near = [b.body for b in ctx.bodies if b.body.kind is BodyKind.DISTRICT_COMMITTEE and b.start < x.start]
        return near[-1] if near else None
    if key in ("TU", *_AGENCY_CODE.values()):
        from loaders.bodies import _nearby_province, committee_of

        s0, _ = ctx.sentences.at(x.start)
        near = [b.body for b in ctx.bodies_between(s0, x.start) if b.body.kind is BodyKind.PROVINCIAL_COMMITTEE]
        if near:  # "Tỉnh ủy Hà Giang tiếp tục triển khai … thông qua Kế hoạch số 60-KH/TU"
            return near[-1]
        province = _nearby_province(ctx.text, ctx.folded, s0, x.start) or ctx.province
        if province is not None:
            return committee_of(province, ctx.reference_date)
        named = [reference.province_by_name(b.body.province) for b in ctx.bodies
                 if b.start < x.start and b.body.province and b.body.kind in _PROVINCIAL_KINDS]
        if named and named[-1] is not None:  # the province whose bodies the text last named
            return committee_of(named[-1], ctx.reference_date)
    return None


def _owner_place(owner: BodyFact) -> str:
    """How a local series' owner appears in ids: the province for its committee, else the
    owner's id (which carries its province: 'dang-uy-xa-thanh-binh-hai-duong')."""
    if owner.kind in _PROVINCIAL_KINDS and owner.province:
        return owner.province  # the code names the agency (…/BTCTU): the place is the province
    return owner.id.removeprefix("body:")


def _issuer_name(code: str) -> BodyFact | None:
    from loaders.bodies import central_body

    iss = reference.issuer_for_code(code)
    if iss is None or not iss.central or code.upper() in ("TW", "TƯ"):
        return None
    return central_body(iss.body)


def _group_key(ctx: Context, x: DocMention) -> tuple[object, ...]:
    """Mentions with the same key are one document: same series, same number."""
    if x.system is DocSystem.STATE:
        return ("state", (x.type_code or "").upper(), (x.issuer_code or "").upper(), x.number, x.state_year)
    iss = reference.issuer_for_code(x.issuer_code or "")
    if iss is not None and iss.central:
        return ("central", (x.type_code or "").upper(), (iss.canonical or iss.code).upper(), x.number)
    owner = _local_owner(ctx, x.issuer_code or "", x)
    return ("local", (x.type_code or "").upper(), (x.issuer_code or "").upper(), x.number, owner.id if owner else None)


def _combine(xs: list[DocMention]) -> DocMention:
    """One mention carrying what all mentions of a document say."""
    def first(attr: str) -> object:
        return next((getattr(x, attr) for x in xs if getattr(x, attr) is not None), None)

    subjects = [x.subject for x in xs if x.subject]
    return replace(
        xs[0], issued=first("issued"), issued_dm=first("issued_dm"), year=first("year"), term=first("term"),
        plenum=first("plenum"), issuer_body=first("issuer_body"), subject=max(subjects, key=len) if subjects else None,
        header=any(x.header for x in xs),
    )


def _strong_term(x: DocMention) -> str | None:
    """The term a central reference itself fixes (a date, "khóa XII", a year, a subject that
    matches one document of the authority list), or None."""
    if x.term:
        return x.term
    when = x.issued or (date(x.year, 7, 1) if x.year else None)
    if when is not None:
        t = term_at(when)
        return t.term if t else None
    if x.subject and x.number is not None and x.issuer_code:
        refs = numbering.candidates(x.type_code, (reference.issuer_for_code(x.issuer_code) or _NO_ISSUER).code,
                                    x.number, x.kind)
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in refs), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term
    return None


def _split_by_term(groups: dict[tuple[object, ...], list[DocMention]]) -> dict[int, tuple[object, ...]]:
    """Mentions of one number that fix different terms are different documents ("Chỉ thị
    35-CT/TW … tiến tới Đại hội XIV" and "Chỉ thị 35-CT/TW ngày 30/5/2019" in one article).
    A mention that fixes nothing follows the nearest one before it that does."""
    keys: dict[int, tuple[object, ...]] = {}
    for key, xs in groups.items():
        if key[0] != "central":
            continue
        strong = [_strong_term(x) for x in xs]
        if len({t for t in strong if t}) < 2:
            continue
        current = next(t for t in strong if t)
        for x, t in zip(xs, strong, strict=True):
            current = t or current
            keys[id(x)] = (*key, current)
    return keys


def resolve(ctx: Context, mentions: list[DocMention]) -> Resolved:
    """Canonical documents for the mentions of one source."""
    groups: dict[tuple[object, ...], list[DocMention]] = {}
    for x in mentions:
        if x.form in ("full", "state"):
            groups.setdefault(_group_key(ctx, x), []).append(x)
    split = _split_by_term(groups)
    if split:
        regrouped: dict[tuple[object, ...], list[DocMention]] = {}
        for key, xs in groups.items():
            for x in xs:
                regrouped.setdefault(split.get(id(x), key), []).append(x)
        groups = regrouped

    def key_of(x: DocMention) -> tuple[object, ...]:
        return split.get(id(x)) or _group_key(ctx, x)

    by_key = {k: _resolve_full(ctx, _combine(xs)) for k, xs in groups.items()}
    full_index: dict[tuple[DocKind, int], set[str]] = {}
    plenum_index: dict[tuple[DocKind, str, int], set[str]] = {}
    self_doc: str | None = None
    for k, xs in groups.items():
        doc_id, info = by_key[k]
        merged = _combine(xs)
        if merged.number is not None:
            full_index.setdefault((merged.kind, merged.number), set()).add(doc_id)
        if merged.plenum and info.get("term"):
            plenum_index.setdefault((merged.kind, str(info["term"]), merged.plenum), set()).add(doc_id)
        if merged.header and self_doc is None:
            self_doc = doc_id
    out: list[tuple[str, DocMention, dict[str, object]]] = []
    for x in mentions:
        if x.form in ("full", "state"):
            doc_id, info = by_key[key_of(x)]
        elif x.form == "short":
            doc_id, info = _resolve_short(ctx, x, full_index)
        elif x.form == "plenum":
            doc_id, info = _resolve_plenum(ctx, x, plenum_index, mentions)
        else:
            doc_id, info = ids.congress_document_id(x.term or ""), {"term": x.term, "basis": "text", "congress": x.term}
        out.append((doc_id, x, info))
    return _merge(ctx, out, self_doc)


def _resolve_full(ctx: Context, x: DocMention) -> tuple[str, dict[str, object]]:
    code, issuer, number = x.type_code or "", x.issuer_code or "", x.number or 0
    if x.system is DocSystem.STATE:
        year = x.state_year or (x.issued.year if x.issued else x.year)
        return ids.state_document_id(code, issuer, number, year), {
            "symbol": f"{code}-{issuer}", "year": year, "basis": "text"}
    iss = reference.issuer_for_code(issuer)
    if iss is not None and iss.central:
        canon = iss.canonical or iss.code
        refs = numbering.candidates(code, canon, number, x.kind)
        term, ref, basis = _series_term(code, canon, number, x, ctx, refs)
        info: dict[str, object] = {"symbol": f"{code}/{canon}", "term": term, "ref": ref, "basis": basis,
                                   "issuer_default": _issuer_name(canon)}
        if term is None:
            info["resolved"] = False
            info["candidates"] = [ids.document_id(r.type_code, r.issuer_code, r.number, term=r.term) for r in refs]
            return ids.document_id(code, canon, number), info
        return ids.document_id(code, canon, number, term=term), info
    owner = _local_owner(ctx, issuer, x)
    when = x.issued or (date(x.year, 7, 1) if x.year else None) or ctx.reference_date
    local_term = reference.local_term_at(when).label if when else None
    info = {"symbol": f"{code}/{issuer}", "basis": "text", "owner": owner, "local_term": local_term}
    if local_term is None:
        info["resolved"] = False
        info["note"] = "the local term is unknown (no date in the text)"
    if owner is None:
        info["resolved"] = False
        return ids.source_scoped_document_id(f"{code}-{issuer}", number, ctx.source.id), info
    return ids.document_id(code, issuer, number, scope=_owner_place(owner), local_term=local_term), info


def _resolve_short(ctx: Context, x: DocMention, full_index: dict[tuple[DocKind, int], set[str]]
                   ) -> tuple[str, dict[str, object]]:
    number = x.number or 0
    code, owner = _body_code(x.issuer_body)
    same = full_index.get((x.kind, number), set())
    if len(same) == 1:
        return next(iter(same)), {"basis": "text"}
    if code is None and not same:
        refs = numbering.candidates(None, "TW", number, x.kind)
        if x.plenum or x.term or x.issued or x.year or len(refs) == 1 or ctx.reference_date:
            code = "TW" if refs else None
    if code is None:
        return ids.source_scoped_document_id(x.type_code or x.kind.value, number, ctx.source.id), {
            "resolved": False, "basis": "unresolved", "note": "no issuer and no full reference in the text"}
    type_code = x.type_code or reference.default_code(x.kind) or ""
    synthetic = replace(x, type_code=type_code, issuer_code=code, form="full")
    if owner is not None and code in ("TU", "HU", "CTĐ", "BTCTU", "BTGTU", "UBKTTU", "VPTU", "BDVTU"):
        synthetic = replace(synthetic, issuer_body=owner if code in ("TU", "HU", "CTĐ") else x.issuer_body)
    if code == "TW":
        refs = numbering.candidates(None, "TW", number, x.kind)
        if refs and not any(r.type_code == type_code for r in refs):
            synthetic = replace(synthetic, type_code=refs[0].type_code)
    return _resolve_full(ctx, synthetic)


def _plenum_term(ctx: Context, x: DocMention, mentions: list[DocMention]) -> tuple[str | None, str]:
    """The term of a plenum named without one ("Nghị quyết Trung ương 4"): the term the same
    text gives that plenum elsewhere, else the subject, else the latest term whose plenum of
    that number had met by the text's date."""
    in_text = {m.term for m in mentions if m.plenum == x.plenum and m.term and m is not x}
    if len(in_text) == 1:
        return next(iter(in_text)), "text"
    refs = [r for r in reference.central_documents() if r.kind == x.kind and r.plenum == x.plenum]
    if x.subject:
        scored = sorted(((subject_match(x.subject, r.subject), r) for r in refs), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            return scored[0][1].term, "subject"
    day = ctx.reference_date
    if day is None:
        return None, "unresolved"
    met = [(term, month) for (term, n), month in reference.plenum_months().items()
           if n == x.plenum and month <= day.isoformat()[:7]]
    if not met:
        return None, "unresolved"
    return max(met, key=lambda tm: tm[1])[0], "date"


def _resolve_plenum(ctx: Context, x: DocMention, plenum_index: dict[tuple[DocKind, str, int], set[str]],
                    mentions: list[DocMention]) -> tuple[str, dict[str, object]]:
    code = x.type_code or reference.default_code(x.kind) or "NQ"
    term, basis = (x.term, "plenum") if x.term else _plenum_term(ctx, x, mentions)
    if term is None:
        return ids.source_scoped_document_id(f"{code}-tw-plenum-{x.plenum}", 0, ctx.source.id).replace("-0~", "~"), {
            "resolved": False, "basis": "unresolved", "plenum": x.plenum, "note": "plenum named without its term"}
    cands = set(plenum_index.get((x.kind, term, x.plenum or 0), set()))
    refs = {ids.document_id(r.type_code, r.issuer_code, r.number, term=r.term): r for r in reference.central_documents()
            if r.kind == x.kind and r.term == term and r.plenum == x.plenum}
    cands |= set(refs)
    if len(cands) > 1 and x.subject:  # "Nghị quyết TW6 khóa XIII về … Nhà nước pháp quyền" → 27-NQ/TW
        scored = sorted(((subject_match(x.subject, r.subject), i) for i, r in refs.items()), key=lambda p: -p[0])
        if scored and scored[0][0] >= 0.5 and (len(scored) == 1 or scored[1][0] < scored[0][0]):
            cands = {scored[0][1]}
    info: dict[str, object] = {"term": term, "plenum": x.plenum, "basis": basis}
    if len(cands) == 1:
        doc_id = next(iter(cands))
        ref = refs.get(doc_id)
        info["ref"] = ref
        if ref is not None:
            info["symbol"] = ref.symbol
        return doc_id, info
    info["resolved"] = False
    info["candidates"] = sorted(cands)
    info["note"] = f"{len(cands)} documents of this plenum" if cands else "no known document of this plenum"
    return ids.plenum_document_id(code, term, x.plenum or 0), info


_NUM_RE = re.compile(r"-(\d+)(?:-|$|~)")


def _merge(ctx: Context, out: list[tuple[str, DocMention, dict[str, object]]], self_doc: str | None) -> Resolved:
    from loaders.facts import build_document

    order: list[str] = []
    groups: dict[str, list[tuple[DocMention, dict[str, object]]]] = {}
    for doc_id, x, info in out:
        if doc_id not in groups:
            order.append(doc_id)
            groups[doc_id] = []
        groups[doc_id].append((x, info))
    documents = [build_document(ctx, doc_id, groups[doc_id]) for doc_id in order]
    warnings = [f"unresolved reference {d.id}: {d.note or 'several candidates'}" for d in documents if not d.resolved]
    return Resolved(documents, [doc_id for doc_id, _, _ in out], self_doc, warnings)


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
